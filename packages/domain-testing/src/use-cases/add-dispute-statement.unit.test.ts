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

  it.each<[string, unknown]>([
    ['no text', undefined],
    ['blank text', '   '],
    ['text that is not a string', { text: 'x' }],
    ['text over 5,000 characters', 'x'.repeat(5_001)],
  ])('refuses %s: 400 VALIDATION.INVALID_TEXT naming text, nothing changed', async (_what, text) => {
    const world = createWorld();
    const hire = await disputed(world);
    await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, people.client, text), {
      code: 'VALIDATION.INVALID_TEXT',
      kind: 'validation',
      fields: ['text'],
    });
  });

  it.each<[string, unknown]>([
    ['a single URL instead of a list', 'https://media.example/one.png'],
    ['eleven URLs', Array.from({ length: 11 }, (_, index) => `https://media.example/${index}.png`)],
    ['a URL that is not http(s)', ['javascript:alert(1)']],
    ['a file path', ['/etc/passwd']],
    ['a URL with spaces', ['https://media.example/a b.png']],
    ['a URL over 2,048 characters', [`https://media.example/${'a'.repeat(2_048)}`]],
    ['something that is not a string', [42]],
  ])('refuses %s: 400 VALIDATION.INVALID_MEDIA_URLS naming mediaUrls, nothing changed', async (_what, mediaUrls) => {
    const world = createWorld();
    const hire = await disputed(world);
    await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, people.client, 'Evidence', mediaUrls), {
      code: 'VALIDATION.INVALID_MEDIA_URLS',
      kind: 'validation',
      fields: ['mediaUrls'],
    });
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

  it('refuses when no dispute was ever opened: 409 DISPUTE.NOT_OPEN', async () => {
    const world = createWorld();
    const hire = await delivered(world);
    await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, people.client, 'Evidence'), {
      code: 'DISPUTE.NOT_OPEN',
      kind: 'conflict',
    });
  });

  it('refuses once the dispute was withdrawn: 409 DISPUTE.NOT_OPEN', async () => {
    const world = createWorld();
    const hire = await disputed(world);
    await world.service.withdrawDispute.execute({ actor: people.client, contractId: hire.contractId });
    for (const actor of [people.client, people.freelancer]) {
      await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, actor, 'Late'), {
        code: 'DISPUTE.NOT_OPEN',
        kind: 'conflict',
      });
    }
  });

  it('refuses once the dispute was decided: 409 DISPUTE.NOT_OPEN', async () => {
    const world = createWorld();
    const hire = await disputed(world);
    await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 0, refundPlatformFee: true, note: 'Nothing usable' });
    await expectRefusedChangingNothing(world, hire, () => addStatement(world, hire.contractId, people.freelancer, 'Unfair'), {
      code: 'DISPUTE.NOT_OPEN',
      kind: 'conflict',
    });
  });
});
