import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContractStatus, ReleaseFundStatus } from '../contract/contract.ts';
import { REFUND_SPLIT_POLICY_DEFAULT, type RefundStage, type WorkStoppedBy } from '../money/fee-policy.ts';
import { DomainError } from '../shared/domain-error.ts';
import { SYSTEM_ACTOR_ID, type Actor } from '../user/user.ts';
import { DISPUTE_REASONS, DISPUTES_PER_PARTY_MAX, type DisputeReason } from './dispute.ts';
import { decideEscrow, REVIEW_REMAINING_MS_AFTER_WITHDRAWAL_MIN, type EscrowCommand } from './escrow.decide.ts';
import { evolveEscrow, foldEscrow, isDisputeOpen, type EscrowEvent, type EscrowResolution, type EscrowState } from './escrow.ts';
import {
  ADMIN,
  CLIENT,
  CLIENT_AS_FREELANCER,
  CONTRACT_ID,
  escrowOf500Inr,
  escrowResolved,
  FREELANCER,
  FREELANCER_AS_CLIENT,
  OTHER_CLIENT,
  OTHER_FREELANCER,
  type ResolutionFields,
} from './escrow.test-support.ts';

/**
 * The escrow's rules, stated as given(its past events), when(a command), then(the one event it
 * decides, nothing, or a refusal with its code); then, for random command sequences, the invariants
 * that must hold after every step whatever the order.
 */

const STRANGERS: readonly (readonly [string, Actor])[] = [
  ['an admin', ADMIN],
  ['another client', OTHER_CLIENT],
  ['another freelancer', OTHER_FREELANCER],
  ["the freelancer's id acting as a client", FREELANCER_AS_CLIENT],
  ["the client's id acting as a freelancer", CLIENT_AS_FREELANCER],
];

const DAY_MS = 24 * 60 * 60 * 1000;
const FUNDED_AT = new Date('2026-02-01T10:00:00.000Z');
const DELIVERED_AT = new Date('2026-02-05T10:00:00.000Z');
const REVIEW_ENDS = new Date(DELIVERED_AT.getTime() + 14 * DAY_MS);
const DURING_REVIEW = new Date('2026-02-10T10:00:00.000Z');
const AFTER_REVIEW = new Date(REVIEW_ENDS.getTime() + DAY_MS);
const CHANGE_REQUESTS_MAX = 5;
const STATEMENTS_MAX = 50;

const ESCROW = escrowOf500Inr(FUNDED_AT);

// ── The escrow's past, as events ─────────────────────────────────────────────────────────────

const funded: EscrowEvent = { type: 'ContractFunded', data: { contractId: CONTRACT_ID, at: FUNDED_AT } };

function reviewStarted(round = 1, endsAt = REVIEW_ENDS, at = DELIVERED_AT): EscrowEvent {
  return { type: 'ReviewStarted', data: { round, endsAt, at } };
}

function changesRequested(round = 1, note = 'darker red, please'): EscrowEvent {
  return { type: 'ChangesRequested', data: { round, by: CLIENT.userId, note, at: DURING_REVIEW } };
}

function disputeOpened(by: Actor = CLIENT, at = DURING_REVIEW): EscrowEvent {
  return { type: 'DisputeOpened', data: { by: by.userId, byRole: by.role, reason: 'quality', description: 'not what we agreed', at } };
}

function statementAdded(by: Actor = FREELANCER): EscrowEvent {
  return {
    type: 'DisputeStatementAdded',
    data: { by: by.userId, byRole: by.role, text: 'here is the delivery', mediaUrls: [], at: DURING_REVIEW },
  };
}

function disputeWithdrawn(by: Actor = CLIENT, reviewEndsAt: Date | null = null): EscrowEvent {
  return { type: 'DisputeWithdrawn', data: { by: by.userId, reviewEndsAt, at: DURING_REVIEW } };
}

const resolvedAs = (fields: ResolutionFields) => escrowResolved(DURING_REVIEW, fields);

const releasedByAdmin = resolvedAs({ kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 });
const refundedAtStarted = resolvedAs({
  kind: 'refund',
  stage: 'Started',
  clientRefundPaise: 38_250,
  freelancerPayoutPaise: 6_750,
  platformFeePaise: 5_000,
});
const disputeDecided = resolvedAs({
  kind: 'dispute',
  clientRefundPaise: 31_500,
  freelancerPayoutPaise: 13_500,
  platformFeePaise: 5_000,
  reason: 'dispute_decision',
  reasonDescription: 'partly delivered',
});
const RESOLVED: readonly (readonly [string, readonly EscrowEvent[]])[] = [
  ['released', [funded, reviewStarted(), releasedByAdmin]],
  ['refunded', [funded, refundedAtStarted]],
  ['decided on a dispute', [funded, disputeOpened(), disputeDecided]],
];

/**
 * A resolution clears the review; a review started after it (a delivery the flow reports late)
 * shows the refusal comes from the resolution, not from a missing review.
 */
function withNextReview(events: readonly EscrowEvent[]): EscrowEvent[] {
  return [...events, reviewStarted(foldEscrow(ESCROW, events).reviewRounds + 1)];
}

// ── Commands, with the usual facts unless told otherwise ─────────────────────────────────────

function requestChanges(fields: Partial<Extract<EscrowCommand, { type: 'RequestChanges' }>> = {}): EscrowCommand {
  return {
    type: 'RequestChanges',
    actor: CLIENT,
    note: 'darker red, please',
    releaseFundStatus: 'NotRequested',
    changeRequestsMax: CHANGE_REQUESTS_MAX,
    at: DURING_REVIEW,
    ...fields,
  };
}

function openDispute(actor: Actor = CLIENT, at = DURING_REVIEW): EscrowCommand {
  return { type: 'OpenDispute', actor, reason: 'quality', description: 'not what we agreed', at };
}

function addStatement(actor: Actor = FREELANCER, statementsMax = STATEMENTS_MAX): EscrowCommand {
  return {
    type: 'AddDisputeStatement',
    actor,
    text: 'here is the delivery',
    mediaUrls: ['https://media.example/1.png'],
    statementsMax,
    at: DURING_REVIEW,
  };
}

function withdrawDispute(actor: Actor = CLIENT, at = DURING_REVIEW): EscrowCommand {
  return { type: 'WithdrawDispute', actor, at };
}

