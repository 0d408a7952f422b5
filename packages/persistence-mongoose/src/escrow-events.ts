import {
  DISPUTE_REASONS,
  DISPUTE_STATUSES,
  REFUND_STAGES,
  RESOLUTION_KINDS,
  ROLES,
  CHARGEBACK_STATUSES,
  type ChangeRequest,
  type Chargeback,
  type RefundFailure,
  type Dispute,
  type DisputeStatement,
  type EscrowEvent,
  type EscrowResolution,
  type ReviewPeriod,
  type Role,
} from '@skillhouse/domain';
import type { StoredFields } from './stored-values.ts';

const DECIDER_ROLES: readonly (Role | 'system')[] = [...ROLES, 'system'];

/** A stored escrow event `{ type, data }`, read back into the domain's union. */
export function parseEscrowEvent(stored: StoredFields): EscrowEvent {
  const data = stored.record('data');
  const type = stored.text('type');
  switch (type) {
    case 'ContractFunded':
      return { type, data: { contractId: data.text('contractId'), at: data.date('at') } };
    case 'ReviewStarted':
      return { type, data: { round: data.count('round'), endsAt: data.date('endsAt'), at: data.date('at') } };
    case 'ChangesRequested':
      return { type, data: parseChangeRequest(data) };
    case 'DisputeOpened':
      return {
        type,
        data: {
          by: data.text('by'),
          byRole: data.oneOf('byRole', ROLES),
          reason: data.oneOf('reason', DISPUTE_REASONS),
          description: data.text('description'),
          at: data.date('at'),
        },
      };
    case 'DisputeStatementAdded':
      return { type, data: parseStatement(data) };
    case 'DisputeWithdrawn':
      return { type, data: { by: data.text('by'), reviewEndsAt: data.dateOrNull('reviewEndsAt'), at: data.date('at') } };
    case 'EscrowResolved':
      return { type, data: parseResolution(data) };
    case 'ClientRefundSent':
      return { type, data: { refundId: data.text('refundId'), at: data.date('at') } };
    case 'EscrowSettled':
      return { type, data: { at: data.date('at') } };
    case 'ClientRefundFailed':
      return { type, data: parseRefundFailure(data) };
    case 'ClientRefundRefused':
      return { type, data: { reason: data.text('reason'), at: data.date('at') } };
    case 'ClientRefundRetried':
      return { type, data: { by: data.text('by'), at: data.date('at') } };
    case 'ClientRefundSettledByHand':
      return { type, data: { by: data.text('by'), note: data.text('note'), at: data.date('at') } };
    case 'OutsideRefundRecorded':
      return {
        type,
        data: { amountPaise: data.paise('amountPaise'), refundedTotalPaise: data.paise('refundedTotalPaise'), at: data.date('at') },
      };
    case 'ChargebackOpened':
      return { type, data: { disputeId: data.text('disputeId'), amountPaise: data.paise('amountPaise'), at: data.date('at') } };
    case 'ChargebackClosed':
      return {
        type,
        data: { disputeId: data.text('disputeId'), amountPaise: data.paise('amountPaise'), won: data.boolean('won'), at: data.date('at') },
      };
    default:
      throw stored.invalid('type', 'an escrow event type');
  }
}

export function parseResolution(fields: StoredFields): EscrowResolution {
  return {
    escrowId: fields.text('escrowId'),
    contractId: fields.textOrNull('contractId'),
    kind: fields.oneOf('kind', RESOLUTION_KINDS),
    stage: fields.oneOfOrNull('stage', REFUND_STAGES),
    clientRefundPaise: fields.paise('clientRefundPaise'),
    freelancerPayoutPaise: fields.paise('freelancerPayoutPaise'),
    platformFeePaise: fields.paise('platformFeePaise'),
    decidedBy: fields.text('decidedBy'),
    decidedByRole: fields.oneOf('decidedByRole', DECIDER_ROLES),
    decidedAt: fields.date('decidedAt'),
    reason: fields.textOrNull('reason'),
    reasonDescription: fields.textOrNull('reasonDescription'),
  };
}

export function parseRefundFailure(fields: StoredFields): RefundFailure {
  return {
    refundId: fields.textOrNull('refundId'),
    reason: fields.text('reason'),
    reportedAt: fields.date('reportedAt'),
    at: fields.date('at'),
  };
}

export function parseChargeback(fields: StoredFields): Chargeback {
  return {
    disputeId: fields.text('disputeId'),
    amountPaise: fields.paise('amountPaise'),
    status: fields.oneOf('status', CHARGEBACK_STATUSES),
    openedAt: fields.date('openedAt'),
    closedAt: fields.dateOrNull('closedAt'),
  };
}

export function parseReview(fields: StoredFields): ReviewPeriod {
  return { round: fields.count('round'), startedAt: fields.date('startedAt'), endsAt: fields.date('endsAt') };
}

export function parseChangeRequest(fields: StoredFields): ChangeRequest {
  return { round: fields.count('round'), by: fields.text('by'), note: fields.text('note'), at: fields.date('at') };
}

function parseStatement(fields: StoredFields): DisputeStatement {
  return {
    by: fields.text('by'),
    byRole: fields.oneOf('byRole', ROLES),
    text: fields.text('text'),
    mediaUrls: fields.texts('mediaUrls'),
    at: fields.date('at'),
  };
}

export function parseDispute(fields: StoredFields): Dispute {
  return {
    number: fields.count('number'),
    status: fields.oneOf('status', DISPUTE_STATUSES),
    openedBy: fields.text('openedBy'),
    openedByRole: fields.oneOf('openedByRole', ROLES),
    reason: fields.oneOf('reason', DISPUTE_REASONS),
    description: fields.text('description'),
    openedAt: fields.date('openedAt'),
    statements: fields.records('statements').map(parseStatement),
    closedAt: fields.dateOrNull('closedAt'),
  };
}
