import {
  CONTRACT_STATUSES,
  LIVE_CONTRACT_STATUSES,
  ROLES,
  type Cancellation,
  type ContractEvent,
  type ContractStatus,
} from '@skillhouse/domain';
import type { StoredFields } from './stored-values.ts';

/** The statuses each field may hold, as the domain's event types narrow `ContractStatus`. */
const WORKED_STATUSES = ['Started', 'Ongoing', 'Completed'] as const satisfies readonly ContractStatus[];
const CANCELED_FROM = [...LIVE_CONTRACT_STATUSES, 'Completed'] as const satisfies readonly Cancellation['from'][];
const END_STATUSES = ['Completed', 'Canceled'] as const satisfies readonly ContractStatus[];
const PROCESSOR_END_REASONS = ['outside_refund', 'chargeback'] as const;

/** A stored contract event `{ type, data }`, read back into the domain's union. */
export function parseContractEvent(stored: StoredFields): ContractEvent {
  const data = stored.record('data');
  const type = stored.text('type');
  switch (type) {
    case 'ContractCreated':
      return {
        type,
        data: {
          contractId: data.text('contractId'),
          jobId: data.text('jobId'),
          clientId: data.text('clientId'),
          freelancerId: data.text('freelancerId'),
          amountPaise: data.paise('amountPaise'),
          escrowId: data.textAddedLater('escrowId'),
          at: data.date('at'),
        },
      };
    case 'EscrowAttached':
      return { type, data: { escrowId: data.text('escrowId'), at: data.date('at') } };
    case 'StatusChanged':
      return {
        type,
        data: {
          from: data.oneOf('from', LIVE_CONTRACT_STATUSES),
          to: data.oneOf('to', WORKED_STATUSES),
          by: data.text('by'),
          at: data.date('at'),
        },
      };
    case 'ContractCanceled':
      return { type, data: parseCancellation(data) };
    case 'ReleaseRequested':
      return { type, data: { by: data.text('by'), at: data.date('at') } };
    case 'ReleaseApproved':
      return { type, data: { by: data.text('by'), escrowId: data.text('escrowId'), at: data.date('at') } };
    case 'ChangesRequested':
      return { type, data: { round: data.count('round'), by: data.text('by'), note: data.text('note'), at: data.date('at') } };
    case 'DisputeSettled':
      return { type, data: { ...parseCancellation(data), to: data.oneOf('to', END_STATUSES) } };
    case 'EndedByProcessor':
      return {
        type,
        data: {
          from: data.oneOf('from', CONTRACT_STATUSES),
          to: data.oneOf('to', END_STATUSES),
          reason: data.oneOf('reason', PROCESSOR_END_REASONS),
          at: data.date('at'),
        },
      };
    default:
      throw stored.invalid('type', 'a contract event type');
  }
}

export function parseCancellation(fields: StoredFields): Cancellation {
  return {
    by: fields.text('by'),
    byRole: fields.oneOf('byRole', ROLES),
    reason: fields.textOrNull('reason'),
    description: fields.textOrNull('description'),
    from: fields.oneOf('from', CANCELED_FROM),
    forRefund: fields.boolean('forRefund'),
    at: fields.date('at'),
  };
}