function decideDispute(freelancerPayoutPaise: number, refundPlatformFee = false, at = DURING_REVIEW): EscrowCommand {
  return {
    type: 'DecideDispute',
    actor: ADMIN,
    contractId: CONTRACT_ID,
    freelancerPayoutPaise,
    refundPlatformFee,
    note: 'partly delivered',
    at,
  };
}

function release(
  contractStatus: ContractStatus = 'Completed',
  releaseFundStatus: ReleaseFundStatus = 'Requested',
  at = DURING_REVIEW,
): EscrowCommand {
  return { type: 'Release', actor: ADMIN, contractId: CONTRACT_ID, contractStatus, releaseFundStatus, at };
}

function releaseOnLapse(at: Date): EscrowCommand {
  return { type: 'ReleaseOnLapse', contractId: CONTRACT_ID, at };
}

function refund(stage: RefundStage, stoppedBy: WorkStoppedBy = 'client', decidedBy: Actor = CLIENT, at = DURING_REVIEW): EscrowCommand {
  return {
    type: 'Refund',
    decidedBy,
    contractId: CONTRACT_ID,
    stage,
    stoppedBy,
    policy: REFUND_SPLIT_POLICY_DEFAULT,
    reason: 'budget',
    reasonDescription: null,
    at,
  };
}

const returnPayment: EscrowCommand = {
  type: 'Return',
  reason: 'freelancer_blocked',
  reasonDescription: 'The freelancer was blocked.',
  at: FUNDED_AT,
};

// ── given / when / then ──────────────────────────────────────────────────────────────────────

function given(...events: readonly EscrowEvent[]) {
  const state = foldEscrow(ESCROW, events);
  return {
    state,
    when(command: EscrowCommand) {
      return {
        /** Then: exactly this event, which the escrow folds in; returns the escrow after it. */
        then(expected: EscrowEvent): EscrowState {
          const event = decideEscrow(command, state);
          expect(event).toEqual(expected);
          const next = evolveEscrow(state, event!);
          expect(next.sequence).toBe(state.sequence + 1);
          return next;
        },
        /** Then: the escrow decides the event this test inspects further. */
        decides(type: EscrowEvent['type']): { event: EscrowEvent; next: EscrowState } {
          const event = decideEscrow(command, state);
          expect(event?.type).toBe(type);
          return { event: event!, next: evolveEscrow(state, event!) };
        },
        thenNothing(): void {
          expect(decideEscrow(command, state)).toBeNull();
        },
        thenRefuses(code: string): void {
          expect(() => decideEscrow(command, state)).toThrow(expect.objectContaining({ code }));
          expect(() => decideEscrow(command, state)).toThrow(DomainError);
        },
      };
    },
  };
}

function resolutionOf(event: EscrowEvent): EscrowResolution {
  if (event.type !== 'EscrowResolved') throw new Error(`expected a resolution, got ${event.type}`);
  return event.data;
}

describe('RecordContract', () => {
  it('records the contract the payment funds', () => {
    given().when({ type: 'RecordContract', contractId: CONTRACT_ID, at: FUNDED_AT }).then(funded);
  });

  it('decides nothing when the contract is already recorded, even for another contract id', () => {
    given(funded).when({ type: 'RecordContract', contractId: CONTRACT_ID, at: DURING_REVIEW }).thenNothing();
    given(funded)
      .when({ type: 'RecordContract', contractId: 'd'.repeat(24), at: DURING_REVIEW })
      .thenNothing();
  });
});

describe('StartReview', () => {
  it('starts the review of the first delivery', () => {
    const next = given(funded).when({ type: 'StartReview', round: 1, endsAt: REVIEW_ENDS, at: DELIVERED_AT }).then(reviewStarted());
    expect(next.review).toEqual({ round: 1, startedAt: DELIVERED_AT, endsAt: REVIEW_ENDS });
    expect(next.reviewRounds).toBe(1);
  });

  it('starts the review of a delivery made after a change request', () => {
    const secondEnds = new Date(AFTER_REVIEW.getTime() + 14 * DAY_MS);
    given(funded, reviewStarted(), changesRequested())
      .when({ type: 'StartReview', round: 2, endsAt: secondEnds, at: AFTER_REVIEW })
      .then(reviewStarted(2, secondEnds, AFTER_REVIEW));
  });

  it('decides nothing when that round already started', () => {
    given(funded, reviewStarted()).when({ type: 'StartReview', round: 1, endsAt: REVIEW_ENDS, at: DURING_REVIEW }).thenNothing();
    given(funded, reviewStarted(), changesRequested())
      .when({ type: 'StartReview', round: 1, endsAt: REVIEW_ENDS, at: DURING_REVIEW })
      .thenNothing();
  });

  it.each(RESOLVED)('decides nothing on an escrow already %s', (_how, events) => {
    given(...events)
      .when({ type: 'StartReview', round: 2, endsAt: AFTER_REVIEW, at: DURING_REVIEW })
      .thenNothing();
  });
});

