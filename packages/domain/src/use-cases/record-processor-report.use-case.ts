import type { EscrowCommand } from '../escrow/escrow.decide.ts';
import { viewOfEscrow, type Escrow, type EscrowView } from '../escrow/escrow.ts';
import type { Paise } from '../money/money.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * What the payment processor reports it did with a payment on its own. Each names the payment (its
 * payment intent); a refund of ours also names its escrow (the refund's metadata).
 */
export type ProcessorReport =
  | {
      /** A client refund failed or was canceled (`refund.failed`, `refund.updated`): the money is back at the processor. */
      readonly kind: 'refundFailed';
      readonly refundId: string;
      readonly escrowId: string | null;
      readonly paymentIntentId: string | null;
      readonly reason: string;
      /** When the processor made the report (its event's time). */
      readonly reportedAt: Date;
    }
  | {
      /** The payment's refunds, in all (`charge.refunded`): more than this service's own is a refund made outside it. */
      readonly kind: 'paymentRefunded';
      readonly paymentIntentId: string;
      readonly refundedTotalPaise: Paise;
      /** When the processor made the report (its event's time): the total counts the refunds standing then. */
      readonly reportedAt: Date;
    }
  | { readonly kind: 'chargebackOpened'; readonly paymentIntentId: string; readonly disputeId: string; readonly amountPaise: Paise }
  | {
      readonly kind: 'chargebackClosed';
      readonly paymentIntentId: string;
      readonly disputeId: string;
      readonly amountPaise: Paise;
      readonly won: boolean;
    };

export interface ProcessorReportResult {
  readonly escrow: EscrowView;
  /** False when the report was already recorded, or changes nothing (a failure of a refund no longer standing). */
  readonly recorded: boolean;
}

/**
 * Records a report of the processor's own against the escrow of its payment, once however often and
 * in whatever order it comes, and does what follows (docs/ledger.md, "Money the processor moves on
 * its own"). Null when the payment or refund is not one of this service's: the caller acknowledges
 * and logs it.
 */
export class RecordProcessorReport {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'escrows' | 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(report: ProcessorReport): Promise<ProcessorReportResult | null> {
    const escrow = await this.escrowOf(report);
    if (escrow === null) return null;
    const at = this.ports.clock.now();
    const { state, recorded } = await this.flow.journaled({ type: 'escrow', id: escrow.id }, () =>
      this.flow.decideThenFollow(escrow, () => commandOf(report, at), report.kind === 'paymentRefunded'),
    );
    return { escrow: viewOfEscrow(state), recorded };
  }

  private async escrowOf(report: ProcessorReport): Promise<Escrow | null> {
    if (report.kind === 'refundFailed' && report.escrowId !== null) {
      const escrow = await this.ports.escrows.findById(report.escrowId);
      if (escrow !== null) return escrow;
    }
    return report.paymentIntentId === null ? null : this.ports.escrows.findByPaymentIntent(report.paymentIntentId);
  }
}

function commandOf(report: ProcessorReport, at: Date): EscrowCommand {
  switch (report.kind) {
    case 'refundFailed':
      return { type: 'RecordRefundFailure', refundId: report.refundId, reason: report.reason, reportedAt: report.reportedAt, at };
    case 'paymentRefunded':
      return { type: 'RecordOutsideRefund', refundedTotalPaise: report.refundedTotalPaise, reportedAt: report.reportedAt, at };
    case 'chargebackOpened':
      return { type: 'OpenChargeback', disputeId: report.disputeId, amountPaise: report.amountPaise, at };
    case 'chargebackClosed':
      return { type: 'CloseChargeback', disputeId: report.disputeId, amountPaise: report.amountPaise, won: report.won, at };
  }
}
