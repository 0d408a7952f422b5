import { describe, expect, it } from 'vitest';
import { advanceWork, createWorld, hireThroughPayment, people } from '@skillhouse/domain-testing';
import { queuePageDocument, queuePageSchema } from './admin-documents.ts';

describe('the queue entry document', () => {
  it('carries what a row of failed refunds or chargebacks shows, as its schema says', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await advanceWork(world, hire.contractId, 'Started');
    await world.service.refundEscrow.execute({ actor: people.admin, contractId: hire.contractId, clientId: people.client.userId });
    const refundId = world.ports.payments.refunds()[0]!.refundId;
    const fail = () =>
      world.service.recordProcessorReport.execute({
        kind: 'refundFailed',
        refundId,
        escrowId: hire.escrowId,
        paymentIntentId: null,
        reason: 'lost_or_stolen_card',
        reportedAt: new Date(),
      });
    await fail();
    await world.service.retryClientRefund.execute({ actor: people.admin, contractId: hire.contractId });
    await fail();
    await world.service.recordProcessorReport.execute({
      kind: 'chargebackOpened',
      paymentIntentId: `pi_${hire.checkoutSessionId}`,
      disputeId: 'dp_1',
      amountPaise: 50_000,
    });

    const page = await world.service.listAdminQueue.execute({ actor: people.admin, queue: 'failed-refunds' });
    const document = queuePageDocument(page);

    expect(queuePageSchema.parse(document)).toEqual(document);
    expect(document.data[0]).toMatchObject({
      contractId: hire.contractId,
      refundFailure: { refundId, reason: 'lost_or_stolen_card', failedAt: expect.any(String), retries: 1 },
      chargeback: { disputeId: 'dp_1', status: 'open', amount: 500, openedAt: expect.any(String), closedAt: null },
    });
  });

  it('has neither for an escrow the processor did nothing with', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    await advanceWork(world, hire.contractId, 'Started');
    await world.service.cancelContract.execute({ actor: people.client, contractId: hire.contractId });

    const document = queuePageDocument(await world.service.listAdminQueue.execute({ actor: people.admin, queue: 'refunds-due' }));

    expect(queuePageSchema.parse(document)).toEqual(document);
    expect(document.data[0]).toMatchObject({ refundFailure: null, chargeback: null });
  });
});