describe('RequestChanges', () => {
  it('lets the client send the delivery back during its review, with a note; the review is cleared', () => {
    const next = given(funded, reviewStarted())
      .when(requestChanges({ note: 'the logo needs a darker red' }))
      .then({ type: 'ChangesRequested', data: { round: 1, by: CLIENT.userId, note: 'the logo needs a darker red', at: DURING_REVIEW } });
    expect(next.review).toBeNull();
    expect(next.changeRequests).toHaveLength(1);
  });

  it.each([...STRANGERS, ['the freelancer', FREELANCER] as const])('refuses %s with CONTRACT.NOT_A_PARTY', (_who, actor) => {
    given(funded, reviewStarted()).when(requestChanges({ actor })).thenRefuses('CONTRACT.NOT_A_PARTY');
  });

  it('refuses with CONTRACT.REVIEW_NOT_RUNNING before a delivery, once the period ended, and after a change request cleared it', () => {
    given(funded).when(requestChanges()).thenRefuses('CONTRACT.REVIEW_NOT_RUNNING');
    given(funded, reviewStarted())
      .when(requestChanges({ at: REVIEW_ENDS }))
      .thenRefuses('CONTRACT.REVIEW_NOT_RUNNING');
    given(funded, reviewStarted())
      .when(requestChanges({ at: AFTER_REVIEW }))
      .thenRefuses('CONTRACT.REVIEW_NOT_RUNNING');
    given(funded, reviewStarted(), changesRequested()).when(requestChanges()).thenRefuses('CONTRACT.REVIEW_NOT_RUNNING');
  });

  it('accepts a request a millisecond before the period ends', () => {
    given(funded, reviewStarted())
      .when(requestChanges({ at: new Date(REVIEW_ENDS.getTime() - 1) }))
      .decides('ChangesRequested');
  });

  it.each(['Requested', 'Approved'] as const)(
    'refuses with CONTRACT.RELEASE_NOT_ALLOWED once the release is %s: a dispute contests it',
    (releaseFundStatus) => {
      given(funded, reviewStarted()).when(requestChanges({ releaseFundStatus })).thenRefuses('CONTRACT.RELEASE_NOT_ALLOWED');
    },
  );

  it('refuses with CONTRACT.CHANGE_REQUESTS_EXHAUSTED once the bound is reached, and not before', () => {
    const rounds = (count: number) =>
      Array.from({ length: count }, (_, index) => [reviewStarted(index + 1), changesRequested(index + 1)]).flat();
    given(funded, ...rounds(CHANGE_REQUESTS_MAX - 1), reviewStarted(CHANGE_REQUESTS_MAX))
      .when(requestChanges())
      .decides('ChangesRequested');
    given(funded, ...rounds(CHANGE_REQUESTS_MAX), reviewStarted(CHANGE_REQUESTS_MAX + 1))
      .when(requestChanges())
      .thenRefuses('CONTRACT.CHANGE_REQUESTS_EXHAUSTED');
    given(funded, ...rounds(2), reviewStarted(3))
      .when(requestChanges({ changeRequestsMax: 2 }))
      .thenRefuses('CONTRACT.CHANGE_REQUESTS_EXHAUSTED');
  });

  it('refuses with ESCROW.IN_DISPUTE while a dispute is open', () => {
    given(funded, reviewStarted(), disputeOpened(FREELANCER)).when(requestChanges()).thenRefuses('ESCROW.IN_DISPUTE');
  });

  it.each(RESOLVED)('refuses with ESCROW.ALREADY_RESOLVED on an escrow already %s', (_how, events) => {
    given(...withNextReview(events))
      .when(requestChanges())
      .thenRefuses('ESCROW.ALREADY_RESOLVED');
  });
});

describe('OpenDispute', () => {
  it.each([
    ['the client', CLIENT],
    ['the freelancer', FREELANCER],
  ])('lets %s open a dispute, with or without a review running', (_who, actor) => {
    const next = given(funded, reviewStarted())
      .when(openDispute(actor))
      .then({
        type: 'DisputeOpened',
        data: { by: actor.userId, byRole: actor.role, reason: 'quality', description: 'not what we agreed', at: DURING_REVIEW },
      });
    expect(next.dispute).toMatchObject({ number: 1, status: 'open', openedBy: actor.userId, statements: [], closedAt: null });
    given(funded).when(openDispute(actor)).decides('DisputeOpened');
  });

  it('lets a party open another dispute after a withdrawal: it is the escrow’s second', () => {
    const { next } = given(funded, disputeOpened(CLIENT), disputeWithdrawn(CLIENT)).when(openDispute(FREELANCER)).decides('DisputeOpened');
    expect(next.dispute).toMatchObject({ number: 2, status: 'open', openedBy: FREELANCER.userId });
  });

  /** `count` disputes opened by `by`, each withdrawn. */
  const openedAndWithdrawn = (by: Actor, count: number): EscrowEvent[] =>
    Array.from({ length: count }, () => [disputeOpened(by), disputeWithdrawn(by)]).flat();

  it(`refuses a party's dispute past ${DISPUTES_PER_PARTY_MAX} of their own with DISPUTE.EXHAUSTED, and not before`, () => {
    for (const actor of [CLIENT, FREELANCER]) {
      given(funded, ...openedAndWithdrawn(actor, DISPUTES_PER_PARTY_MAX - 1))
        .when(openDispute(actor))
        .decides('DisputeOpened');
      given(funded, ...openedAndWithdrawn(actor, DISPUTES_PER_PARTY_MAX))
        .when(openDispute(actor))
        .thenRefuses('DISPUTE.EXHAUSTED');
    }
  });

  it('counts disputes per party: one party opening and withdrawing its own cannot use up the other’s remedy', () => {
    given(funded, reviewStarted(), ...openedAndWithdrawn(FREELANCER, DISPUTES_PER_PARTY_MAX))
      .when(openDispute(CLIENT))
      .decides('DisputeOpened');
    given(funded, ...openedAndWithdrawn(CLIENT, DISPUTES_PER_PARTY_MAX))
      .when(openDispute(FREELANCER))
      .decides('DisputeOpened');
    // However many the other opened: a stream from before the count was per party may hold ten of one party's.
    given(funded, reviewStarted(), ...openedAndWithdrawn(FREELANCER, 2 * DISPUTES_PER_PARTY_MAX))
      .when(openDispute(CLIENT))
      .decides('DisputeOpened');
  });

  it.each(DISPUTE_REASONS)('records the reason %s', (reason: DisputeReason) => {
    const { next } = given(funded)
      .when({ type: 'OpenDispute', actor: CLIENT, reason, description: 'why', at: DURING_REVIEW })
      .decides('DisputeOpened');
    expect(next.dispute?.reason).toBe(reason);
  });

  it.each(STRANGERS)('refuses %s with CONTRACT.NOT_A_PARTY', (_who, actor) => {
    given(funded).when(openDispute(actor)).thenRefuses('CONTRACT.NOT_A_PARTY');
  });

  it('refuses a second open dispute with DISPUTE.ALREADY_OPEN, whoever asks', () => {
    for (const actor of [CLIENT, FREELANCER])
      given(funded, disputeOpened(CLIENT)).when(openDispute(actor)).thenRefuses('DISPUTE.ALREADY_OPEN');
  });

  it.each(RESOLVED)('refuses with ESCROW.ALREADY_RESOLVED on an escrow already %s', (_how, events) => {
    given(...events)
      .when(openDispute(FREELANCER))
      .thenRefuses('ESCROW.ALREADY_RESOLVED');
  });
});

/** What a party's own step in a dispute refuses: a stranger, and a dispute never opened, withdrawn or decided. */
function itNeedsAPartyAndAnOpenDispute(command: (actor?: Actor) => EscrowCommand): void {
  it.each(STRANGERS)('refuses %s with CONTRACT.NOT_A_PARTY', (_who, actor) => {
    given(funded, disputeOpened()).when(command(actor)).thenRefuses('CONTRACT.NOT_A_PARTY');
  });

  it('refuses with DISPUTE.NOT_OPEN when no dispute was opened, or it was withdrawn or decided', () => {
    given(funded).when(command()).thenRefuses('DISPUTE.NOT_OPEN');
    given(funded, disputeOpened(), disputeWithdrawn()).when(command()).thenRefuses('DISPUTE.NOT_OPEN');
    given(funded, disputeOpened(), disputeDecided).when(command()).thenRefuses('DISPUTE.NOT_OPEN');
  });
}

