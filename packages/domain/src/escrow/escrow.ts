import type { Paise } from '../money/money.ts';
import type { RefundStage } from '../money/fee-policy.ts';
import { assert, assertNever } from '../shared/domain-error.ts';
import type { Role } from '../user/user.ts';
import type { Dispute, DisputeReason } from './dispute.ts';

/**
 * The one escrow of a checkout session: its funding, claimed by inserting it under the session id.
 * Its money fields never change. What happens to the money afterwards is the escrow's event stream.
 */
export interface Escrow {
  readonly id: string;
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: Paise;
  readonly platformFeePaise: Paise;
  readonly freelancerEarningPaise: Paise;
  /** The id a new contract gets if this payment has to create one; fixed at the claim so a replay reuses it. */
  readonly proposedContractId: string;
  readonly fundedAt: Date;
}

/** Who decided something: a user in a role, or the service itself (timers, webhooks, recovery). */
export interface Decider {
  readonly id: string;
  readonly role: Role | 'system';
}

/**
 * How an escrow ends: released to the freelancer (by an admin, or by the lapse of the client's review
 * period), refunded (split by how far the work went and who stopped it), decided by an admin on a
 * dispute, or returned whole because the payment could not fund a contract.
 */
export const RESOLUTION_KINDS = ['release', 'refund', 'dispute', 'return'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

export interface EscrowResolution {
  readonly escrowId: string;
  readonly contractId: string | null;
  readonly kind: ResolutionKind;
  /** For a refund: the stage the work stopped at. */
  readonly stage: RefundStage | null;
  readonly clientRefundPaise: Paise;
  readonly freelancerPayoutPaise: Paise;
  /** What the platform keeps: its fee, or nothing when the fee goes back to the client. */
  readonly platformFeePaise: Paise;
  readonly decidedBy: string;
  readonly decidedByRole: Role | 'system';
  readonly decidedAt: Date;
  /** Why: a cancel reason, the reason a payment was returned, or an admin's note on a dispute. */
  readonly reason: string | null;
  readonly reasonDescription: string | null;
}

/** The client's review period after a delivery: when it lapses unanswered, the escrow is released. */
export interface ReviewPeriod {
  /** Which delivery it follows: the contract's n-th move to Completed. */
  readonly round: number;
  readonly startedAt: Date;
  readonly endsAt: Date;
}

export interface ChangeRequest {
  readonly round: number;
  readonly by: string;
  readonly note: string;
  readonly at: Date;
}

/**
 * Each event is one entry of the escrow's stream under (escrowId, sequence). Appending the next
 * sequence claims the change, so a dispute, a change request, a release, a refund and an
 * auto-release racing each other cannot both win.
 */
export type EscrowEvent =
  | { readonly type: 'ContractFunded'; readonly data: { readonly contractId: string; readonly at: Date } }
  | { readonly type: 'ReviewStarted'; readonly data: { readonly round: number; readonly endsAt: Date; readonly at: Date } }
  | {
      readonly type: 'ChangesRequested';
      readonly data: { readonly round: number; readonly by: string; readonly note: string; readonly at: Date };
    }
  | {
      readonly type: 'DisputeOpened';
      readonly data: {
        readonly by: string;
        readonly byRole: Role;
        readonly reason: DisputeReason;
        readonly description: string;
        readonly at: Date;
      };
    }
  | {
      readonly type: 'DisputeStatementAdded';
      readonly data: {
        readonly by: string;
        readonly byRole: Role;
        readonly text: string;
        readonly mediaUrls: readonly string[];
        readonly at: Date;
      };
    }
  | { readonly type: 'DisputeWithdrawn'; readonly data: { readonly by: string; readonly reviewEndsAt: Date | null; readonly at: Date } }
  | { readonly type: 'EscrowResolved'; readonly data: EscrowResolution }
  | { readonly type: 'ClientRefundSent'; readonly data: { readonly refundId: string; readonly at: Date } }
  | { readonly type: 'EscrowSettled'; readonly data: { readonly at: Date } };

export type EscrowStatus = 'funded' | 'released' | 'refunded';

/** The escrow folded from its funding and its stream. */
export interface EscrowState {
  readonly escrow: Escrow;
  /** The contract this escrow funds, once the payment was matched to one. */
  readonly contractId: string | null;
  /** The sequence of the last event folded in (0: none): the next append expects it. */
  readonly sequence: number;
  /** The review period running now, if any. */
  readonly review: ReviewPeriod | null;
  /** How many review periods were started: one per delivery of the work. */
  readonly reviewRounds: number;
  /** Every change request the client made, in order: the contract follows them one by one. */
  readonly changeRequests: readonly ChangeRequest[];
  /** The latest dispute, whatever its state; null if none was ever opened. */
  readonly dispute: Dispute | null;
  readonly resolution: EscrowResolution | null;
  readonly clientRefundId: string | null;
  /** When the resolution's money had all moved. */
  readonly settledAt: Date | null;
  readonly updatedAt: Date;
}

export function initialEscrowState(escrow: Escrow): EscrowState {
  return {
    escrow,
    contractId: null,
    sequence: 0,
    review: null,
    reviewRounds: 0,
    changeRequests: [],
    dispute: null,
    resolution: null,
    clientRefundId: null,
    settledAt: null,
    updatedAt: escrow.fundedAt,
  };
}

export function isDisputeOpen(state: EscrowState): boolean {
  return state.dispute?.status === 'open';
}

/**
 * Funded until its resolution's money has moved; then released (a release, or a dispute decision
 * that sent nothing back to the client) or refunded (anything went back to the client).
 */
export function escrowStatusOf(state: EscrowState): EscrowStatus {
  const { resolution } = state;
  if (resolution === null || state.settledAt === null) return 'funded';
  if (resolution.kind === 'release') return 'released';
  if (resolution.kind === 'dispute' && resolution.clientRefundPaise === 0) return 'released';
  return 'refunded';
}

/**
 * The escrow as the API and lists show it: its funding and where its stream has got to, side by
 * side. A stored view is a projection and may lag its stream by a moment.
 */
export interface EscrowView extends Escrow, Omit<EscrowState, 'escrow'> {
  readonly status: EscrowStatus;
}

/** Field by field: spreading the funding and then the state into one object costs a thousand times more. */
export function viewOfEscrow(state: EscrowState): EscrowView {
  const { escrow } = state;
  return {
    id: escrow.id,
    checkoutSessionId: escrow.checkoutSessionId,
    paymentIntentId: escrow.paymentIntentId,
    jobId: escrow.jobId,
    clientId: escrow.clientId,
    freelancerId: escrow.freelancerId,
    amountPaise: escrow.amountPaise,
    platformFeePaise: escrow.platformFeePaise,
    freelancerEarningPaise: escrow.freelancerEarningPaise,
    proposedContractId: escrow.proposedContractId,
    fundedAt: escrow.fundedAt,
    contractId: state.contractId,
    sequence: state.sequence,
    review: state.review,
    reviewRounds: state.reviewRounds,
    changeRequests: state.changeRequests,
    dispute: state.dispute,
    resolution: state.resolution,
    clientRefundId: state.clientRefundId,
    settledAt: state.settledAt,
    updatedAt: state.updatedAt,
    status: escrowStatusOf(state),
  };
}

/** The funding part of a view: what a process needs to fold the escrow's stream again. */
export function fundingOf(view: EscrowView): Escrow {
  return {
    id: view.id,
    checkoutSessionId: view.checkoutSessionId,
    paymentIntentId: view.paymentIntentId,
    jobId: view.jobId,
    clientId: view.clientId,
    freelancerId: view.freelancerId,
    amountPaise: view.amountPaise,
    platformFeePaise: view.platformFeePaise,
    freelancerEarningPaise: view.freelancerEarningPaise,
    proposedContractId: view.proposedContractId,
    fundedAt: view.fundedAt,
  };
}

export function evolveEscrow(state: EscrowState, event: EscrowEvent): EscrowState {
  // Each case spreads the state once, with its changes and the two fields every event moves.
  const at = event.type === 'EscrowResolved' ? event.data.decidedAt : event.data.at;
  const sequence = state.sequence + 1;
  switch (event.type) {
    case 'ContractFunded':
      assert(state.contractId === null, 'an escrow funds one contract');
      return { ...state, contractId: event.data.contractId, sequence, updatedAt: at };
    case 'ReviewStarted': {
      const { round, endsAt } = event.data;
      assert(round === state.reviewRounds + 1, 'review rounds follow deliveries one by one');
      return { ...state, sequence, review: { round, startedAt: at, endsAt }, reviewRounds: round, updatedAt: at };
    }
    case 'ChangesRequested':
      assert(state.review !== null && state.review.round === event.data.round, 'changes are requested during a review');
      return { ...state, sequence, review: null, changeRequests: [...state.changeRequests, event.data], updatedAt: at };
    case 'DisputeOpened': {
      assert(!isDisputeOpen(state) && state.resolution === null, 'one open dispute, on an unresolved escrow');
      const { by, byRole, reason, description } = event.data;
      const dispute: Dispute = {
        number: (state.dispute?.number ?? 0) + 1,
        status: 'open',
        openedBy: by,
        openedByRole: byRole,
        reason,
        description,
        openedAt: at,
        statements: [],
        closedAt: null,
      };
      return { ...state, sequence, dispute, updatedAt: at };
    }
    case 'DisputeStatementAdded': {
      assert(state.dispute !== null && isDisputeOpen(state), 'statements go to an open dispute');
      const { by, byRole, text, mediaUrls } = event.data;
      const dispute = { ...state.dispute, statements: [...state.dispute.statements, { by, byRole, text, mediaUrls, at }] };
      return { ...state, sequence, dispute, updatedAt: at };
    }
    case 'DisputeWithdrawn': {
      assert(state.dispute !== null && isDisputeOpen(state), 'only an open dispute is withdrawn');
      const review =
        state.review === null || event.data.reviewEndsAt === null ? state.review : { ...state.review, endsAt: event.data.reviewEndsAt };
      return { ...state, sequence, review, dispute: { ...state.dispute, status: 'withdrawn', closedAt: at }, updatedAt: at };
    }
    case 'EscrowResolved': {
      assert(state.resolution === null, 'an escrow is resolved once');
      const resolution = event.data;
      assert(
        resolution.clientRefundPaise + resolution.freelancerPayoutPaise + resolution.platformFeePaise === state.escrow.amountPaise,
        'a resolution accounts for every paisa paid',
      );
      const dispute =
        state.dispute !== null && isDisputeOpen(state)
          ? { ...state.dispute, status: 'resolved' as const, closedAt: resolution.decidedAt }
          : state.dispute;
      return { ...state, sequence, review: null, dispute, resolution, updatedAt: at };
    }
    case 'ClientRefundSent':
      assert(state.resolution !== null && state.clientRefundId === null, 'a resolved escrow refunds its client once');
      return { ...state, sequence, clientRefundId: event.data.refundId, updatedAt: at };
    case 'EscrowSettled':
      assert(state.resolution !== null && state.settledAt === null, 'a resolved escrow is settled once');
      return { ...state, sequence, settledAt: at, updatedAt: at };
    default:
      return assertNever(event, 'escrow event');
  }
}

export function foldEscrow(escrow: Escrow, events: readonly EscrowEvent[]): EscrowState {
  return events.reduce(evolveEscrow, initialEscrowState(escrow));
}

export function stripeKeyForClientRefund(escrowId: string): string {
  return `escrow-${escrowId}-client-refund`;
}
