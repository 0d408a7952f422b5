import { assert, assertNever } from '../shared/domain-error.ts';
import type { Paise } from '../money/money.ts';
import { SYSTEM_ACTOR_ID, type Role } from '../user/user.ts';

export const CONTRACT_STATUSES = ['Pending', 'Started', 'Ongoing', 'Completed', 'Canceled'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export const RELEASE_FUND_STATUSES = ['NotRequested', 'Requested', 'Approved'] as const;
export type ReleaseFundStatus = (typeof RELEASE_FUND_STATUSES)[number];

export const LIVE_CONTRACT_STATUSES = ['Pending', 'Started', 'Ongoing'] as const satisfies readonly ContractStatus[];
export type LiveContractStatus = (typeof LIVE_CONTRACT_STATUSES)[number];

export interface StatusHistoryEntry {
  readonly status: ContractStatus;
  readonly at: Date;
  /**
   * Who made the change: a user's id, or `system` (the service, on the processor's report). The
   * client for Pending (their hire made the contract). Null in projections written before it was kept,
   * until their repair rewrites them from the stream.
   */
  readonly by: string | null;
}

export interface Cancellation {
  readonly by: string;
  readonly byRole: Role;
  readonly reason: string | null;
  readonly description: string | null;
  /** How far the work went: it decides the refund split (Completed only when a dispute decision ends the contract). */
  readonly from: LiveContractStatus | 'Completed';
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
        /** The escrow of the payment that hired: a contract created by its payment is funded from its first event. */
        readonly escrowId: string | null;
        readonly at: Date;
      };
    }
  | { readonly type: 'EscrowAttached'; readonly data: { readonly escrowId: string; readonly at: Date } }
  | {
      readonly type: 'StatusChanged';
      readonly data: {
        readonly from: LiveContractStatus;
        readonly to: 'Started' | 'Ongoing' | 'Completed';
        readonly by: string;
        readonly at: Date;
      };
    }
  | { readonly type: 'ContractCanceled'; readonly data: Cancellation }
  | { readonly type: 'ReleaseRequested'; readonly data: { readonly by: string; readonly at: Date } }
  /** The escrow was released: by an admin after the client's request, or by the lapse of the review period. */
  | { readonly type: 'ReleaseApproved'; readonly data: { readonly by: string; readonly escrowId: string; readonly at: Date } }
  /** The client sent a delivery back during its review (the escrow claimed the request first): Completed → Ongoing. */
  | {
      readonly type: 'ChangesRequested';
      readonly data: { readonly round: number; readonly by: string; readonly note: string; readonly at: Date };
    }
  /** An admin's dispute decision ends the contract: Completed if the freelancer got their whole earning, else Canceled. */
  | { readonly type: 'DisputeSettled'; readonly data: Cancellation & { readonly to: 'Completed' | 'Canceled' } }
  /** The processor gave the payment back on its own (an outside refund, a lost chargeback): the contract ends as a dispute decision would end it. */
  | {
      readonly type: 'EndedByProcessor';
      readonly data: {
        readonly from: ContractStatus;
        readonly to: 'Completed' | 'Canceled';
        readonly reason: 'outside_refund' | 'chargeback';
        readonly at: Date;
      };
    };

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
  /** How often the freelancer delivered (moved the work to Completed): each delivery opens a review round. */
  readonly deliveries: number;
  /** The latest delivery, which starts the client's review period. */
  readonly deliveredAt: Date | null;
  readonly changeRequests: number;
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
    const { contractId, jobId, clientId, freelancerId, amountPaise, escrowId, at } = event.data;
    return {
      id: contractId,
      jobId,
      clientId,
      freelancerId,
      amountPaise,
      status: 'Pending',
      statusHistory: [{ status: 'Pending', at, by: clientId }],
      releaseFundStatus: 'NotRequested',
      escrowId: escrowId ?? null,
      cancellation: null,
      deliveries: 0,
      deliveredAt: null,
      changeRequests: 0,
      createdAt: at,
      updatedAt: at,
      sequence: 1,
    };
  }
  assert(state !== null, `${event.type} needs a created contract`);
  // Each case spreads the state once, with its changes and the two fields every event moves: a
  // second spread of a spread costs as much again, and folds run on every read of a stream.
  const { at } = event.data;
  const sequence = state.sequence + 1;
  switch (event.type) {
    case 'EscrowAttached':
      assert(state.escrowId === null, 'a contract holds one escrow');
      return { ...state, escrowId: event.data.escrowId, updatedAt: at, sequence };
    case 'StatusChanged': {
      assert(state.status === event.data.from, 'a status change starts from the current status');
      const delivered = event.data.to === 'Completed';
      return {
        ...state,
        status: event.data.to,
        statusHistory: [...state.statusHistory, { status: event.data.to, at, by: event.data.by }],
        deliveries: delivered ? state.deliveries + 1 : state.deliveries,
        deliveredAt: delivered ? at : state.deliveredAt,
        updatedAt: at,
        sequence,
      };
    }
    case 'ChangesRequested':
      assert(
        state.status === 'Completed' && event.data.round === state.changeRequests + 1,
        'changes are requested of a delivery, one round at a time',
      );
      return {
        ...state,
        status: 'Ongoing',
        statusHistory: [...state.statusHistory, { status: 'Ongoing', at, by: event.data.by }],
        changeRequests: event.data.round,
        updatedAt: at,
        sequence,
      };
    case 'DisputeSettled': {
      assert(state.status === event.data.from, 'a dispute decision ends the contract from where it stood');
      const { to, ...cancellation } = event.data;
      const history = to === state.status ? state.statusHistory : [...state.statusHistory, { status: to, at, by: cancellation.by }];
      return {
        ...state,
        status: to,
        statusHistory: history,
        cancellation: to === 'Canceled' ? cancellation : state.cancellation,
        updatedAt: at,
        sequence,
      };
    }
    case 'EndedByProcessor': {
      assert(state.status === event.data.from, 'the processor ends the contract from where it stood');
      const { to } = event.data;
      const history = to === state.status ? state.statusHistory : [...state.statusHistory, { status: to, at, by: SYSTEM_ACTOR_ID }];
      return { ...state, status: to, statusHistory: history, updatedAt: at, sequence };
    }
    case 'ContractCanceled':
      assert(state.status === event.data.from, 'a cancellation starts from the current status');
      return {
        ...state,
        status: 'Canceled',
        cancellation: event.data,
        statusHistory: [...state.statusHistory, { status: 'Canceled', at, by: event.data.by }],
        updatedAt: at,
        sequence,
      };
    case 'ReleaseRequested':
      assert(state.releaseFundStatus === 'NotRequested', 'release is requested once');
      return { ...state, releaseFundStatus: 'Requested', updatedAt: at, sequence };
    case 'ReleaseApproved':
      assert(state.releaseFundStatus !== 'Approved', 'release is approved once');
      return { ...state, releaseFundStatus: 'Approved', updatedAt: at, sequence };
    default:
      return assertNever(event, 'contract event');
  }
}

export function foldContract(events: readonly ContractEvent[]): Contract | null {
  return events.reduce<Contract | null>(evolveContract, null);
}