describe('AddDisputeStatement', () => {
  it.each([
    ['the party who opened it', CLIENT],
    ['the other party', FREELANCER],
  ])('lets %s add a statement with media', (_who, actor) => {
    const next = given(funded, disputeOpened(CLIENT))
      .when(addStatement(actor))
      .then({
        type: 'DisputeStatementAdded',
        data: {
          by: actor.userId,
          byRole: actor.role,
          text: 'here is the delivery',
          mediaUrls: ['https://media.example/1.png'],
          at: DURING_REVIEW,
        },
      });
    expect(next.dispute?.statements).toHaveLength(1);
  });

  itNeedsAPartyAndAnOpenDispute(addStatement);

  it('refuses with DISPUTE.STATEMENTS_EXHAUSTED once the dispute holds the bound, and not before', () => {
    given(funded, disputeOpened(), statementAdded(CLIENT)).when(addStatement(FREELANCER, 2)).decides('DisputeStatementAdded');
    given(funded, disputeOpened(), statementAdded(CLIENT), statementAdded(FREELANCER))
      .when(addStatement(CLIENT, 2))
      .thenRefuses('DISPUTE.STATEMENTS_EXHAUSTED');
  });

  it('counts the statements of the open dispute only, not those of a withdrawn one', () => {
    given(funded, disputeOpened(), statementAdded(), statementAdded(), disputeWithdrawn(), disputeOpened(FREELANCER))
      .when(addStatement(CLIENT, 2))
      .decides('DisputeStatementAdded');
  });
});

describe('WithdrawDispute', () => {
  const threeDaysAfter = (at: Date) => new Date(at.getTime() + REVIEW_REMAINING_MS_AFTER_WITHDRAWAL_MIN);

  it('keeps the minimum at 3 days', () => {
    expect(REVIEW_REMAINING_MS_AFTER_WITHDRAWAL_MIN).toBe(3 * DAY_MS);
  });

  it('lets the opener withdraw; with no review running there is none to resume', () => {
    const next = given(funded, disputeOpened(FREELANCER))
      .when(withdrawDispute(FREELANCER))
      .then({ type: 'DisputeWithdrawn', data: { by: FREELANCER.userId, reviewEndsAt: null, at: DURING_REVIEW } });
    expect(next.dispute).toMatchObject({ status: 'withdrawn', closedAt: DURING_REVIEW });
    expect(next.review).toBeNull();
  });

  it('leaves a review with more than 3 days left as it was', () => {
    const next = given(funded, reviewStarted(), disputeOpened())
      .when(withdrawDispute())
      .then({ type: 'DisputeWithdrawn', data: { by: CLIENT.userId, reviewEndsAt: REVIEW_ENDS, at: DURING_REVIEW } });
    expect(next.review?.endsAt).toEqual(REVIEW_ENDS);
  });

  it.each([
    ['with one day left', new Date(REVIEW_ENDS.getTime() - DAY_MS)],
    ['exactly when it would have ended', REVIEW_ENDS],
    ['after it would have ended, during the dispute', new Date(REVIEW_ENDS.getTime() + 10 * DAY_MS)],
  ])('resumes a review %s with 3 days left', (_when, at) => {
    const next = given(funded, reviewStarted(), disputeOpened())
      .when(withdrawDispute(CLIENT, at))
      .then({ type: 'DisputeWithdrawn', data: { by: CLIENT.userId, reviewEndsAt: threeDaysAfter(at), at } });
    expect(next.review).toMatchObject({ round: 1, endsAt: threeDaysAfter(at) });
  });

  it('refuses the other party with DISPUTE.NOT_OPENER', () => {
    given(funded, disputeOpened(CLIENT)).when(withdrawDispute(FREELANCER)).thenRefuses('DISPUTE.NOT_OPENER');
    given(funded, disputeOpened(FREELANCER)).when(withdrawDispute(CLIENT)).thenRefuses('DISPUTE.NOT_OPENER');
  });

  itNeedsAPartyAndAnOpenDispute(withdrawDispute);
});

describe('DecideDispute', () => {
  it('gives the freelancer the share the admin decided and the client the rest; the platform keeps its fee', () => {
    const next = given(funded, disputeOpened(), statementAdded()).when(decideDispute(13_500)).then(disputeDecided);
    expect(next.dispute).toMatchObject({ status: 'resolved', closedAt: DURING_REVIEW });
    expect(next.resolution?.kind).toBe('dispute');
  });

  it.each([
    ['the whole earning, fee kept', 45_000, false, 0],
    ['nothing, fee kept', 0, false, 45_000],
    ['nothing, fee returned', 0, true, 50_000],
    ['the whole earning, fee returned', 45_000, true, 5_000],
  ] as const)('decides %s: the client gets the rest', (_what, payout, refundPlatformFee, clientRefund) => {
    const { event } = given(funded, disputeOpened()).when(decideDispute(payout, refundPlatformFee)).decides('EscrowResolved');
    expect(resolutionOf(event)).toMatchObject({
      clientRefundPaise: clientRefund,
      freelancerPayoutPaise: payout,
      platformFeePaise: refundPlatformFee ? 0 : 5_000,
    });
  });

  it('ends a review that was running when the dispute opened', () => {
    const { next } = given(funded, reviewStarted(), disputeOpened()).when(decideDispute(45_000)).decides('EscrowResolved');
    expect(next.review).toBeNull();
  });

  it.each([45_001, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2])(
    'refuses a payout of %s paise with VALIDATION.PAYOUT_OVER_EARNING',
    (payout) => {
      given(funded, disputeOpened()).when(decideDispute(payout)).thenRefuses('VALIDATION.PAYOUT_OVER_EARNING');
    },
  );

  it('refuses with DISPUTE.NOT_OPEN when no dispute was opened, or it was withdrawn', () => {
    given(funded).when(decideDispute(0)).thenRefuses('DISPUTE.NOT_OPEN');
    given(funded, disputeOpened(), disputeWithdrawn()).when(decideDispute(0)).thenRefuses('DISPUTE.NOT_OPEN');
  });

  it.each(RESOLVED)('refuses with ESCROW.ALREADY_RESOLVED on an escrow already %s', (_how, events) => {
    given(...events)
      .when(decideDispute(0))
      .thenRefuses('ESCROW.ALREADY_RESOLVED');
  });
});

