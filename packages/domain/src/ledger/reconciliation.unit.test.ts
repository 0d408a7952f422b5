import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldEscrow, type EscrowEvent, type EscrowState } from '../escrow/escrow.ts';
import type { ProcessorPaymentRecord, ProcessorPayoutRecord, ProcessorRefund } from '../ports/payment-gateway.port.ts';
import { transfersDueFor } from './escrow-transfers.ts';
import type { Transfer } from './ledger.ts';
import { disputeDecidedOn1000Inr, escrowOf1000Inr } from './ledger.test-support.ts';
import { reconcileEscrow, reconcileWithdrawal, type ReconciliationDifferenceKind } from './reconciliation.ts';
import type { Withdrawal } from './withdrawal.ts';

const at = new Date('2025-01-01T00:00:00Z');
const escrow = escrowOf1000Inr(at);
const resolution = disputeDecidedOn1000Inr(at);
const SHARE = resolution.clientRefundPaise;

/** How an escrow's client refund went: sent, failed and retried `retries` times, and what became of the last one. */
interface History {
  readonly retries: number;
  readonly last: 'standing' | 'failed' | 'settledByHand';
  readonly outsideRefunds: readonly number[];
}

function eventsOf(history: History): EscrowEvent[] {
  const events: EscrowEvent[] = [
    { type: 'ContractFunded', data: { contractId: 'k1', at } },
    { type: 'EscrowResolved', data: resolution },
    { type: 'ClientRefundSent', data: { refundId: 're_1', at } },
    { type: 'EscrowSettled', data: { at } },
  ];
  for (let retry = 1; retry <= history.retries; retry += 1) {
    events.push(
      { type: 'ClientRefundFailed', data: { refundId: `re_${retry}`, reason: 'lost_or_stolen_card', reportedAt: at, at } },
      { type: 'ClientRefundRetried', data: { by: 'a1', at } },
      { type: 'ClientRefundSent', data: { refundId: `re_${retry + 1}`, at } },
    );
  }
  const lastId = `re_${history.retries + 1}`;
  if (history.last !== 'standing')
    events.push({ type: 'ClientRefundFailed', data: { refundId: lastId, reason: 'expired_card', reportedAt: at, at } });
  if (history.last === 'settledByHand') events.push({ type: 'ClientRefundSettledByHand', data: { by: 'a1', note: 'bank transfer', at } });
  let total = SHARE * (history.last === 'standing' ? 1 : 0);
  for (const amountPaise of history.outsideRefunds) {
    total += amountPaise;
    events.push({ type: 'OutsideRefundRecorded', data: { amountPaise, refundedTotalPaise: total, at } });
  }
  return events;
}

/** The processor that did exactly what the escrow's history says. */
function honestProcessor(history: History): ProcessorPaymentRecord {
  const refunds: ProcessorRefund[] = [];
  for (let n = 1; n <= history.retries + 1; n += 1) {
    const standing = n === history.retries + 1 && history.last === 'standing';
    refunds.push({ refundId: `re_${n}`, amountPaise: SHARE, status: standing ? 'succeeded' : 'failed', escrowId: 'e1' });
  }
  history.outsideRefunds.forEach((amountPaise, index) => {
    refunds.push({ refundId: `re_outside_${index}`, amountPaise, status: 'succeeded', escrowId: null });
  });
  return { paymentIntentId: 'pi_1', amountReceivedPaise: escrow.amountPaise, refunds };
}

function booksOf(history: History): { state: EscrowState; transfers: Transfer[] } {
  const state = foldEscrow(escrow, eventsOf(history));
  return { state, transfers: transfersDueFor(state) };
}

const kinds = (differences: readonly { kind: ReconciliationDifferenceKind }[]) => differences.map((difference) => difference.kind).sort();

const histories = fc.record({
  retries: fc.integer({ min: 0, max: 3 }),
  last: fc.constantFrom('standing' as const, 'failed' as const, 'settledByHand' as const),
  outsideRefunds: fc.array(fc.integer({ min: 1, max: 5_000 }), { maxLength: 3 }),
});

