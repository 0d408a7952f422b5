import {
  fundingOf,
  isChargebackOpen,
  isDisputeOpen,
  NOTHING_FROM_PROCESSOR,
  viewOfEscrow,
  type Escrow,
  type EscrowProcessorState,
  type EscrowView,
  type ViewedEscrowState,
} from '@skillhouse/domain';
import { parseChangeRequest, parseChargeback, parseDispute, parseRefundFailure, parseResolution, parseReview } from './escrow-events.ts';
import type { EscrowDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';

type ViewFields = Omit<EscrowDocument, keyof Escrow | '_id'>;

/** The document an escrow is claimed with: its funding and the view of its empty stream. */
export function documentFromEscrow(escrow: Escrow, view: ViewFields): EscrowDocument {
  const { id, ...funding } = escrow;
  return { _id: id, ...funding, ...view };
}

/** Everything `project` writes: the view of `state` and the list fields derived from it. */
export function viewFieldsOf(state: ViewedEscrowState): ViewFields {
  const view = viewOfEscrow(state);
  const { review, dispute, resolution } = view;
  return {
    sequence: view.sequence,
    contractId: view.contractId,
    review: review === null ? null : { ...review },
    reviewRounds: view.reviewRounds,
    changeRequests: view.changeRequests.map((request) => ({ ...request })),
    dispute:
      dispute === null
        ? null
        : { ...dispute, statements: dispute.statements.map((statement) => ({ ...statement, mediaUrls: [...statement.mediaUrls] })) },
    resolution: resolution === null ? null : { ...resolution },
    clientRefundId: view.clientRefundId,
    processor: processorFieldsOf(view),
    settledAt: view.settledAt,
    updatedAt: view.updatedAt,
    status: view.status,
    reviewDueAt: resolution === null && review !== null && !isDisputeOpen(state) && !isChargebackOpen(state) ? review.endsAt : null,
    disputeStatus: dispute?.status ?? null,
    disputeOpenedAt: dispute?.openedAt ?? null,
    refundFailedAt: view.refundFailure?.at ?? null,
    chargebackOpenedAt: isChargebackOpen(state) ? (view.chargeback?.openedAt ?? null) : null,
  };
}

/** The processor's part of the view, kept in one field: null while nothing happened, as on almost every escrow. */
function processorFieldsOf(view: EscrowView): Record<string, unknown> | null {
  const nothing =
    view.clientRefundsSent === 0 && view.refundFailures.length === 0 && view.outsideRefundReports.length === 0 && view.chargeback === null;
  if (nothing) return null;
  return {
    clientRefundsSent: view.clientRefundsSent,
    refundFailures: view.refundFailures.map((failure) => ({ ...failure })),
    refundFailure: view.refundFailure === null ? null : { ...view.refundFailure },
    refundRetries: view.refundRetries.map((retry) => ({ ...retry })),
    refundSettledByHand: view.refundSettledByHand === null ? null : { ...view.refundSettledByHand },
    outsideRefundedPaise: view.outsideRefundedPaise,
    outsideRefundReports: view.outsideRefundReports.map((report) => ({ ...report })),
    chargeback: view.chargeback === null ? null : { ...view.chargeback },
  };
}

/**
 * The processor's part of a stored view. A view written before this part existed has none: its
 * refund, if any, was the one sent, and nothing else happened.
 */
function parseProcessorFields(fields: StoredFields): EscrowProcessorState {
  const processor = fields.recordAddedLater('processor');
  if (processor === null) return { ...NOTHING_FROM_PROCESSOR, clientRefundsSent: fields.isNull('clientRefundId') ? 0 : 1 };
  const failure = processor.recordOrNull('refundFailure');
  const settlement = processor.recordOrNull('refundSettledByHand');
  const chargeback = processor.recordOrNull('chargeback');
  return {
    clientRefundsSent: processor.count('clientRefundsSent'),
    refundFailures: processor.records('refundFailures').map(parseRefundFailure),
    refundFailure: failure === null ? null : parseRefundFailure(failure),
    refundRetries: processor.records('refundRetries').map((retry) => ({ by: retry.text('by'), at: retry.date('at') })),
    refundSettledByHand:
      settlement === null ? null : { by: settlement.text('by'), note: settlement.text('note'), at: settlement.date('at') },
    outsideRefundedPaise: processor.paise('outsideRefundedPaise'),
    outsideRefundReports: processor.records('outsideRefundReports').map((report) => ({
      amountPaise: report.paise('amountPaise'),
      refundedTotalPaise: report.paise('refundedTotalPaise'),
      at: report.date('at'),
    })),
    chargeback: chargeback === null ? null : parseChargeback(chargeback),
  };
}

/** The state a view shows: its funding and its progress (the status is derived, not kept). */
function stateOfView(view: EscrowView): ViewedEscrowState {
  const { status: _status, ...progress } = view;
  return { ...progress, escrow: fundingOf(view) };
}

/** The funding fields of a stored escrow, new shape or old: they have not changed. */
export function escrowFromDocument(document: unknown): Escrow {
  return escrowFrom(StoredFields.ofDocument(document, 'escrows'));
}

function escrowFrom(fields: StoredFields): Escrow {
  return {
    id: fields.text('_id'),
    checkoutSessionId: fields.text('checkoutSessionId'),
    paymentIntentId: fields.text('paymentIntentId'),
    jobId: fields.text('jobId'),
    clientId: fields.text('clientId'),
    freelancerId: fields.text('freelancerId'),
    amountPaise: fields.paise('amountPaise'),
    platformFeePaise: fields.paise('platformFeePaise'),
    freelancerEarningPaise: fields.paise('freelancerEarningPaise'),
    proposedContractId: fields.text('proposedContractId'),
    fundedAt: fields.date('fundedAt'),
  };
}

/** The stored view, parsed; its status is derived again from the state rather than trusted. */
export function viewFromDocument(document: unknown): EscrowView {
  return viewFrom(StoredFields.ofDocument(document, 'escrows'));
}

/**
 * What a contract's projection keeps of the escrow funding it: the escrow's document, funding and
 * view, as `escrows` holds it (the list fields included), so it is read back as that document is.
 */
export function escrowSummaryOf(view: EscrowView): EscrowDocument {
  const { escrow, ...state } = stateOfView(view);
  return documentFromEscrow(escrow, viewFieldsOf({ escrow, ...state }));
}

export function viewFrom(fields: StoredFields): EscrowView {
  const review = fields.recordOrNull('review');
  const dispute = fields.recordOrNull('dispute');
  const resolution = fields.recordOrNull('resolution');
  return viewOfEscrow({
    escrow: escrowFrom(fields),
    contractId: fields.textOrNull('contractId'),
    sequence: fields.count('sequence'),
    review: review === null ? null : parseReview(review),
    reviewRounds: fields.count('reviewRounds'),
    changeRequests: fields.records('changeRequests').map(parseChangeRequest),
    dispute: dispute === null ? null : parseDispute(dispute),
    resolution: resolution === null ? null : parseResolution(resolution),
    clientRefundId: fields.textOrNull('clientRefundId'),
    ...parseProcessorFields(fields),
    settledAt: fields.dateOrNull('settledAt'),
    updatedAt: fields.date('updatedAt'),
  });
}
