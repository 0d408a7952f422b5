import { CONTRACT_STATUSES, ROLES, type Cancellation, type ContractEvent, type ContractStatus, type LiveContractStatus } from '@skillhouse/domain';
import type { StoredFields } from './stored-fields.ts';

/** A stored contract event `{ type, data }`, read back into the domain's union. */
export function parseContractEvent(stored: StoredFields): ContractEvent {
  const data = stored.record('data');
  const type = stored.text('type');
  switch (type) {
    case 'ContractCreated':
      return {
        type,
        data: {
          contractId: data.text('contractId'), jobId: data.text('jobId'), clientId: data.text('clientId'),
          freelancerId: data.text('freelancerId'), amountPaise: data.paise('amountPaise'), at: data.date('at'),
        },
      };
    case 'EscrowAttached':
      return { type, data: { escrowId: data.text('escrowId'), at: data.date('at') } };
    case 'StatusChanged':
      return { type, data: { from: liveStatus(data, 'from'), to: workedStatus(data, 'to'), by: data.text('by'), at: data.date('at') } };
    case 'ContractCanceled':
      return { type, data: parseCancellation(data) };
    case 'ReleaseRequested':
      return { type, data: { by: data.text('by'), at: data.date('at') } };
    case 'ReleaseApproved':
      return { type, data: { by: data.text('by'), escrowId: data.text('escrowId'), at: data.date('at') } };
    case 'ChangesRequested':
      return { type, data: { round: data.count('round'), by: data.text('by'), note: data.text('note'), at: data.date('at') } };
    case 'DisputeSettled':
      return { type, data: { ...parseCancellation(data), to: endStatus(data, 'to') } };
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
    from: canceledFrom(fields, 'from'),
    forRefund: fields.boolean('forRefund'),
    at: fields.date('at'),
  };
}

export function contractStatus(fields: StoredFields, name: string): ContractStatus {
  return fields.oneOf(name, CONTRACT_STATUSES);
}

/** A status the work can still move from: what a refund's stage is too. */
export function liveStatus(fields: StoredFields, name: string): LiveContractStatus {
  const status = contractStatus(fields, name);
  if (status === 'Completed' || status === 'Canceled') throw fields.invalid(name, 'Pending, Started or Ongoing');
  return status;
}

function workedStatus(fields: StoredFields, name: string): Exclude<ContractStatus, 'Pending' | 'Canceled'> {
  const status = contractStatus(fields, name);
  if (status === 'Pending' || status === 'Canceled') throw fields.invalid(name, 'Started, Ongoing or Completed');
  return status;
}

function canceledFrom(fields: StoredFields, name: string): Cancellation['from'] {
  const status = contractStatus(fields, name);
  if (status === 'Canceled') throw fields.invalid(name, 'a status a contract is canceled from');
  return status;
}

function endStatus(fields: StoredFields, name: string): 'Completed' | 'Canceled' {
  const status = contractStatus(fields, name);
  if (status !== 'Completed' && status !== 'Canceled') throw fields.invalid(name, 'Completed or Canceled');
  return status;
}
