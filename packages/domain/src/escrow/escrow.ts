import type { Paise } from '../money/money.ts';
import type { RefundStage } from '../money/fee-policy.ts';
import { assert, assertNever } from '../shared/domain-error.ts';
import type { Role } from '../user/user.ts';
import type { Dispute, DisputeReason, DisputesOpened } from './dispute.ts';

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
export const RESOLUTION_KINDS = ['release', 'refund', 'dispute', 'return', 'outside_refund', 'chargeback'] as const;
export type ResolutionKind = (typeof RESOLUTION_KINDS)[number];

/**
 * Whether the client's share of a resolution of `kind` still has to be sent back through the
 * processor. Not when the processor already gave it back on its own (an outside refund, a lost
 * chargeback): the resolution then only records where the rest of the money goes.
 */
export function refundsThroughProcessor(kind: ResolutionKind): boolean {
  return kind !== 'outside_refund' && kind !== 'chargeback';
}

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

/** A client refund the processor reported failed or canceled, not yet retried or settled by hand. */
export interface RefundFailure {
  /** Null when the processor refused to make the refund at all (ClientRefundRefused): there is no refund to name. */
  readonly refundId: string | null;
  readonly reason: string;
  /** When the processor reported it (its event's time): a report of the refunded total made before it still counted the refund. */
  readonly reportedAt: Date;
  readonly at: Date;
}

/** An admin's record that a failed client refund was paid to the client outside the processor. */
export interface RefundSettlement {
  readonly by: string;
  readonly note: string;
  readonly at: Date;
}

export const CHARGEBACK_STATUSES = ['open', 'won', 'lost'] as const;

/** A chargeback on the escrow's payment: the card network's dispute, reported by the processor. */
export interface Chargeback {
  readonly disputeId: string;
  readonly amountPaise: Paise;
  readonly status: (typeof CHARGEBACK_STATUSES)[number];
  readonly openedAt: Date;
  readonly closedAt: Date | null;
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
  | { readonly type: 'EscrowSettled'; readonly data: { readonly at: Date } }
  // What the processor did on its own, and the admin's answers to a failed refund.
  | { readonly type: 'ClientRefundFailed'; readonly data: RefundFailure }
  /** The processor refused for good to make the client's refund (a disputed charge, one already refunded): a failure no refund names. */
  | { readonly type: 'ClientRefundRefused'; readonly data: { readonly reason: string; readonly at: Date } }
  | { readonly type: 'ClientRefundRetried'; readonly data: { readonly by: string; readonly at: Date } }
  | { readonly type: 'ClientRefundSettledByHand'; readonly data: RefundSettlement }
  | {
      readonly type: 'OutsideRefundRecorded';
      /** `refundedTotalPaise`: the processor's running total of the payment's refunds, which names this report. */
      readonly data: { readonly amountPaise: Paise; readonly refundedTotalPaise: Paise; readonly at: Date };
    }
  | { readonly type: 'ChargebackOpened'; readonly data: { readonly disputeId: string; readonly amountPaise: Paise; readonly at: Date } }
  | {
      readonly type: 'ChargebackClosed';
      readonly data: { readonly disputeId: string; readonly amountPaise: Paise; readonly won: boolean; readonly at: Date };
    };

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
  /** How many disputes each party opened: what their next one is checked against. Not in the view. */
  readonly disputesOpened: DisputesOpened;
  readonly resolution: EscrowResolution | null;
  /** The client's refund at the processor: the latest one sent. */
  readonly clientRefundId: string | null;
  /** How many client refunds were sent: the first, then one per retry after a failure. */
  readonly clientRefundsSent: number;
  /** Every client refund the processor reported failed, in order. */
  readonly refundFailures: readonly RefundFailure[];
  /** The latest refund's failure while it is neither retried nor settled by hand. */
  readonly refundFailure: RefundFailure | null;
  /** An admin's retries of a failed refund, in order: the n-th sends the (n+1)-th refund. */
  readonly refundRetries: readonly { readonly by: string; readonly at: Date }[];
  readonly refundSettledByHand: RefundSettlement | null;
  /** What the processor refunded outside this service, in all. */
  readonly outsideRefundedPaise: Paise;
  /** The latest report of each outside refund: the processor's running total of refunds it named. */
  readonly outsideRefundReports: readonly OutsideRefundReport[];
  readonly chargeback: Chargeback | null;
  /** When the resolution's money had all moved. */
  readonly settledAt: Date | null;
  readonly updatedAt: Date;
}

/** One outside refund as recorded: what it added, and the processor's running total that named it. */
export interface OutsideRefundReport {
  readonly amountPaise: Paise;
  readonly refundedTotalPaise: Paise;
  readonly at: Date;
}

