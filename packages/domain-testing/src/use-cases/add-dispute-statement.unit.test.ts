import { describe, expect, it } from 'vitest';
import { DISPUTE_STATEMENTS_MAX, type Actor } from '@skillhouse/domain';
import {
  createWorld,
  decideDisputeThrough,
  delivered,
  disputedBy,
  people,
  type FundedHire,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { expectRefusedChangingNothing, itGuardsTheContract } from './refusal.test-support.ts';

function addStatement(world: World, contractId: unknown, actor: Actor, text: unknown, mediaUrls?: unknown) {
  return world.service.addDisputeStatement.execute({ actor, contractId, text, mediaUrls });
}

async function disputed(world: World): Promise<FundedHire> {
  return disputedBy(world, people.client, await delivered(world));
}

describe('AddDisputeStatement', () => {
  it('both parties add statements, with media they uploaded; the dispute keeps them in order, each with who said it', async () => {
    const world = createWorld();
    const hire = await disputed(world);

    await addStatement(world, hire.contractId, people.client, '  The logo is pixelated  ', ['https://media.example/one.png']);
    const dispute = await addStatement(world, hire.contractId, people.freelancer, 'It matches the brief', null);

    expect(dispute.status).toBe('open');
    expect(dispute.statements).toEqual([
      {
        by: people.client.userId,
        byRole: 'client',
        text: 'The logo is pixelated',
        mediaUrls: ['https://media.example/one.png'],
        at: expect.any(Date),
      },
      { by: people.freelancer.userId, byRole: 'freelancer', text: 'It matches the brief', mediaUrls: [], at: expect.any(Date) },
    ]);
    expect(dispute.statements[0]!.at.getTime()).toBeLessThan(dispute.statements[1]!.at.getTime());
    expect((await world.service.getDispute.execute({ actor: people.admin, contractId: hire.contractId }))?.statements).toEqual(
      dispute.statements,
    );
    expect(world.ports.ledger.walletEntries()).toEqual([]);
  });

  it(`takes up to ${DISPUTE_STATEMENTS_MAX} statements; one more is a 409 DISPUTE.STATEMENTS_EXHAUSTED that changes nothing`, async () => {
    const world = createWorld();
    const hire = await disputed(world);
    for (let index = 0; index < DISPUTE_STATEMENTS_MAX; index += 1) {
      await addStatement(world, hire.contractId, index % 2 === 0 ? people.client : people.freelancer, `Statement ${index}`);
    }
    await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, people.freelancer, 'One more'), {
      code: 'DISPUTE.STATEMENTS_EXHAUSTED',
      kind: 'conflict',
    });
  });

  it('takes ten media links of up to 2,048 characters, http or https', async () => {
    const world = createWorld();
    const hire = await disputed(world);
    const long = `https://media.example/${'a'.repeat(2_048 - 'https://media.example/'.length)}`;
    const urls = [long, ...Array.from({ length: 9 }, (_, index) => `http://media.example/${index}.mp4`)];
    await expect(addStatement(world, hire.contractId, people.client, 'Evidence', urls)).resolves.toMatchObject({
      statements: [{ mediaUrls: urls }],
    });
  });

  it.each<[string, string, 'text' | 'mediaUrls', unknown]>([
    ['no text', 'VALIDATION.INVALID_TEXT', 'text', undefined],
    ['blank text', 'VALIDATION.INVALID_TEXT', 'text', '   '],
    ['text that is not a string', 'VALIDATION.INVALID_TEXT', 'text', { text: 'x' }],
    ['text over 5,000 characters', 'VALIDATION.INVALID_TEXT', 'text', 'x'.repeat(5_001)],
    ['a single URL instead of a list', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', 'https://media.example/one.png'],
    [
      'eleven URLs',
      'VALIDATION.INVALID_MEDIA_URLS',
      'mediaUrls',
      Array.from({ length: 11 }, (_, index) => `https://media.example/${index}.png`),
    ],
    ['a URL that is not http(s)', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', ['javascript:alert(1)']],
    ['a file path', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', ['/etc/passwd']],
    ['a URL with spaces', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', ['https://media.example/a b.png']],
    ['a URL over 2,048 characters', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', [`https://media.example/${'a'.repeat(2_048)}`]],
    ['something that is not a string', 'VALIDATION.INVALID_MEDIA_URLS', 'mediaUrls', [42]],
  ])('refuses %s: 400 %s naming %s, nothing changed', async (_what, code, field, value) => {
    const world = createWorld();
    const hire = await disputed(world);
    const statement = { text: 'Evidence', mediaUrls: undefined, [field]: value };
    await expectRefusedChangingNothing(
      world,
      hire,
      () => addStatement(world, hire.contractId, people.client, statement.text, statement.mediaUrls),
      { code, kind: 'validation', fields: [field] },
    );
  });

  itGuardsTheContract({
    setup: disputed,
    act: (world, contractId, actor) => addStatement(world, contractId, actor, 'Evidence'),
    actor: people.client,
    malformedId: 'abc',
    outsiders: [
      ['an admin', people.admin, 'AUTH.ROLE_NOT_ALLOWED'],
      ['another client', people.otherClient, 'CONTRACT.NOT_A_PARTY'],
      ['another freelancer', people.otherFreelancer, 'CONTRACT.NOT_A_PARTY'],
    ],
  });

  it.each<[string, (world: World) => Promise<FundedHire>]>([
    ['no dispute was ever opened', delivered],
    [
      'the dispute was withdrawn',
      async (world) => {
        const hire = await disputed(world);
        await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
        return hire;
      },
    ],
    [
      'the dispute was decided',
      async (world) => {
        const hire = await disputed(world);
        await decideDisputeThrough(world.service, hire.contractId, {
          freelancerPayout: 0,
          refundPlatformFee: true,
          note: 'Nothing usable',
        });
        return hire;
      },
    ],
  ])('refuses either party once %s: 409 DISPUTE.NOT_OPEN', async (_what, setup) => {
    const world = createWorld();
    const hire = await setup(world);
    for (const actor of [people.client, people.freelancer]) {
      await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, actor, 'Late'), {
        code: 'DISPUTE.NOT_OPEN',
        kind: 'conflict',
      });
    }
  });
});
