import { describe, expect, it } from 'vitest';
import { escrowAccount, PLATFORM_ACCOUNTS } from '@skillhouse/domain';
import { createWorld, hireThroughPayment, people, releaseRequested } from '../escrow-fixtures.test-support.ts';

describe('AuditBooks', () => {
  it('finds nothing after money moved through the service, and checks every transfer and escrow', async () => {
    const world = createWorld();
    const released = await releaseRequested(world);
    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: released.contractId });
    await hireThroughPayment(world);

    const audit = await world.service.auditBooks.execute({ actor: people.admin });

    expect(audit).toEqual({ transfersChecked: 4, escrowsChecked: 2, violations: [] });
  });

  it('names a transfer its escrow’s records do not imply, and the balance it breaks', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await world.ports.ledger.record([
      {
        id: `escrow:${hire.escrowId}:stray`,
        debitAccount: escrowAccount(hire.escrowId),
        creditAccount: PLATFORM_ACCOUNTS.platformFees,
        amountPaise: 100,
        kind: 'platform_fee',
        escrowId: hire.escrowId,
        contractId: hire.contractId,
        withdrawalId: null,
        externalId: null,
        description: 'A fee nobody decided',
        at: new Date(),
      },
    ]);

    const { violations } = await world.service.auditBooks.execute({ actor: people.admin });

    expect(violations).toEqual([
      { rule: 'escrow-transfers', subject: `escrow ${hire.escrowId}`, message: `unexpected transfer escrow:${hire.escrowId}:stray` },
      { rule: 'escrow-account', subject: `escrow ${hire.escrowId}`, message: 'holds 49900 paise, should hold 50000' },
    ]);
  });

  it('is for admins only', async () => {
    const world = createWorld();
    await expect(world.service.auditBooks.execute({ actor: people.client })).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
  });
});
