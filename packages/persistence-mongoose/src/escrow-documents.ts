import { fundingOf, isDisputeOpen, viewOfEscrow, type Escrow, type EscrowState, type EscrowView } from '@skillhouse/domain';
import { parseChangeRequest, parseDispute, parseResolution, parseReview } from './escrow-events.ts';
import type { EscrowDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';

type ViewFields = Omit<EscrowDocument, keyof Escrow | '_id'>;

/** The document an escrow is claimed with: its funding and the view of its empty stream. */
export function documentFromEscrow(escrow: Escrow, view: ViewFields): EscrowDocument {
  const { id, ...funding } = escrow;
  return { _id: id, ...funding, ...view };
}

/** Everything `project` writes: the view of `state` and the list fields derived from it. */
export function viewFieldsOf(state: EscrowState): ViewFields {
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
    settledAt: view.settledAt,
    updatedAt: view.updatedAt,
    status: view.status,
    reviewDueAt: resolution === null && review !== null && !isDisputeOpen(state) ? review.endsAt : null,
    disputeStatus: dispute?.status ?? null,
    disputeOpenedAt: dispute?.openedAt ?? null,
  };
}

/** The state a view shows: its funding and its progress (the status is derived, not kept). */
function stateOfView(view: EscrowView): EscrowState {
  const { contractId, sequence, review, reviewRounds, changeRequests, dispute, resolution, clientRefundId, settledAt, updatedAt } = view;
  return {
    escrow: fundingOf(view),
    contractId,
    sequence,
    review,
    reviewRounds,
    changeRequests,
    dispute,
    resolution,
    clientRefundId,
    settledAt,
    updatedAt,
  };
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
    settledAt: fields.dateOrNull('settledAt'),
    updatedAt: fields.date('updatedAt'),
  });
}
