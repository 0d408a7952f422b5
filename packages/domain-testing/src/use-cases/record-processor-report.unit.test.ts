import { describe, expect, it } from 'vitest';
import { PaymentGatewayError } from '@skillhouse/domain';
import { createWorld, hireThroughPayment, people } from '../escrow-fixtures.test-support.ts';

describe('RecordProcessorReport', () => {
  it('finishes a retried refund a crash left unsent before weighing a refunded total: our own refund is not an outside one', async () => {
    const world = createWorld();
    const hire = await hireThroughPayment(world);
    const refunded = await world.service.refundEscrow.execute({
      actor: people.admin,
      contractId: hire.contractId,
      clientId: people.client.userId,
    });
    const failed = world.ports.payments.failStandingRefund(refunded.clientRefundId!);
    expect(failed).not.toBeNull();
    const report = { escrowId: refunded.id, paymentIntentId: refunded.paymentIntentId, reportedAt: new Date() };
    await world.service.recordProcessorReport.execute({
      kind: 'refundFailed',
      refundId: refunded.clientRefundId!,
      reason: 'lost_card',
      ...report,
    });
    // The retry is claimed, then the processor is unreachable: the new refund is not sent yet.
    world.ports.payments.failNext();
    await expect(world.service.retryClientRefund.execute({ actor: people.admin, contractId: hire.contractId })).rejects.toBeInstanceOf(
      PaymentGatewayError,
    );

    // Stripe's total counts the retried refund (made after all, or made now): it is ours.
    const share = refunded.resolution!.clientRefundPaise;
    const result = await world.service.recordProcessorReport.execute({ kind: 'paymentRefunded', refundedTotalPaise: share, ...report });

    expect(result?.escrow).toMatchObject({ outsideRefundedPaise: 0, clientRefundsSent: 2, refundFailure: null });
    expect(world.ports.payments.refunds().filter((refund) => refund.escrowId === refunded.id)).toHaveLength(1);
  });

  it('acknowledges a report about a payment it does not know with nothing', async () => {
    const world = createWorld();
    await expect(
      world.service.recordProcessorReport.execute({
        kind: 'paymentRefunded',
        paymentIntentId: 'pi_unknown',
        refundedTotalPaise: 100,
        reportedAt: new Date(),
      }),
    ).resolves.toBeNull();
  });
});
