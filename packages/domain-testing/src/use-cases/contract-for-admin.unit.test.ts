import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people, reportChargeback } from '../escrow-fixtures.test-support.ts';

describe('ContractForAdmin', () => {
  it('a contract the processor ended with a lost chargeback: the escrow’s chargeback, the contract Canceled, and both in the history', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await advanceWork(world, hire.contractId, 'Started');
    await reportChargeback(world, hire, 'dp_9', 'opened');

    const frozen = await world.service.contractForAdmin.execute({ actor: people.admin, contractId: hire.contractId });
    expect(frozen.details.escrow).toMatchObject({ resolution: null, chargeback: { disputeId: 'dp_9', status: 'open' } });
    expect(frozen.history.at(-1)).toMatchObject({ source: 'escrow', type: 'ChargebackOpened' });

    await reportChargeback(world, hire, 'dp_9', 'lost');
    const ended = await world.service.contractForAdmin.execute({ actor: people.admin, contractId: hire.contractId });

    expect(ended.details.contract).toMatchObject({ status: 'Canceled' });
    expect(ended.details.escrow).toMatchObject({
      chargeback: { status: 'lost', closedAt: expect.any(Date) },
      resolution: { kind: 'chargeback', clientRefundPaise: 50_000 },
    });
    expect(ended.history.map((entry) => `${entry.source} ${entry.type}`)).toEqual(
      expect.arrayContaining(['money ChargebackClosed', 'escrow EscrowResolved', 'contract EndedByProcessor']),
    );
    expect(ended.dispute).toBeNull();
  });

  it('is for admins only', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await expect(world.service.contractForAdmin.execute({ actor: people.client, contractId: hire.contractId })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
  });
});