describe('reconcileEscrow(state, transfers, processor)', () => {
  it('finds nothing when the processor did what the books say, whatever the refunds went through', () => {
    fc.assert(
      fc.property(histories, (history) => {
        const { state, transfers } = booksOf(history);
        expect(reconcileEscrow(state, transfers, honestProcessor(history))).toEqual([]);
      }),
    );
  });

  it('finds nothing for an escrow still held with no refund', () => {
    const state = foldEscrow(escrow, [{ type: 'ContractFunded', data: { contractId: 'k1', at } }]);
    const processor = { paymentIntentId: 'pi_1', amountReceivedPaise: 100_000, refunds: [] };
    expect(reconcileEscrow(state, transfersDueFor(state), processor)).toEqual([]);
  });

  const standing: History = { retries: 1, last: 'standing', outsideRefunds: [2_000] };
  const processor = honestProcessor(standing);
  const withRefund = (refundId: string, change: Partial<ProcessorRefund>) => ({
    ...processor,
    refunds: processor.refunds.map((refund) => (refund.refundId === refundId ? { ...refund, ...change } : refund)),
  });
  const cases: readonly [string, ProcessorPaymentRecord | null, ReconciliationDifferenceKind[]][] = [
    ['the processor has no such payment', null, ['payment_missing_at_processor']],
    ['the processor received another amount', { ...processor, amountReceivedPaise: 99_000 }, ['payment_amount_differs']],
    [
      'the standing refund is unknown to the processor',
      { ...processor, refunds: processor.refunds.filter((refund) => refund.refundId !== 're_2') },
      ['refund_missing_at_processor', 'refunded_total_differs'],
    ],
    [
      'a refund recorded failed is unknown to the processor',
      { ...processor, refunds: processor.refunds.filter((refund) => refund.refundId !== 're_1') },
      ['refund_missing_at_processor'],
    ],
    [
      'the standing refund failed at the processor (refund.failed never recorded)',
      withRefund('re_2', { status: 'failed' }),
      ['refund_state_differs', 'refunded_total_differs'],
    ],
    [
      'a refund recorded failed succeeded at the processor',
      withRefund('re_1', { status: 'succeeded' }),
      ['refund_state_differs', 'refunded_total_differs'],
    ],
    [
      'the standing refund is of another amount',
      withRefund('re_2', { amountPaise: 50_000 }),
      ['refund_amount_differs', 'refunded_total_differs'],
    ],
    [
      'a refund of this escrow the escrow does not know moves money',
      { ...processor, refunds: [...processor.refunds, { refundId: 're_9', amountPaise: 1_000, status: 'pending', escrowId: 'e1' }] },
      ['refund_unknown_to_ledger', 'refunded_total_differs'],
    ],
    [
      'a refund made outside this service was never recorded (charge.refunded missed)',
      { ...processor, refunds: [...processor.refunds, { refundId: 're_x', amountPaise: 3_000, status: 'succeeded', escrowId: null }] },
      ['refunded_total_differs'],
    ],
    [
      'a refund of ours that failed as it was made, which the escrow never knew',
      { ...processor, refunds: [...processor.refunds, { refundId: 're_0', amountPaise: SHARE, status: 'failed', escrowId: 'e1' }] },
      [],
    ],
  ];
  it.each(cases)('names each difference: %s', (_, reported, expected) => {
    const { state, transfers } = booksOf(standing);
    expect(kinds(reconcileEscrow(state, transfers, reported))).toEqual(expected);
  });

  it('reads the payment from the ledger: a payment transfer of another amount is a difference, with both amounts', () => {
    const { state, transfers } = booksOf(standing);
    const altered = transfers.map((transfer) => (transfer.kind === 'payment_held' ? { ...transfer, amountPaise: 90_000 } : transfer));
    expect(reconcileEscrow(state, altered, processor)).toEqual([
      expect.objectContaining({
        kind: 'payment_amount_differs',
        subjectId: 'e1',
        externalId: 'pi_1',
        ledgerPaise: 90_000,
        processorPaise: 100_000,
      }),
    ]);
  });

  it('counts a refund settled by hand as paid outside the processor', () => {
    const byHand: History = { retries: 0, last: 'settledByHand', outsideRefunds: [] };
    const { state, transfers } = booksOf(byHand);
    const succeeded = {
      ...honestProcessor(byHand),
      refunds: [{ refundId: 're_1', amountPaise: SHARE, status: 'succeeded' as const, escrowId: 'e1' }],
    };
    expect(kinds(reconcileEscrow(state, transfers, succeeded))).toEqual(['refund_state_differs', 'refunded_total_differs']);
  });
});