describe('Release', () => {
  it('releases the earning of a Completed contract whose client asked, decided by the admin', () => {
    const next = given(funded, reviewStarted()).when(release()).then(releasedByAdmin);
    expect(next.review).toBeNull();
  });

  it.each(['Pending', 'Started', 'Ongoing', 'Canceled'] as const)('refuses a %s contract with CONTRACT.RELEASE_NOT_ALLOWED', (status) => {
    given(funded).when(release(status)).thenRefuses('CONTRACT.RELEASE_NOT_ALLOWED');
  });

  it.each(['NotRequested', 'Approved'] as const)(
    'refuses with CONTRACT.RELEASE_NOT_ALLOWED when the release is %s',
    (releaseFundStatus) => {
      given(funded, reviewStarted()).when(release('Completed', releaseFundStatus)).thenRefuses('CONTRACT.RELEASE_NOT_ALLOWED');
    },
  );

  it('refuses with ESCROW.IN_DISPUTE while a dispute is open', () => {
    given(funded, reviewStarted(), disputeOpened()).when(release()).thenRefuses('ESCROW.IN_DISPUTE');
  });

  it.each(RESOLVED)('refuses with ESCROW.ALREADY_RESOLVED on an escrow already %s', (_how, events) => {
    given(...events)
      .when(release())
      .thenRefuses('ESCROW.ALREADY_RESOLVED');
  });
});

describe('ReleaseOnLapse', () => {
  const releasedBySystem = (at: Date) =>
    resolvedAs({
      kind: 'release',
      clientRefundPaise: 0,
      freelancerPayoutPaise: 45_000,
      platformFeePaise: 5_000,
      decidedBy: SYSTEM_ACTOR_ID,
      decidedByRole: 'system',
      decidedAt: at,
    });

  it('releases the earning as `system` once the review period has ended', () => {
    given(funded, reviewStarted()).when(releaseOnLapse(REVIEW_ENDS)).then(releasedBySystem(REVIEW_ENDS));
    given(funded, reviewStarted()).when(releaseOnLapse(AFTER_REVIEW)).then(releasedBySystem(AFTER_REVIEW));
  });

  it('decides nothing a millisecond before the period ends', () => {
    given(funded, reviewStarted())
      .when(releaseOnLapse(new Date(REVIEW_ENDS.getTime() - 1)))
      .thenNothing();
  });

  it('decides nothing with no review running: before a delivery, or after a change request', () => {
    given(funded).when(releaseOnLapse(AFTER_REVIEW)).thenNothing();
    given(funded, reviewStarted(), changesRequested()).when(releaseOnLapse(AFTER_REVIEW)).thenNothing();
  });

  it('never releases while a dispute is open, however long past the period', () => {
    given(funded, reviewStarted(), disputeOpened())
      .when(releaseOnLapse(new Date(REVIEW_ENDS.getTime() + 365 * DAY_MS)))
      .thenNothing();
  });

  it('waits for the review a withdrawal resumed, not the one it replaced', () => {
    const withdrawnAt = new Date(REVIEW_ENDS.getTime() - DAY_MS);
    const resumedEnd = new Date(withdrawnAt.getTime() + REVIEW_REMAINING_MS_AFTER_WITHDRAWAL_MIN);
    const { state } = given(funded, reviewStarted(), disputeOpened());
    const withdrawn = evolveEscrow(state, decideEscrow(withdrawDispute(CLIENT, withdrawnAt), state)!);
    expect(decideEscrow(releaseOnLapse(AFTER_REVIEW), withdrawn)).toBeNull();
    expect(decideEscrow(releaseOnLapse(new Date(resumedEnd.getTime() - 1)), withdrawn)).toBeNull();
    expect(decideEscrow(releaseOnLapse(resumedEnd), withdrawn)?.type).toBe('EscrowResolved');
  });

  it.each(RESOLVED)('decides nothing on an escrow already %s', (_how, events) => {
    given(...withNextReview(events))
      .when(releaseOnLapse(new Date('2099-01-01T00:00:00.000Z')))
      .thenNothing();
  });
});

describe('Refund', () => {
  it.each([
    ['Pending', 'client', 45_000, 0],
    ['Started', 'client', 38_250, 6_750],
    ['Ongoing', 'client', 27_000, 18_000],
    ['Ongoing', 'admin', 27_000, 18_000],
    ['Pending', 'freelancer', 45_000, 0],
    ['Started', 'freelancer', 45_000, 0],
    ['Ongoing', 'freelancer', 45_000, 0],
  ] as const)(
    'splits work stopped at %s by the %s: the client gets %i, the freelancer %i, the platform its fee',
    (stage, stoppedBy, client, freelancer) => {
      given(funded)
        .when(refund(stage, stoppedBy, ADMIN))
        .then(
          resolvedAs({
            kind: 'refund',
            stage,
            clientRefundPaise: client,
            freelancerPayoutPaise: freelancer,
            platformFeePaise: 5_000,
            reason: 'budget',
          }),
        );
    },
  );

  it('records who decided it', () => {
    const { event } = given(funded)
      .when(refund('Started', 'client', CLIENT))
      .decides('EscrowResolved');
    expect(resolutionOf(event)).toMatchObject({ decidedBy: CLIENT.userId, decidedByRole: 'client' });
  });

  it('refuses with ESCROW.IN_DISPUTE while a dispute is open', () => {
    given(funded, disputeOpened(FREELANCER)).when(refund('Ongoing')).thenRefuses('ESCROW.IN_DISPUTE');
  });

  it('goes ahead once the dispute is withdrawn', () => {
    given(funded, disputeOpened(FREELANCER), disputeWithdrawn(FREELANCER)).when(refund('Ongoing')).decides('EscrowResolved');
  });

  it.each(RESOLVED)('refuses with ESCROW.ALREADY_RESOLVED on an escrow already %s', (_how, events) => {
    given(...events)
      .when(refund('Pending'))
      .thenRefuses('ESCROW.ALREADY_RESOLVED');
  });
});

