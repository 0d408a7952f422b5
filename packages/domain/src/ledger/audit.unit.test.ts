import { describe, expect, it } from 'vitest';
import { foldEscrow, type EscrowEvent } from '../escrow/escrow.ts';
import { auditEscrow, LedgerAudit } from './audit.ts';
import { paymentHeld, resolutionTransfers } from './escrow-transfers.ts';
import { walletAccount, type Transfer } from './ledger.ts';
import { surplusDebitGivenBack, withdrawalDebit, withdrawalPaidOut, withdrawalReversed } from './withdrawal.ts';
import { disputeDecidedOn1000Inr, escrowOf1000Inr } from './ledger.test-support.ts';

const escrow = escrowOf1000Inr(new Date('2025-01-01T00:00:00Z'));
const resolution = disputeDecidedOn1000Inr(new Date('2025-01-02T00:00:00Z'));
const settledEvents: EscrowEvent[] = [
  { type: 'ContractFunded', data: { contractId: 'k1', at: escrow.fundedAt } },
  { type: 'EscrowResolved', data: resolution },
  { type: 'ClientRefundSent', data: { refundId: 're_1', at: resolution.decidedAt } },
  { type: 'EscrowSettled', data: { at: resolution.decidedAt } },
];

function ledgerOf(transfers: readonly Transfer[]): LedgerAudit {
  const audit = new LedgerAudit();
  for (const transfer of transfers) audit.add(transfer);
  return audit;
}

describe('the audit of the books', () => {
  const transfers = [paymentHeld(escrow), ...resolutionTransfers(escrow, resolution)];

  it('finds nothing in a settled disputed escrow with its four transfers', () => {
    expect(ledgerOf(transfers).violations()).toEqual([]);
    expect(auditEscrow(foldEscrow(escrow, settledEvents), settledEvents, transfers)).toEqual([]);
  });

  it('names a missing transfer, a wrong amount and an escrow account left holding money', () => {
    const [payment, fee, payout] = transfers;
    const found = auditEscrow(foldEscrow(escrow, settledEvents), settledEvents, [payment!, { ...fee!, amountPaise: 9_000 }, payout!]);
    expect(found.map((violation) => violation.rule).sort()).toEqual(['escrow-account', 'escrow-transfers', 'escrow-transfers']);
  });

  it('names a negative wallet and a transfer of nothing', () => {
    const overdrawn: Transfer = { ...transfers[2]!, id: 'x', debitAccount: walletAccount('f2'), creditAccount: 'processor' };
    const empty: Transfer = { ...transfers[2]!, id: 'y', amountPaise: 0 };
    const rules = ledgerOf([...transfers, overdrawn, empty])
      .violations()
      .map((violation) => violation.rule);
    expect(rules).toEqual(['transfer-positive', 'wallet-not-negative']);
  });

  it('names a withdrawal that got back more than it took, and not one given back whole or in parts', () => {
    const withdrawal = {
      id: 'w1',
      userId: 'f1',
      amountPaise: 40_000,
      status: 'paid_out' as const,
      requestedAt: escrow.fundedAt,
      payoutId: 'tr_1',
      paidOutAt: escrow.fundedAt,
      returnedPaise: 0,
      returnedAt: null,
      returnReason: null,
    };
    const opening: Transfer = { ...transfers[2]!, id: 'opening', creditAccount: walletAccount('f1'), amountPaise: 100_000 };
    const debit = withdrawalDebit({ userId: 'f1', withdrawalId: 'w1', amountPaise: 40_000, debitNumber: 1, at: escrow.fundedAt });
    const paidOut = withdrawalPaidOut(withdrawal, 'tr_1', escrow.fundedAt);
    const part = withdrawalReversed(withdrawal, 15_000, 'reversed', escrow.fundedAt);
    const rest = withdrawalReversed({ ...withdrawal, returnedPaise: 15_000 }, 25_000, 'reversed', escrow.fundedAt);
    const rulesOf = (extra: readonly Transfer[]) =>
      ledgerOf([...transfers, opening, debit, paidOut, ...extra])
        .violations()
        .map((violation) => violation.rule);
    expect(rulesOf([part, rest])).toEqual([]);
    // The same reversal credited twice under two ids, as the old code and the new could during a rolling deploy.
    const oldWhole: Transfer = { ...part, id: 'withdrawal:w1:returned', amountPaise: 40_000 };
    expect(rulesOf([part, oldWhole])).toEqual(['withdrawal-returned-within-amount']);
  });

  it('names a withdrawal that debited its wallet twice (two runs under one key, each taking a numbered debit) until the surplus is given back', () => {
    const opening: Transfer = { ...transfers[2]!, id: 'opening', creditAccount: walletAccount('f1'), amountPaise: 100_000 };
    const debit = (debitNumber: number) =>
      withdrawalDebit({ userId: 'f1', withdrawalId: 'w1', amountPaise: 40_000, debitNumber, at: escrow.fundedAt });
    const rules = (debits: readonly Transfer[]) =>
      ledgerOf([...transfers, opening, ...debits])
        .violations()
        .map((violation) => violation.rule);
    expect(rules([debit(1)])).toEqual([]);
    expect(rules([debit(1), debit(2)])).toEqual(['withdrawal-one-debit']);
    expect(rules([debit(1), debit(2), surplusDebitGivenBack(debit(2), escrow.fundedAt)])).toEqual([]);
  });
});