describe('reconcileWithdrawal(withdrawal, payouts)', () => {
  const paidOut: Withdrawal = {
    id: 'w1',
    userId: 'f1',
    amountPaise: 20_000,
    status: 'paid_out',
    requestedAt: at,
    payoutId: 'tr_1',
    paidOutAt: at,
    returnedPaise: 0,
    returnedAt: null,
    returnReason: null,
  };
  const refused: Withdrawal = {
    ...paidOut,
    status: 'returned',
    payoutId: null,
    paidOutAt: null,
    returnedPaise: 20_000,
    returnedAt: at,
    returnReason: 'refused',
  };
  const reversed: Withdrawal = { ...paidOut, status: 'returned', returnedPaise: 20_000, returnedAt: at, returnReason: 'reversed' };
  const partlyReversed: Withdrawal = { ...paidOut, returnedPaise: 5_000, returnedAt: at, returnReason: 'reversed' };
  const pending: Withdrawal = { ...paidOut, status: 'pending', payoutId: null, paidOutAt: null };
  const transfer: ProcessorPayoutRecord = { payoutId: 'tr_1', amountPaise: 20_000, reversedPaise: 0 };
  const cases: readonly [string, Withdrawal, ProcessorPayoutRecord[], ReconciliationDifferenceKind[]][] = [
    ['paid out, as the processor says', paidOut, [transfer], []],
    ['refused, and the processor sent nothing', refused, [], []],
    ['pending, and the processor sent nothing yet', pending, [], []],
    ['reversed, and reversed in full at the processor', reversed, [{ ...transfer, reversedPaise: 20_000 }], []],
    ['refused, and the processor sent a transfer it reversed in full', refused, [{ ...transfer, reversedPaise: 20_000 }], []],
    ['paid out, unknown to the processor', paidOut, [], ['payout_missing_at_processor']],
    ['paid out for another amount', paidOut, [{ ...transfer, amountPaise: 25_000 }], ['payout_amount_differs']],
    [
      'paid out, reversed at the processor (transfer.reversed missed)',
      paidOut,
      [{ ...transfer, reversedPaise: 20_000 }],
      ['payout_reversal_not_recorded'],
    ],
    ['given back after the payout, not reversed at the processor', reversed, [transfer], ['payout_reversal_differs']],
    ['partly reversed, by as much at the processor', partlyReversed, [{ ...transfer, reversedPaise: 5_000 }], []],
    ['partly reversed, further at the processor', partlyReversed, [{ ...transfer, reversedPaise: 8_000 }], ['payout_reversal_differs']],
    [
      'given back in full, only partly reversed at the processor',
      reversed,
      [{ ...transfer, reversedPaise: 5_000 }],
      ['payout_reversal_differs'],
    ],
    ['refused in the ledger, sent by the processor', refused, [{ ...transfer, payoutId: 'tr_2' }], ['payout_unknown_to_ledger']],
    ['pending in the ledger, sent by the processor', pending, [transfer], ['payout_unknown_to_ledger']],
    ['paid out twice', paidOut, [transfer, { ...transfer, payoutId: 'tr_2' }], ['payout_unknown_to_ledger']],
  ];
  it.each(cases)('%s', (_, withdrawal, payouts, expected) => {
    const found = reconcileWithdrawal(withdrawal, payouts);
    expect(kinds(found)).toEqual(expected);
    for (const difference of found) expect(difference).toMatchObject({ subject: 'withdrawal', subjectId: 'w1' });
  });
});
