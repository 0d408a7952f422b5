import { describe, expect, it } from 'vitest';
import { AssertionFailed } from '../shared/domain-error.ts';
import {
  escrowStatusOf,
  evolveEscrow,
  foldEscrow,
  initialEscrowState,
  NOTHING_FROM_PROCESSOR,
  viewOfEscrow,
  type EscrowEvent,
} from './escrow.ts';
import { CLIENT, CONTRACT_ID, escrowOf500Inr, escrowResolved, type ResolutionFields } from './escrow.test-support.ts';

/**
 * Folding the escrow's stream: what each event does to the state, and the events that can only
 * come from a bug (evolve asserts them rather than guessing).
 */

const AT = new Date('2026-02-01T10:00:00.000Z');
const LATER = new Date('2026-02-03T10:00:00.000Z');
const CLIENT_ID = CLIENT.userId;

const ESCROW = escrowOf500Inr(AT);

const funded: EscrowEvent = { type: 'ContractFunded', data: { contractId: CONTRACT_ID, at: AT } };
const reviewStarted: EscrowEvent = { type: 'ReviewStarted', data: { round: 1, endsAt: LATER, at: AT } };
const disputeOpened: EscrowEvent = {
  type: 'DisputeOpened',
  data: { by: CLIENT_ID, byRole: 'client', reason: 'quality', description: 'why', at: AT },
};
const settled: EscrowEvent = { type: 'EscrowSettled', data: { at: LATER } };

const resolved = (fields: ResolutionFields) => escrowResolved(LATER, fields);

const release = resolved({ kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 });

describe('foldEscrow', () => {
  it('starts funded, with no contract, review, dispute or resolution, at sequence 0', () => {
    expect(foldEscrow(ESCROW, [])).toEqual(initialEscrowState(ESCROW));
    expect(initialEscrowState(ESCROW)).toMatchObject({
      contractId: null,
      sequence: 0,
      review: null,
      reviewRounds: 0,
      changeRequests: [],
      dispute: null,
      resolution: null,
      updatedAt: AT,
    });
  });

  it('starts with nothing from the processor: no refund sent, failed or settled, nothing refunded outside, no chargeback', () => {
    const state = initialEscrowState(ESCROW);
    expect(state).toMatchObject(NOTHING_FROM_PROCESSOR);
    // In the constant's order, after clientRefundId: every state evolved from it keeps that layout.
    const keys = Object.keys(state);
    const from = keys.indexOf('clientRefundId') + 1;
    expect(keys.slice(from, from + Object.keys(NOTHING_FROM_PROCESSOR).length)).toEqual(Object.keys(NOTHING_FROM_PROCESSOR));
  });

  it('counts one sequence per event and takes the time of the latest', () => {
    const state = foldEscrow(ESCROW, [funded, reviewStarted, release]);
    expect(state.sequence).toBe(3);
    expect(state.updatedAt).toEqual(LATER);
  });

  it('a resolution clears the review and closes an open dispute as resolved', () => {
    const dispute = resolved({ kind: 'dispute', clientRefundPaise: 45_000, freelancerPayoutPaise: 0, platformFeePaise: 5_000 });
    const state = foldEscrow(ESCROW, [funded, reviewStarted, disputeOpened, dispute]);
    expect(state.review).toBeNull();
    expect(state.dispute).toMatchObject({ status: 'resolved', closedAt: LATER });
  });
});

describe('evolveEscrow refuses events only a bug would append', () => {
  it.each<[string, readonly EscrowEvent[], EscrowEvent]>([
    ['a second contract', [funded], { type: 'ContractFunded', data: { contractId: 'd'.repeat(24), at: LATER } }],
    ['a review round skipped', [funded], { type: 'ReviewStarted', data: { round: 2, endsAt: LATER, at: AT } }],
    [
      'a change request with no review running',
      [funded],
      { type: 'ChangesRequested', data: { round: 1, by: CLIENT_ID, note: 'n', at: AT } },
    ],
    ['a second open dispute', [funded, disputeOpened], disputeOpened],
    ['a dispute on a resolved escrow', [funded, release], disputeOpened],
    [
      'a statement with no open dispute',
      [funded],
      { type: 'DisputeStatementAdded', data: { by: CLIENT_ID, byRole: 'client', text: 't', mediaUrls: [], at: AT } },
    ],
    ['a withdrawal with no open dispute', [funded], { type: 'DisputeWithdrawn', data: { by: CLIENT_ID, reviewEndsAt: null, at: AT } }],
    ['a second resolution', [funded, release], release],
    [
      'a resolution that loses a paisa',
      [funded],
      resolved({ kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 44_999, platformFeePaise: 5_000 }),
    ],
    [
      'a resolution that makes a paisa',
      [funded],
      resolved({ kind: 'refund', clientRefundPaise: 1, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 }),
    ],
    ['a client refund before a resolution', [funded], { type: 'ClientRefundSent', data: { refundId: 're_1', at: LATER } }],
    ['a settlement before a resolution', [funded], settled],
    ['a second settlement', [funded, release, settled], settled],
  ])('%s', (_what, past, event) => {
    expect(() => evolveEscrow(foldEscrow(ESCROW, past), event)).toThrow(AssertionFailed);
  });
});

describe('escrowStatusOf', () => {
  it.each<[string, EscrowEvent, 'released' | 'refunded']>([
    ['a release', release, 'released'],
    [
      'a refund',
      resolved({ kind: 'refund', clientRefundPaise: 38_250, freelancerPayoutPaise: 6_750, platformFeePaise: 5_000 }),
      'refunded',
    ],
    [
      'a returned payment',
      resolved({ kind: 'return', clientRefundPaise: 50_000, freelancerPayoutPaise: 0, platformFeePaise: 0 }),
      'refunded',
    ],
    [
      'a dispute decision paying the whole earning',
      resolved({ kind: 'dispute', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 }),
      'released',
    ],
    [
      'a dispute decision refunding anything',
      resolved({ kind: 'dispute', clientRefundPaise: 5_000, freelancerPayoutPaise: 45_000, platformFeePaise: 0 }),
      'refunded',
    ],
  ])('stays funded after %s until its money moved, then shows %s', (_what, resolution, status) => {
    const past = [funded, resolution];
    expect(escrowStatusOf(foldEscrow(ESCROW, past))).toBe('funded');
    const done = foldEscrow(ESCROW, [...past, settled]);
    expect(escrowStatusOf(done)).toBe(status);
    // The view is the funding and the state side by side, without the dispute counts only decisions read.
    const { escrow, disputesOpened: _decisionsOnly, ...progress } = done;
    expect(viewOfEscrow(done)).toEqual({ ...escrow, ...progress, status });
  });

  it('is funded while nothing is resolved', () => {
    expect(escrowStatusOf(foldEscrow(ESCROW, [funded, reviewStarted, disputeOpened]))).toBe('funded');
  });
});