describe('Return', () => {
  it('returns a payment that funded no contract whole, decided by `system`, with the reason', () => {
    given()
      .when(returnPayment)
      .then(
        resolvedAs({
          kind: 'return',
          contractId: null,
          clientRefundPaise: 50_000,
          freelancerPayoutPaise: 0,
          platformFeePaise: 0,
          decidedBy: SYSTEM_ACTOR_ID,
          decidedByRole: 'system',
          decidedAt: FUNDED_AT,
          reason: 'freelancer_blocked',
          reasonDescription: 'The freelancer was blocked.',
        }),
      );
  });

  it('decides nothing once the payment was returned', () => {
    const { next } = given().when(returnPayment).decides('EscrowResolved');
    expect(decideEscrow(returnPayment, next)).toBeNull();
  });

  it('decides nothing for an escrow that already funds its contract', () => {
    given(funded).when(returnPayment).thenNothing();
  });

  it('moves no money while a dispute is open', () => {
    const { state } = given(disputeOpened());
    let event: EscrowEvent | null = null;
    try {
      event = decideEscrow(returnPayment, state);
    } catch (error) {
      expect(error).toMatchObject({ code: 'ESCROW.IN_DISPUTE' });
    }
    expect(event).toBeNull();
  });
});

describe('RecordClientRefund', () => {
  it('records the processor refund of a resolution', () => {
    const next = given(funded, refundedAtStarted)
      .when({ type: 'RecordClientRefund', refundId: 're_1', at: AFTER_REVIEW })
      .then({ type: 'ClientRefundSent', data: { refundId: 're_1', at: AFTER_REVIEW } });
    expect(next.clientRefundId).toBe('re_1');
  });

  it('decides nothing once recorded, or before a resolution', () => {
    given(funded, refundedAtStarted, { type: 'ClientRefundSent', data: { refundId: 're_1', at: AFTER_REVIEW } })
      .when({ type: 'RecordClientRefund', refundId: 're_2', at: AFTER_REVIEW })
      .thenNothing();
    given(funded).when({ type: 'RecordClientRefund', refundId: 're_1', at: AFTER_REVIEW }).thenNothing();
  });
});

describe('MarkSettled', () => {
  it('marks a resolution settled once its money moved', () => {
    const next = given(funded, refundedAtStarted)
      .when({ type: 'MarkSettled', at: AFTER_REVIEW })
      .then({ type: 'EscrowSettled', data: { at: AFTER_REVIEW } });
    expect(next.settledAt).toEqual(AFTER_REVIEW);
  });

  it('decides nothing once settled, or before a resolution', () => {
    given(funded, refundedAtStarted, { type: 'EscrowSettled', data: { at: AFTER_REVIEW } })
      .when({ type: 'MarkSettled', at: AFTER_REVIEW })
      .thenNothing();
    given(funded).when({ type: 'MarkSettled', at: AFTER_REVIEW }).thenNothing();
  });
});

// ── Properties over random command sequences ─────────────────────────────────────────────────

/**
 * What a command will be, drawn before the state it meets is known: the round of a review is
 * taken from the state (the flow starts the next round, or repeats one already started). Return is
 * left out: the flow asks for it only before the escrow records its contract (see the tests above).
 */
type CommandSeed =
  | { readonly type: 'RecordContract' }
  | { readonly type: 'StartReview'; readonly repeat: boolean; readonly reviewDays: number }
  | { readonly type: 'RequestChanges'; readonly actor: Actor; readonly releaseFundStatus: ReleaseFundStatus }
  | { readonly type: 'OpenDispute'; readonly actor: Actor; readonly reason: DisputeReason }
  | { readonly type: 'AddDisputeStatement'; readonly actor: Actor }
  | { readonly type: 'WithdrawDispute'; readonly actor: Actor }
  | { readonly type: 'DecideDispute'; readonly freelancerPayoutPaise: number; readonly refundPlatformFee: boolean }
  | { readonly type: 'Release'; readonly contractStatus: ContractStatus; readonly releaseFundStatus: ReleaseFundStatus }
  | { readonly type: 'ReleaseOnLapse' }
  | { readonly type: 'Refund'; readonly decidedBy: Actor; readonly stage: RefundStage; readonly stoppedBy: WorkStoppedBy }
  | { readonly type: 'RecordClientRefund' }
  | { readonly type: 'MarkSettled' };

interface PlannedStep {
  readonly advanceMs: number;
  readonly seed: CommandSeed;
}

/** Small bounds, so that sequences reach them. */
const PROPERTY_STATEMENTS_MAX = 3;
const PROPERTY_CHANGE_REQUESTS_MAX = 2;

const actorArb = fc.constantFrom(CLIENT, FREELANCER, ADMIN, OTHER_CLIENT, OTHER_FREELANCER, FREELANCER_AS_CLIENT);
const partyArb = fc.constantFrom(CLIENT, FREELANCER);
const releaseFundStatusArb = fc.constantFrom<ReleaseFundStatus>('NotRequested', 'Requested', 'Approved');
const payoutArb = fc.oneof(
  fc.integer({ min: 0, max: ESCROW.freelancerEarningPaise }),
  fc.constantFrom(0, ESCROW.freelancerEarningPaise, ESCROW.freelancerEarningPaise + 1, -1, 0.5),
);

const seedArb: fc.Arbitrary<CommandSeed> = fc.oneof(
  { arbitrary: fc.constant({ type: 'RecordContract' as const }), weight: 1 },
  {
    arbitrary: fc.record({ type: fc.constant('StartReview' as const), repeat: fc.boolean(), reviewDays: fc.integer({ min: 1, max: 14 }) }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('RequestChanges' as const),
      actor: fc.oneof(partyArb, actorArb),
      releaseFundStatus: releaseFundStatusArb,
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('OpenDispute' as const),
      actor: fc.oneof(partyArb, actorArb),
      reason: fc.constantFrom(...DISPUTE_REASONS),
    }),
    weight: 4,
  },
  { arbitrary: fc.record({ type: fc.constant('AddDisputeStatement' as const), actor: fc.oneof(partyArb, actorArb) }), weight: 3 },
  { arbitrary: fc.record({ type: fc.constant('WithdrawDispute' as const), actor: fc.oneof(partyArb, actorArb) }), weight: 3 },
  {
    arbitrary: fc.record({
      type: fc.constant('DecideDispute' as const),
      freelancerPayoutPaise: payoutArb,
      refundPlatformFee: fc.boolean(),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('Release' as const),
      contractStatus: fc.constantFrom<ContractStatus>('Pending', 'Started', 'Ongoing', 'Completed', 'Canceled'),
      releaseFundStatus: releaseFundStatusArb,
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ type: 'ReleaseOnLapse' as const }), weight: 3 },
  {
    arbitrary: fc.record({
      type: fc.constant('Refund' as const),
      decidedBy: fc.constantFrom(CLIENT, ADMIN),
      stage: fc.constantFrom<RefundStage>('Pending', 'Started', 'Ongoing'),
      stoppedBy: fc.constantFrom<WorkStoppedBy>('client', 'freelancer', 'admin'),
    }),
    weight: 1,
  },
  { arbitrary: fc.constant({ type: 'RecordClientRefund' as const }), weight: 1 },
  { arbitrary: fc.constant({ type: 'MarkSettled' as const }), weight: 1 },
);

