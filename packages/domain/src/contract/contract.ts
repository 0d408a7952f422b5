import { assert, assertNever } from '../shared/domain-error.ts';
import type { Paise } from '../money/money.ts';
import type { Role } from '../user/user.ts';

export const CONTRACT_STATUSES = ['Pending', 'Started', 'Ongoing', 'Completed', 'Canceled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const RELEASE_FUND_STATUSES = ['NotRequested', 'Requested', 'Approved'] as const;
export type ReleaseFundStatus = (typeof RELEASE_FUND_STATUSES)[number];

export const LIVE_CONTRACT_STATUSES = ['Pending', 'Started', 'Ongoing'] as const satisfies readonly ContractStatus[];
export type LiveContractStatus = (typeof LIVE_CONTRACT_STATUSES)[number];

export interface StatusHistoryEntry {
  readonly status: ContractStatus;
  readonly at: Date;
}

export interface Cancellation {
  readonly by: string;
  readonly byRole: Role;
  readonly reason: string | null;
  readonly description: string | null;
  /** How far the work went: it decides the refund split. */
  readonly from: LiveContractStatus;
  /** Canceled by a refund, which must then finish: recovery looks for this. */
  readonly forRefund: boolean;
  readonly at: Date;
}

/**
 * Each event is one entry of the contract's stream, stored under (contractId, sequence): appending
 * the next sequence is how a state change is claimed, and the stream is the status history.
 */
export type ContractEvent =
  | {
      readonly type: 'ContractCreated';
      readonly data: {
        readonly contractId: string;
        readonly jobId: string;
        readonly clientId: string;
        readonly freelancerId: string;
        readonly amountPaise: Paise;
        readonly at: Date;
      };
    }
  | { readonly type: 'EscrowAttached'; readonly data: { readonly escrowId: string; readonly at: Date } }
  | {
      readonly type: 'StatusChanged';
      readonly data: { readonly from: LiveContractStatus; readonly to: 'Started' | 'Ongoing' | 'Completed'; readonly by: string; readonly at: Date };
    }
  | { readonly type: 'ContractCanceled'; readonly data: Cancellation }
  | { readonly type: 'ReleaseRequested'; readonly data: { readonly by: string; readonly at: Date } }
  | { readonly type: 'ReleaseApproved'; readonly data: { readonly by: string; readonly escrowId: string; readonly at: Date } };

export interface Contract {
  readonly id: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: Paise;
  readonly status: ContractStatus;
  readonly statusHistory: readonly StatusHistoryEntry[];
  readonly releaseFundStatus: ReleaseFundStatus;
  readonly escrowId: string | null;
  readonly cancellation: Cancellation | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The sequence of the last event folded in: the next append expects it. */
  readonly sequence: number;
}

export function isTerminal(status: ContractStatus): boolean {
  return status === 'Completed' || status === 'Canceled';
}

/**
 * A live contract, made by create-contract, still waiting for the payment of exactly its parties and
 * amount: the one contract a payment for its job may fund instead of creating another.
 */
export function awaitsPayment(
  contract: Contract,
  payment: { readonly clientId: string; readonly freelancerId: string; readonly amountPaise: Paise },
): boolean {
  return (
    contract.status !== 'Canceled' &&
    contract.escrowId === null &&
    contract.clientId === payment.clientId &&
    contract.freelancerId === payment.freelancerId &&
    contract.amountPaise === payment.amountPaise
  );
}

export function evolveContract(state: Contract | null, event: ContractEvent): Contract {
  if (event.type === 'ContractCreated') {
    assert(state === null, 'a contract is created once');
    const { contractId, jobId, clientId, freelancerId, amountPaise, at } = event.data;
    return {
      id: contractId, jobId, clientId, freelancerId, amountPaise,
      status: 'Pending', statusHistory: [{ status: 'Pending', at }], releaseFundStatus: 'NotRequested',
      escrowId: null, cancellation: null, createdAt: at, updatedAt: at, sequence: 1,
    };
  }
  assert(state !== null, `${event.type} needs a created contract`);
  const next = { ...state, updatedAt: event.data.at, sequence: state.sequence + 1 };
  switch (event.type) {
    case 'EscrowAttached':
      assert(state.escrowId === null, 'a contract holds one escrow');
      return { ...next, escrowId: event.data.escrowId };
    case 'StatusChanged':
      assert(state.status === event.data.from, 'a status change starts from the current status');
      return { ...next, status: event.data.to, statusHistory: [...state.statusHistory, { status: event.data.to, at: event.data.at }] };
    case 'ContractCanceled':
      assert(state.status === event.data.from, 'a cancellation starts from the current status');
      return {
        ...next, status: 'Canceled', cancellation: event.data,
        statusHistory: [...state.statusHistory, { status: 'Canceled', at: event.data.at }],
      };
    case 'ReleaseRequested':
      assert(state.releaseFundStatus === 'NotRequested', 'release is requested once');
      return { ...next, releaseFundStatus: 'Requested' };
    case 'ReleaseApproved':
      assert(state.releaseFundStatus === 'Requested', 'release is approved once, after the request');
      return { ...next, releaseFundStatus: 'Approved' };
    default:
      return assertNever(event, 'contract event');
  }
}

export function foldContract(events: readonly ContractEvent[]): Contract | null {
  return events.reduce<Contract | null>(evolveContract, null);
}