/** The part of an escrow's state that follows what the processor did: its refunds' fate, refunds outside this service, a chargeback. */
export type EscrowProcessorState = Pick<
  EscrowState,
  | 'clientRefundsSent'
  | 'refundFailures'
  | 'refundFailure'
  | 'refundRetries'
  | 'refundSettledByHand'
  | 'outsideRefundedPaise'
  | 'outsideRefundReports'
  | 'chargeback'
>;

/** That part while the processor has done nothing: no refund sent, failed or settled, nothing refunded outside, no chargeback. */
export const NOTHING_FROM_PROCESSOR: EscrowProcessorState = {
  clientRefundsSent: 0,
  refundFailures: [],
  refundFailure: null,
  refundRetries: [],
  refundSettledByHand: null,
  outsideRefundedPaise: 0,
  outsideRefundReports: [],
  chargeback: null,
};

const NO_DISPUTES_OPENED: DisputesOpened = Object.freeze({ client: 0, freelancer: 0 });

export function initialEscrowState(escrow: Escrow): EscrowState {
  // NOTHING_FROM_PROCESSOR's fields one by one, in its order: spread into the literal, V8 (Node 20)
  // copies them at run time, which cost a few percent of a use case in memory. Spread first, the
  // state also takes another layout, which made flows far slower.
  const nothing = NOTHING_FROM_PROCESSOR;
  return {
    escrow,
    contractId: null,
    sequence: 0,
    review: null,
    reviewRounds: 0,
    changeRequests: [],
    dispute: null,
    disputesOpened: NO_DISPUTES_OPENED,
    resolution: null,
    clientRefundId: null,
    clientRefundsSent: nothing.clientRefundsSent,
    refundFailures: nothing.refundFailures,
    refundFailure: nothing.refundFailure,
    refundRetries: nothing.refundRetries,
    refundSettledByHand: nothing.refundSettledByHand,
    outsideRefundedPaise: nothing.outsideRefundedPaise,
    outsideRefundReports: nothing.outsideRefundReports,
    chargeback: nothing.chargeback,
    settledAt: null,
    updatedAt: escrow.fundedAt,
  };
}

export function isDisputeOpen(state: Pick<EscrowState, 'dispute'>): boolean {
  return state.dispute?.status === 'open';
}

export function isChargebackOpen(state: Pick<EscrowState, 'chargeback'>): boolean {
  return state.chargeback?.status === 'open';
}

/**
 * The processor gave money back on its own (an outside refund, a lost chargeback) and the escrow is
 * not resolved yet: its one resolution is the processor's (ResolveByProcessor), nobody else's.
 */
export function isGivenBackByProcessor(state: EscrowState): boolean {
  return state.resolution === null && (state.outsideRefundedPaise > 0 || state.chargeback?.status === 'lost');
}

/**
 * Whether the client's share must (again) be sent through the processor: resolved with a share for
 * the client, and no refund standing, failed and waiting for an admin, or settled by hand.
 */
export function isClientRefundDue(state: EscrowState): boolean {
  const { resolution } = state;
  return (
    resolution !== null &&
    resolution.clientRefundPaise > 0 &&
    refundsThroughProcessor(resolution.kind) &&
    state.clientRefundId === null &&
    state.refundFailure === null &&
    state.refundSettledByHand === null
  );
}

/**
 * What this service's own refunds of the payment added to the processor's running total of refunds
 * as the processor reported it at `reportedAt` (now, when null): the client's share while a refund
 * of it stands, sent and not yet reported failed at that time.
 */
export function ownRefundsStandingPaise(state: EscrowState, reportedAt: Date | null = null): Paise {
  const { resolution, clientRefundId } = state;
  if (resolution === null || !refundsThroughProcessor(resolution.kind) || clientRefundId === null) return 0;
  const failure = state.refundFailures.findLast((failed) => failed.refundId === clientRefundId);
  const failedBy = failure !== undefined && (reportedAt === null || failure.reportedAt.getTime() <= reportedAt.getTime());
  return failedBy ? 0 : resolution.clientRefundPaise;
}

/**
 * Funded until its resolution's money has moved; then released (a release, or a dispute decision
 * that sent nothing back to the client) or refunded (anything went back to the client).
 */
export function escrowStatusOf(state: Pick<EscrowState, 'resolution' | 'settledAt'>): EscrowStatus {
  const { resolution } = state;
  if (resolution === null || state.settledAt === null) return 'funded';
  if (resolution.kind === 'release') return 'released';
  if (resolution.kind === 'dispute' && resolution.clientRefundPaise === 0) return 'released';
  return 'refunded';
}

/** What an escrow's view shows of its state: all of it but the counts its decisions alone read. */
export type ViewedEscrowState = Omit<EscrowState, 'disputesOpened'>;

/**
 * The escrow as the API and lists show it: its funding and where its stream has got to, side by
 * side. A stored view is a projection and may lag its stream by a moment.
 */
export interface EscrowView extends Escrow, Omit<ViewedEscrowState, 'escrow'> {
  readonly status: EscrowStatus;
}