/** Most steps follow at once; some wait hours, some wait out a review period. */
const advanceArb = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 * 60 * 60 * 1000 }), fc.integer({ min: DAY_MS, max: 20 * DAY_MS }));

const planArb: fc.Arbitrary<readonly PlannedStep[]> = fc.array(fc.record({ advanceMs: advanceArb, seed: seedArb }), {
  minLength: 1,
  maxLength: 40,
});

function commandFor(seed: CommandSeed, state: EscrowState, at: Date): EscrowCommand {
  switch (seed.type) {
    case 'RecordContract':
      return { type: 'RecordContract', contractId: CONTRACT_ID, at };
    case 'StartReview': {
      const round = seed.repeat && state.reviewRounds > 0 ? state.reviewRounds : state.reviewRounds + 1;
      return { type: 'StartReview', round, endsAt: new Date(at.getTime() + seed.reviewDays * DAY_MS), at };
    }
    case 'RequestChanges':
      return {
        ...requestChanges({
          actor: seed.actor,
          releaseFundStatus: seed.releaseFundStatus,
          changeRequestsMax: PROPERTY_CHANGE_REQUESTS_MAX,
        }),
        at,
      };
    case 'OpenDispute':
      return { type: 'OpenDispute', actor: seed.actor, reason: seed.reason, description: 'a disagreement', at };
    case 'AddDisputeStatement':
      return { ...addStatement(seed.actor, PROPERTY_STATEMENTS_MAX), at };
    case 'WithdrawDispute':
      return withdrawDispute(seed.actor, at);
    case 'DecideDispute':
      return decideDispute(seed.freelancerPayoutPaise, seed.refundPlatformFee, at);
    case 'Release':
      return release(seed.contractStatus, seed.releaseFundStatus, at);
    case 'ReleaseOnLapse':
      return releaseOnLapse(at);
    case 'Refund':
      return refund(seed.stage, seed.stoppedBy, seed.decidedBy, at);
    case 'RecordClientRefund':
      return { type: 'RecordClientRefund', refundId: 're_1', at };
    case 'MarkSettled':
      return { type: 'MarkSettled', at };
  }
}

interface Step {
  readonly before: EscrowState;
  readonly command: EscrowCommand;
  /** The event decided (null: nothing to do), or the refusal. */
  readonly event: EscrowEvent | null;
  readonly refusal: DomainError | null;
  readonly after: EscrowState;
}

/**
 * Runs a plan from an escrow that funds its contract: decide, then evolve with what was decided.
 * Anything thrown other than a DomainError (a broken assertion in evolve, a crash) fails the run.
 */
