import { describe, expect, it } from 'vitest';
import { processorTransfers, transfersDueFor } from '../ledger/escrow-transfers.ts';
import { balanceOf, PLATFORM_ACCOUNTS } from '../ledger/ledger.ts';
import { DomainError } from '../shared/domain-error.ts';
import { decideEscrow, type EscrowCommand } from './escrow.decide.ts';
import { foldEscrow, type EscrowEvent, type EscrowState } from './escrow.ts';
import { ADMIN, CLIENT, CONTRACT_ID, escrowOf500Inr, escrowResolved } from './escrow.test-support.ts';

/**
 * The escrow's rules for what the payment processor does on its own, and for an admin's answer to
 * a failed refund: given(past events), when(a report or a command), then(the event, nothing, or a
 * refusal). Each report is repeatable: one already recorded decides nothing.
 */

const FUNDED_AT = new Date('2026-03-01T10:00:00.000Z');
const AT = new Date('2026-03-05T10:00:00.000Z');
const ESCROW = escrowOf500Inr(FUNDED_AT);
const funded: EscrowEvent = { type: 'ContractFunded', data: { contractId: CONTRACT_ID, at: FUNDED_AT } };
const refundedAtPending = escrowResolved(AT, {
  kind: 'refund',
  stage: 'Pending',
  clientRefundPaise: 45_000,
  freelancerPayoutPaise: 0,
  platformFeePaise: 5_000,
});
const released = escrowResolved(AT, { kind: 'release', clientRefundPaise: 0, freelancerPayoutPaise: 45_000, platformFeePaise: 5_000 });
const settled: EscrowEvent = { type: 'EscrowSettled', data: { at: AT } };
const refundSent = (refundId: string): EscrowEvent => ({ type: 'ClientRefundSent', data: { refundId, at: AT } });
const refundFailed = (refundId: string): EscrowEvent => ({
  type: 'ClientRefundFailed',
  data: { refundId, reason: 'lost_card', reportedAt: AT, at: AT },
});

const failure = (refundId: string): EscrowCommand => ({
  type: 'RecordRefundFailure',
  refundId,
  reason: 'lost_card',
  reportedAt: AT,
  at: AT,
});
const outside = (refundedTotalPaise: number): EscrowCommand => ({
  type: 'RecordOutsideRefund',
  refundedTotalPaise,
  reportedAt: AT,
  at: AT,
});
const chargebackOpened: EscrowCommand = { type: 'OpenChargeback', disputeId: 'du_1', amountPaise: 50_000, at: AT };
const chargebackClosed = (won: boolean): EscrowCommand => ({
  type: 'CloseChargeback',
  disputeId: 'du_1',
  amountPaise: 50_000,
  won,
  at: AT,
});
const resolveByProcessor: EscrowCommand = { type: 'ResolveByProcessor', at: AT };
/** An admin's release of the delivered work the client asked to release: allowed unless something freezes the escrow. */
const release: EscrowCommand = {
  type: 'Release',
  actor: ADMIN,
  contractId: CONTRACT_ID,
  contractStatus: 'Completed',
  releaseFundStatus: 'Requested',
  at: AT,
};

function given(...events: EscrowEvent[]): EscrowState {
  return foldEscrow(ESCROW, events);
}

/** Decides, and folds the event in: the state after the command. */
function after(state: EscrowState, command: EscrowCommand): EscrowState {
  const event = decideEscrow(command, state);
  expect(event, `${command.type} decides an event`).not.toBeNull();
  return givenRecorded(...eventsOf(state), event!);
}

/** The events each state was folded from, so a test can go on from it. */
const history = new WeakMap<EscrowState, EscrowEvent[]>();
function eventsOf(state: EscrowState): EscrowEvent[] {
  const events = history.get(state);
  if (events === undefined) throw new Error('a state made by givenRecorded or after');
  return events;
}
function givenRecorded(...events: EscrowEvent[]): EscrowState {
  const state = given(...events);
  history.set(state, events);
  return state;
}