/** Field by field: spreading the funding and then the state into one object costs a thousand times more. */
export function viewOfEscrow(state: ViewedEscrowState): EscrowView {
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
    clientRefundsSent: state.clientRefundsSent,
    refundFailures: state.refundFailures,
    refundFailure: state.refundFailure,
    refundRetries: state.refundRetries,
    refundSettledByHand: state.refundSettledByHand,
    outsideRefundedPaise: state.outsideRefundedPaise,
    outsideRefundReports: state.outsideRefundReports,
    chargeback: state.chargeback,
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
      assert(byRole === 'client' || byRole === 'freelancer', 'a party opens a dispute');
      const { client, freelancer } = state.disputesOpened;
      const disputesOpened = byRole === 'client' ? { client: client + 1, freelancer } : { client, freelancer: freelancer + 1 };
      return { ...state, sequence, dispute, disputesOpened, updatedAt: at };
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
      assert(isClientRefundDue(state), 'a client refund is sent only when one is due');
      return { ...state, sequence, clientRefundId: event.data.refundId, clientRefundsSent: state.clientRefundsSent + 1, updatedAt: at };
    case 'EscrowSettled':
      assert(state.resolution !== null && state.settledAt === null, 'a resolved escrow is settled once');
      return { ...state, sequence, settledAt: at, updatedAt: at };
    case 'ClientRefundFailed':
      assert(state.clientRefundId === event.data.refundId && state.refundFailure === null, 'the standing refund fails once');
      return { ...state, sequence, refundFailure: event.data, refundFailures: [...state.refundFailures, event.data], updatedAt: at };
    case 'ClientRefundRefused': {
      // An attempt that failed at once: counted as sent, and failed, so that a retry after it follows the failed refunds' path.
      assert(isClientRefundDue(state), 'only a due client refund is refused');
      const failure: RefundFailure = { refundId: null, reason: event.data.reason, reportedAt: at, at };
      return {
        ...state,
        sequence,
        clientRefundsSent: state.clientRefundsSent + 1,
        refundFailure: failure,
        refundFailures: [...state.refundFailures, failure],
        updatedAt: at,
      };
    }
    case 'ClientRefundRetried':
      assert(state.refundFailure !== null, 'only a failed refund is retried');
      return {
        ...state,
        sequence,
        refundFailure: null,
        clientRefundId: null,
        refundRetries: [...state.refundRetries, event.data],
        updatedAt: at,
      };
    case 'ClientRefundSettledByHand':
      assert(state.refundFailure !== null, 'only a failed refund is settled by hand');
      return { ...state, sequence, refundFailure: null, refundSettledByHand: event.data, updatedAt: at };
    case 'OutsideRefundRecorded': {
      const { amountPaise, refundedTotalPaise } = event.data;
      assert(amountPaise > 0, 'an outside refund moves money');
      return {
        ...state,
        sequence,
        outsideRefundedPaise: state.outsideRefundedPaise + amountPaise,
        outsideRefundReports: [...state.outsideRefundReports, { amountPaise, refundedTotalPaise, at }],
        updatedAt: at,
      };
    }
    case 'ChargebackOpened': {
      assert(state.chargeback === null, 'a payment is charged back once');
      const { disputeId, amountPaise } = event.data;
      return { ...state, sequence, chargeback: { disputeId, amountPaise, status: 'open', openedAt: at, closedAt: null }, updatedAt: at };
    }
    case 'ChargebackClosed': {
      // A close may be the first report of the chargeback: Stripe's events come in any order.
      assert(state.chargeback === null || state.chargeback.status === 'open', 'a chargeback closes once');
      const { disputeId, amountPaise, won } = event.data;
      const chargeback: Chargeback = {
        disputeId,
        amountPaise,
        status: won ? 'won' : 'lost',
        openedAt: state.chargeback?.openedAt ?? at,
        closedAt: at,
      };
      return { ...state, sequence, chargeback, updatedAt: at };
    }
    default:
      return assertNever(event, 'escrow event');
  }
}

export function foldEscrow(escrow: Escrow, events: readonly EscrowEvent[]): EscrowState {
  return events.reduce(evolveEscrow, initialEscrowState(escrow));
}

export function stripeKeyForClientRefund(escrowId: string, refusalsBefore = 0): string {
  // The processor keeps a refused request's answer under its key for a day: after a refusal, a retry needs a key of its own.
  return refusalsBefore === 0 ? `escrow-${escrowId}-client-refund` : `escrow-${escrowId}-client-refund-after-refusal-${refusalsBefore}`;
}

/** How many times the processor refused to make the client's refund at all (each needs a new key for the next try). */
export function refundRefusalsOf(state: Pick<EscrowState, 'refundFailures'>): number {
  return state.refundFailures.filter((failure) => failure.refundId === null).length;
}