function run(plan: readonly PlannedStep[]): Step[] {
  let state = foldEscrow(ESCROW, [funded]);
  let now = FUNDED_AT.getTime();
  const steps: Step[] = [];
  for (const { advanceMs, seed } of plan) {
    now += advanceMs;
    const command = commandFor(seed, state, new Date(now));
    let event: EscrowEvent | null = null;
    let refusal: DomainError | null = null;
    try {
      event = decideEscrow(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refusal = error;
    }
    const after = event === null ? state : evolveEscrow(state, event);
    steps.push({ before: state, command, event, refusal, after });
    state = after;
  }
  return steps;
}

const MONEY_DECISIONS: ReadonlySet<EscrowCommand['type']> = new Set(['Release', 'ReleaseOnLapse', 'Refund', 'RequestChanges', 'Return']);

/** Batches of 400 random plans at most, while some outcome the properties are about was never reached. */
const COVERAGE_BATCHES_MAX = 5;

function propertyOverRuns(check: (steps: readonly Step[]) => void): void {
  fc.assert(
    fc.property(planArb, (plan) => {
      check(run(plan));
    }),
    { numRuns: 400 },
  );
}

/** The path out of an unresolved escrow: the events an admin, a party or the timer would decide, the last one resolving it. */
function wayOutFrom(state: EscrowState, at: Date): { via: string; events: EscrowEvent[] }[] {
  const decideAll = (start: EscrowState, commands: readonly EscrowCommand[]): EscrowEvent[] => {
    let current = start;
    const events: EscrowEvent[] = [];
    for (const command of commands) {
      const event = decideEscrow(command, current);
      expect(event, `${command.type} decides an event`).not.toBeNull();
      events.push(event!);
      current = evolveEscrow(current, event!);
    }
    return events;
  };
  const paths: { via: string; events: EscrowEvent[] }[] = [];
  if (isDisputeOpen(state)) {
    paths.push({ via: 'an admin decides the open dispute', events: decideAll(state, [decideDispute(0, false, at)]) });
    return paths;
  }
  // Once the review has ended unanswered the lapse is the way out, and no dispute opens.
  if (state.review === null || at < state.review.endsAt) {
    paths.push({
      via: 'a party opens a dispute, an admin decides it',
      events: decideAll(state, [openDispute(FREELANCER, at), decideDispute(45_000, false, at)]),
    });
  }
  if (state.review !== null) {
    const lapse = new Date(Math.max(at.getTime(), state.review.endsAt.getTime()));
    paths.push({ via: 'the review lapses', events: decideAll(state, [releaseOnLapse(lapse)]) });
  }
  return paths;
}

describe('escrow invariants over random command sequences', () => {
  it('decide never yields an event that evolve rejects, and refuses only with typed DomainErrors', () => {
    // `run` lets any other error through, which fails the property.
    propertyOverRuns((steps) => expect(steps.length).toBeGreaterThan(0));
  });

  it('no sequence of commands resolves an escrow twice', () => {
    propertyOverRuns((steps) => {
      const resolutions = steps.filter((step) => step.event?.type === 'EscrowResolved');
      expect(resolutions.length).toBeLessThanOrEqual(1);
      for (const step of steps) {
        if (step.before.resolution !== null) {
          expect(step.after.resolution).toBe(step.before.resolution);
          if (['Release', 'Refund', 'DecideDispute'].includes(step.command.type))
            expect(step.refusal?.code).toBe('ESCROW.ALREADY_RESOLVED');
        }
      }
    });
  });

  it('every resolution accounts for every paisa paid, the freelancer never getting more than their earning', () => {
    propertyOverRuns((steps) => {
      for (const { event } of steps) {
        if (event?.type !== 'EscrowResolved') continue;
        const { clientRefundPaise, freelancerPayoutPaise, platformFeePaise } = event.data;
        expect(clientRefundPaise + freelancerPayoutPaise + platformFeePaise).toBe(ESCROW.amountPaise);
        for (const part of [clientRefundPaise, freelancerPayoutPaise, platformFeePaise]) {
          expect(Number.isSafeInteger(part) && part >= 0).toBe(true);
        }
        expect(freelancerPayoutPaise).toBeLessThanOrEqual(ESCROW.freelancerEarningPaise);
        expect([0, ESCROW.platformFeePaise]).toContain(platformFeePaise);
      }
    });
  });

  it('no money decision is accepted while a dispute is open: only an admin’s decision resolves it', () => {
    propertyOverRuns((steps) => {
      for (const { before, command, event } of steps) {
        if (!isDisputeOpen(before)) continue;
        if (MONEY_DECISIONS.has(command.type)) expect(event, `${command.type} in dispute`).toBeNull();
        if (event?.type === 'EscrowResolved') expect(event.data.kind).toBe('dispute');
        expect(event?.type).not.toBe('ChangesRequested');
      }
    });
  });

  it('from every reachable state an admin or the timer can still resolve the escrow (a way out)', () => {
    propertyOverRuns((steps) => {
      for (const { after, command } of steps) {
        if (after.resolution !== null) continue;
        const paths = wayOutFrom(after, command.at);
        expect(paths.length).toBeGreaterThan(0);
        for (const { via, events } of paths) {
          const last = events.at(-1)!;
          expect(last.type, via).toBe('EscrowResolved');
          expect(events.reduce(evolveEscrow, after).resolution, via).not.toBeNull();
        }
      }
    });
  });

  it('the timer releases only once the review period has ended, as `system`, never in dispute', () => {
    propertyOverRuns((steps) => {
      for (const { before, command, event } of steps) {
        if (command.type !== 'ReleaseOnLapse' || event === null) continue;
        expect(isDisputeOpen(before)).toBe(false);
        expect(before.review).not.toBeNull();
        expect(command.at.getTime()).toBeGreaterThanOrEqual(before.review!.endsAt.getTime());
        expect(resolutionOf(event)).toMatchObject({ kind: 'release', decidedBy: SYSTEM_ACTOR_ID, decidedByRole: 'system' });
      }
    });
  });

  it('a withdrawn dispute leaves a running review at least 3 days, and never shortens it', () => {
    propertyOverRuns((steps) => {
      for (const { before, command, event, after } of steps) {
        if (event?.type !== 'DisputeWithdrawn' || before.review === null) continue;
        const endsAt = after.review!.endsAt.getTime();
        expect(endsAt).toBeGreaterThanOrEqual(command.at.getTime() + REVIEW_REMAINING_MS_AFTER_WITHDRAWAL_MIN);
        expect(endsAt).toBeGreaterThanOrEqual(before.review.endsAt.getTime());
      }
    });
  });

  it('change requests and dispute statements never exceed their bounds, and only the parties act', () => {
    propertyOverRuns((steps) => {
      for (const { command, event, after } of steps) {
        expect(after.changeRequests.length).toBeLessThanOrEqual(PROPERTY_CHANGE_REQUESTS_MAX);
        expect(after.dispute?.statements.length ?? 0).toBeLessThanOrEqual(PROPERTY_STATEMENTS_MAX);
        const byParty =
          'actor' in command &&
          [CLIENT, FREELANCER].some((party) => party.userId === command.actor.userId && party.role === command.actor.role);
        const partyOnly = ['RequestChanges', 'OpenDispute', 'AddDisputeStatement', 'WithdrawDispute'].includes(command.type);
        if (partyOnly && event !== null) expect(byParty, `${command.type} accepted from a non-party`).toBe(true);
      }
    });
  });

  it('the client sends a delivery back only while its review runs, before the release was requested', () => {
    propertyOverRuns((steps) => {
      for (const { before, command, event } of steps) {
        if (event?.type !== 'ChangesRequested' || command.type !== 'RequestChanges') continue;
        expect(command.actor).toEqual(CLIENT);
        expect(before.review).not.toBeNull();
        expect(command.at.getTime()).toBeLessThan(before.review!.endsAt.getTime());
        expect(event.data.round).toBe(before.review!.round);
        expect(command.releaseFundStatus).toBe('NotRequested');
      }
    });
  });

  it('a system step repeated at once decides nothing the second time', () => {
    propertyOverRuns((steps) => {
      for (const { command, event, after } of steps) {
        const systemStep = ['RecordContract', 'StartReview', 'RecordClientRefund', 'MarkSettled', 'ReleaseOnLapse'].includes(command.type);
        if (systemStep && event !== null) expect(decideEscrow(command, after), `${command.type} repeated`).toBeNull();
      }
    });
  });

  it('the generated sequences reach disputes, withdrawals, reviews, lapses and each kind of resolution', () => {
    // Guards the properties above against a generator that never reaches the states they are about.
    // A batch of 400 random plans misses one now and then (about one unit-suite run in eleven missed
    // 'release by admin'): more batches run, each with new plans, until every one is reached.
    const expected = [
      'ReviewStarted',
      'ChangesRequested',
      'DisputeOpened',
      'DisputeStatementAdded',
      'DisputeWithdrawn',
      'ClientRefundSent',
      'EscrowSettled',
      'release by admin',
      'release by system',
      'refund by admin',
      'refund by client',
      'dispute by admin',
    ];
    const seen = new Set<string>();
    for (let batch = 0; batch < COVERAGE_BATCHES_MAX && !expected.every((outcome) => seen.has(outcome)); batch += 1) {
      fc.assert(
        fc.property(planArb, (plan) => {
          for (const { event } of run(plan)) {
            if (event === null) continue;
            seen.add(event.type === 'EscrowResolved' ? `${event.data.kind} by ${event.data.decidedByRole}` : event.type);
          }
        }),
        { numRuns: 400 },
      );
    }
    for (const outcome of expected) expect(seen, outcome).toContain(outcome);
  });
});
