import { describe, expect, it } from 'vitest';
import { ConflictError, createMarketplace, freelancerPayoutTransferId, stripeKeyForClientRefund, type Actor } from '@skillhouse/domain';
import {
  advanceWork,
  createWorld,
  decideDisputeThrough,
  disputedBy,
  hireThroughPayment,
  people,
  releaseRequested,
  spyOnRefunds,
  unfundedContract,
  workedUpTo,
  type WorkStatus,
  type World,
} from '../escrow-fixtures.test-support.ts';
import { interceptPorts } from '../port-interception.test-support.ts';

function refund(world: World, contractId: string, actor: Actor = people.client, clientId = people.client.userId) {
  return world.service.refundEscrow.execute({
    actor,
    contractId,
    clientId,
    cancelReason: 'not delivered',
    cancelReasonDescription: 'Nothing arrived',
  });
}

/** Work canceled at Ongoing by one party, then refunded by `refundedBy`: the split depends on who stopped it. */
async function canceledAtOngoingThenRefunded(canceledBy: Actor, refundedBy: Actor) {
  const world = createWorld();
  const hire = await workedUpTo('Ongoing')(world);
  await world.service.cancelContract.execute({ actor: canceledBy, contractId: hire.contractId });
  return { world, refunded: await refund(world, hire.contractId, refundedBy) };
}

describe('RefundEscrow', () => {
  it.each<[string, WorkStatus | 'Pending', number, number]>([
    ['Pending', 'Pending', 45_000, 0],
    ['Started', 'Started', 38_250, 6_750],
    ['Ongoing', 'Ongoing', 27_000, 18_000],
  ])('refunds %s work by the stage split, cancels it and reopens the job', async (_stage, status, clientRefund, freelancerPayout) => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    if (status !== 'Pending') await advanceWork(world, hire.contractId, status);
    const requests = spyOnRefunds(world);

    const refunded = await refund(world, hire.contractId);

    expect(refunded).toMatchObject({
      status: 'refunded',
      resolution: {
        kind: 'refund',
        stage: status,
        clientRefundPaise: clientRefund,
        freelancerPayoutPaise: freelancerPayout,
        platformFeePaise: 5_000,
        reason: 'not delivered',
      },
    });
    expect(requests).toEqual([
      {
        paymentIntentId: `pi_${hire.checkoutSessionId}`,
        amountPaise: clientRefund,
        idempotencyKey: stripeKeyForClientRefund(hire.escrowId),
        escrowId: hire.escrowId,
      },
    ]);
    expect(world.ports.ledger.walletEntries()).toEqual(
      freelancerPayout === 0
        ? []
        : [
            expect.objectContaining({
              ownerId: people.freelancer.userId,
              amountPaise: freelancerPayout,
              transferId: freelancerPayoutTransferId(hire.escrowId, 'refund'),
            }),
          ],
    );
    const { contract } = await world.service.contracts.view({ contractId: hire.contractId });
    expect(contract).toMatchObject({
      status: 'Canceled',
      cancellation: { from: status, forRefund: true, by: people.client.userId, reason: 'not delivered' },
    });
    expect((await world.service.getJob.execute({ jobId: hire.job.id })).status).toBe('Open');
  });

  it('an admin may refund for the client; the split follows the status the work was canceled from and who canceled it', async () => {
    const { refunded } = await canceledAtOngoingThenRefunded(people.client, people.admin);
    expect(refunded.resolution).toMatchObject({
      stage: 'Ongoing',
      clientRefundPaise: 27_000,
      freelancerPayoutPaise: 18_000,
      decidedBy: people.admin.userId,
    });
  });

  it('a freelancer who walked away at Ongoing gets nothing when the client refunds', async () => {
    const { world, refunded } = await canceledAtOngoingThenRefunded(people.freelancer, people.client);
    expect(refunded.resolution).toMatchObject({
      stage: 'Ongoing',
      clientRefundPaise: 45_000,
      freelancerPayoutPaise: 0,
      platformFeePaise: 5_000,
    });
    expect(await world.ports.ledger.walletBalanceOf(people.freelancer.userId)).toBe(0);
  });

  it('refuses Completed work: it is released instead', async () => {
    const world = createWorld();
    const hire = await releaseRequested(world);
    await expect(refund(world, hire.contractId)).rejects.toThrow(ConflictError);
    await expect(refund(world, hire.contractId, people.admin)).rejects.toMatchObject({ code: 'ESCROW.REFUND_REFUSED' });
    expect(world.ports.payments.refunds()).toEqual([]);
  });

  // Goal: a refund decides nothing on the escrow it read when a dispute decision resolved it since:
  // it reads the stream again and answers what the decision did, once.
  it('answers the dispute decision that resolved the escrow after its checks passed', async () => {
    const world = createWorld();
    const hire = await workedUpTo('Ongoing')(world);
    let raced = false;
    const racing = createMarketplace(
      interceptPorts(world.ports, async (port, method, call) => {
        if (port === 'operations' && method === 'open' && !raced) {
          raced = true;
          await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId: hire.contractId, status: 'Completed' });
          await disputedBy(world, people.client, hire);
          await decideDisputeThrough(world.service, hire.contractId, { freelancerPayout: 135, note: 'Partly delivered' });
        }
        return call();
      }),
    );

    const refunded = await racing.refundEscrow.execute({
      actor: people.client,
      contractId: hire.contractId,
      clientId: people.client.userId,
    });

    expect(raced).toBe(true);
    expect(refunded).toMatchObject({
      status: 'refunded',
      resolution: { kind: 'dispute', freelancerPayoutPaise: 13_500, clientRefundPaise: 31_500 },
    });
    expect(world.ports.payments.refunds()).toEqual([expect.objectContaining({ amountPaise: 31_500 })]);
  });

  it('a second refund is a 409 ESCROW.ALREADY_RESOLVED and refunds nothing more', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await refund(world, hire.contractId);
    await expect(refund(world, hire.contractId)).rejects.toMatchObject({ code: 'ESCROW.ALREADY_RESOLVED' });
    await expect(refund(world, hire.contractId, people.admin)).rejects.toMatchObject({ code: 'ESCROW.ALREADY_RESOLVED' });
    expect(world.ports.payments.refunds()).toHaveLength(1);
  });

  it('refuses the freelancer, another client, and a client naming someone else', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await expect(refund(world, hire.contractId, people.freelancer, people.client.userId)).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(refund(world, hire.contractId, people.otherClient, people.client.userId)).rejects.toMatchObject({
      code: 'AUTH.NOT_YOURS',
    });
    await expect(refund(world, hire.contractId, people.otherClient, people.otherClient.userId)).rejects.toMatchObject({
      code: 'CONTRACT.NOT_A_PARTY',
    });
    await expect(refund(world, hire.contractId, people.admin, people.otherClient.userId)).rejects.toMatchObject({
      code: 'CONTRACT.NOT_A_PARTY',
    });
    expect(await world.ports.escrows.view(hire.escrowId)).toMatchObject({ status: 'funded', resolution: null });
    expect((await world.service.contracts.view({ contractId: hire.contractId })).contract.status).toBe('Pending');
  });

  it('refuses a contract that no payment funds', async () => {
    const world = createWorld();
    const { contract } = await unfundedContract(world);
    await expect(refund(world, contract.id)).rejects.toMatchObject({ code: 'ESCROW.REFUND_REFUSED' });
    expect((await world.service.contracts.view({ contractId: contract.id })).contract.status).toBe('Pending');
  });
});