function refusal(command: EscrowCommand, state: EscrowState): string {
  try {
    decideEscrow(command, state);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return 'decided';
}

describe('a client refund the processor reports failed', () => {
  const refunded = givenRecorded(funded, refundedAtPending, refundSent('re_1'), settled);
  /** Refunded, sent as re_1, and re_1 reported failed. */
  const failedOnce: EscrowEvent[] = [funded, refundedAtPending, refundSent('re_1'), settled, refundFailed('re_1')];
  const retry: EscrowEvent = { type: 'ClientRefundRetried', data: { by: ADMIN.userId, at: AT } };
  const settledByHand: EscrowEvent = { type: 'ClientRefundSettledByHand', data: { by: ADMIN.userId, note: 'NEFT 4471', at: AT } };

  it('is recorded for the standing refund only, once', () => {
    expect(decideEscrow(failure('re_1'), refunded)).toMatchObject({ type: 'ClientRefundFailed', data: { refundId: 're_1' } });
    expect(decideEscrow(failure('re_other'), refunded), 'a refund that is not the standing one').toBeNull();
    expect(decideEscrow(failure('re_1'), given(...failedOnce))).toBeNull();
  });

  it('is not recorded again when reported again after an admin settled it by hand (found by the model test)', () => {
    const byHand = given(...failedOnce, settledByHand);
    // The failed refund is still the last one sent; its failure is already in the records and the ledger.
    expect(byHand.clientRefundId).toBe('re_1');
    expect(decideEscrow(failure('re_1'), byHand)).toBeNull();
    // A retry the processor answered with the same refund (it still held it) sent it again: that send can fail.
    const resent = given(...failedOnce, retry, refundSent('re_1'));
    expect(decideEscrow(failure('re_1'), resent)).toMatchObject({ type: 'ClientRefundFailed', data: { refundId: 're_1' } });
  });

  it('moves the client’s share to the refunds owed, and back out when retried or settled by hand', () => {
    const failed = given(...failedOnce);
    expect(balanceOf(PLATFORM_ACCOUNTS.refundsFailed, transfersDueFor(failed))).toBe(45_000);
    const retried = given(...failedOnce, retry, refundSent('re_2'));
    expect(retried).toMatchObject({ clientRefundId: 're_2', clientRefundsSent: 2, refundFailure: null });
    expect(balanceOf(PLATFORM_ACCOUNTS.refundsFailed, transfersDueFor(retried))).toBe(0);
    expect(balanceOf(PLATFORM_ACCOUNTS.clientRefunds, transfersDueFor(retried))).toBe(45_000);
    const byHand = given(...failedOnce, settledByHand);
    expect(balanceOf(PLATFORM_ACCOUNTS.refundsFailed, transfersDueFor(byHand))).toBe(0);
  });

  it('is answered by an admin only, and only while failed', () => {
    const failed = given(...failedOnce);
    expect(refusal({ type: 'RetryClientRefund', actor: CLIENT, at: AT }, failed)).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect(refusal({ type: 'RetryClientRefund', actor: ADMIN, at: AT }, refunded)).toBe('ESCROW.REFUND_NOT_FAILED');
    expect(refusal({ type: 'SettleClientRefundByHand', actor: ADMIN, note: 'x', at: AT }, refunded)).toBe('ESCROW.REFUND_NOT_FAILED');
    expect(decideEscrow({ type: 'RetryClientRefund', actor: ADMIN, at: AT }, failed)?.type).toBe('ClientRefundRetried');
  });
});

describe('a refund made outside this service', () => {
  it('is what the processor’s running total adds beyond this service’s own refund and earlier reports', () => {
    const refunded = givenRecorded(funded, refundedAtPending, refundSent('re_1'), settled);
    expect(decideEscrow(outside(45_000), refunded), 'only our own refund').toBeNull();
    const more = after(refunded, outside(47_000));
    expect(more).toMatchObject({ outsideRefundedPaise: 2_000 });
    expect(decideEscrow(outside(47_000), more), 'the same total again').toBeNull();
    expect(decideEscrow(outside(46_000), more), 'an older total, late').toBeNull();
  });

  it('counts this service’s refund as the processor did when it reported: a total from before the refund failed adds nothing', () => {
    const BEFORE = new Date(AT.getTime() - 60_000);
    const failedLater: EscrowEvent = {
      type: 'ClientRefundFailed',
      data: { refundId: 're_1', reason: 'lost_card', reportedAt: AT, at: AT },
    };
    const failed = givenRecorded(funded, refundedAtPending, refundSent('re_1'), settled, failedLater);
    const late = (refundedTotalPaise: number): EscrowCommand => ({
      type: 'RecordOutsideRefund',
      refundedTotalPaise,
      reportedAt: BEFORE,
      at: AT,
    });
    expect(decideEscrow(late(45_000), failed), 'our own refund, reported before it failed').toBeNull();
    expect(decideEscrow(outside(45_000), failed), 'the same total reported after the failure is a refund made outside').toMatchObject({
      data: { amountPaise: 45_000 },
    });
  });

  it('resolves an unresolved escrow: the refunded part the client’s, the fee from the rest, the freelancer what remains', () => {
    const reported = after(givenRecorded(funded), outside(20_000));
    expect(decideEscrow(resolveByProcessor, reported)).toMatchObject({
      type: 'EscrowResolved',
      data: {
        kind: 'outside_refund',
        clientRefundPaise: 20_000,
        platformFeePaise: 5_000,
        freelancerPayoutPaise: 25_000,
        decidedByRole: 'system',
      },
    });
    expect(decideEscrow(resolveByProcessor, given(funded)), 'nothing given back, nothing to resolve').toBeNull();
  });

  it('leaves the escrow to the processor’s resolution: no release, refund or decision comes before it', () => {
    const reported = after(givenRecorded(funded), outside(20_000));
    expect(refusal(release, reported)).toBe('ESCROW.GIVEN_BACK_BY_PROCESSOR');
    expect(decideEscrow({ type: 'ReleaseOnLapse', contractId: CONTRACT_ID, at: new Date('2999-01-01') }, reported)).toBeNull();
    expect(decideEscrow(resolveByProcessor, reported)?.type).toBe('EscrowResolved');
  });

  it('is the platform’s loss on an escrow already resolved', () => {
    const state = after(givenRecorded(funded, released, settled), outside(1_000));
    expect(decideEscrow(resolveByProcessor, state)).toBeNull();
    expect(balanceOf(PLATFORM_ACCOUNTS.platformLosses, processorTransfers(state))).toBe(-1_000);
  });
});

describe('a chargeback', () => {
  it('freezes an unresolved escrow until the network decides', () => {
    const open = after(givenRecorded(funded), chargebackOpened);
    expect(decideEscrow(chargebackOpened, open), 'reported again').toBeNull();
    expect(refusal(release, open)).toBe('ESCROW.IN_CHARGEBACK');
    expect(decideEscrow({ type: 'ReleaseOnLapse', contractId: CONTRACT_ID, at: new Date('2999-01-01') }, open)).toBeNull();
    const won = after(open, chargebackClosed(true));
    expect(won.chargeback?.status).toBe('won');
    expect(decideEscrow(release, won)?.type).toBe('EscrowResolved');
  });

  it('lost, resolves an unresolved escrow with the network’s share; closed before it opened, it is recorded as both', () => {
    const lost = after(givenRecorded(funded), chargebackClosed(false));
    expect(lost.chargeback).toMatchObject({ status: 'lost', openedAt: AT, closedAt: AT });
    expect(decideEscrow(chargebackOpened, lost), 'the opening arriving late').toBeNull();
    expect(decideEscrow(chargebackClosed(false), lost), 'the close again').toBeNull();
    expect(decideEscrow(resolveByProcessor, lost)).toMatchObject({
      data: { kind: 'chargeback', clientRefundPaise: 50_000, freelancerPayoutPaise: 0, platformFeePaise: 0 },
    });
  });

  it('lost after a release, is the platform’s loss and moves nothing else', () => {
    const lost = after(after(givenRecorded(funded, released, settled), chargebackOpened), chargebackClosed(false));
    expect(decideEscrow(resolveByProcessor, lost)).toBeNull();
    const transfers = transfersDueFor(lost);
    expect(balanceOf(PLATFORM_ACCOUNTS.chargebacks, transfers)).toBe(50_000);
    expect(balanceOf(PLATFORM_ACCOUNTS.platformLosses, transfers)).toBe(-50_000);
  });
});
