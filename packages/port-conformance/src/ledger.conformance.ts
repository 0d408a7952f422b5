import {
  escrowAccount,
  paymentHeld,
  resolutionTransfers,
  walletAccount,
  withdrawalDebit,
  type EscrowResolution,
  type Transfer,
} from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { at, escrowFixture, newId, simultaneously, transferFixture } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

export function describeLedger(ports: () => PersistencePorts): void {
  describe('ledger', () => {
    it('records a transfer once and answers a replay with the transfer recorded first', async () => {
      const transfer = transferFixture();
      await expect(ports().ledger.record([transfer])).resolves.toStrictEqual({ recorded: [transfer], existing: [] });
      const replay = { ...transfer, amountPaise: 1, at: at(59) };
      await expect(ports().ledger.record([replay])).resolves.toStrictEqual({ recorded: [], existing: [transfer] });
      await expect(ports().ledger.listByAccount(transfer.creditAccount, 10)).resolves.toStrictEqual([transfer]);
      await expect(ports().ledger.positionOf(transfer.creditAccount)).resolves.toStrictEqual({ balancePaise: 90_000, debits: 0 });
      await expect(ports().ledger.positionOf(transfer.debitAccount)).resolves.toStrictEqual({ balancePaise: -90_000, debits: 1 });
    });

    it('records the new transfers of a batch and answers the taken ones, in one call', async () => {
      const escrowId = newId();
      const first = transferFixture({ escrowId });
      await ports().ledger.record([first]);
      const second = transferFixture({
        escrowId,
        id: `escrow:${escrowId}:release:fee`,
        creditAccount: 'platform-fees',
        kind: 'platform_fee',
        at: at(13),
      });
      const result = await ports().ledger.record([{ ...first, amountPaise: 7 }, second]);
      expect(result).toStrictEqual({ recorded: [second], existing: [first] });
      await expect(ports().ledger.listByEscrow(escrowId)).resolves.toStrictEqual([first, second]);
      await expect(ports().ledger.record([])).resolves.toStrictEqual({ recorded: [], existing: [] });
    });

    it("pages a user's withdrawal debits newest first by (time, withdrawal id), and nothing else of the wallet", async () => {
      const userId = newId();
      const wallet = walletAccount(userId);
      const debit = (minute: number, withdrawalId: string, number: number) =>
        withdrawalDebit({ userId, withdrawalId, amountPaise: 100 * number, debitNumber: number, at: at(minute) });
      const [low, high] = [newId(), newId()].sort();
      const first = debit(1, newId(), 1);
      const tiedLow = debit(2, low ?? '', 2);
      const tiedHigh = debit(2, high ?? '', 3);
      const last = debit(3, newId(), 4);
      await ports().ledger.record([tiedHigh, first, last, tiedLow]);
      // Not withdrawal debits: money into the wallet, another user's withdrawal.
      await ports().ledger.record(
        [transferFixture({ creditAccount: wallet, at: at(4) }), debit(5, newId(), 9)].map((transfer, index) =>
          index === 1 ? { ...transfer, debitAccount: walletAccount(newId()), id: `${transfer.id}:other` } : transfer,
        ),
      );

      const firstPage = await ports().ledger.listWithdrawalDebits(userId, { limit: 2 });
      expect(firstPage).toStrictEqual([last, tiedHigh]);
      const secondPage = await ports().ledger.listWithdrawalDebits(userId, { limit: 2, after: { at: tiedHigh.at, id: high ?? '' } });
      expect(secondPage).toStrictEqual([tiedLow, first]);
      await expect(
        ports().ledger.listWithdrawalDebits(userId, { limit: 2, after: { at: first.at, id: first.withdrawalId ?? '' } }),
      ).resolves.toStrictEqual([]);
      await expect(ports().ledger.listWithdrawalDebits(newId(), { limit: 2 })).resolves.toStrictEqual([]);
    });

    it('records exactly one of 20 simultaneous transfers under one id', async () => {
      const id = `wallet:${newId()}:debit:1`;
      const creditAccount = `wallet:${newId()}`;
      const results = await simultaneously(20, () => ports().ledger.record([transferFixture({ id, creditAccount })]));
      expect(results.filter((result) => result.recorded.length === 1)).toHaveLength(1);
      expect(results.filter((result) => result.existing.length === 1)).toHaveLength(19);
      await expect(ports().ledger.positionOf(creditAccount)).resolves.toStrictEqual({ balancePaise: 90_000, debits: 0 });
    });

    it('reads each escrow claimed as its payment held, in every read, from the claim on, and never records one', async () => {
      const escrow = escrowFixture({ fundedAt: at(10) });
      const other = escrowFixture({ fundedAt: at(20), amountPaise: 40_000, platformFeePaise: 4_000, freelancerEarningPaise: 36_000 });
      for (const claimed of [escrow, other]) await ports().escrows.claim(claimed);
      await ports().escrows.claim({ ...escrow, id: newId() });
      const [held, otherHeld] = [paymentHeld(escrow), paymentHeld(other)];
      expect(held).toMatchObject({ id: `escrow:${escrow.id}:payment`, debitAccount: 'processor', creditAccount: `escrow:${escrow.id}` });
      const release: EscrowResolution = {
        escrowId: escrow.id,
        contractId: newId(),
        kind: 'release',
        stage: null,
        clientRefundPaise: 0,
        freelancerPayoutPaise: escrow.freelancerEarningPaise,
        platformFeePaise: escrow.platformFeePaise,
        decidedBy: 'system',
        decidedByRole: 'system',
        decidedAt: at(30),
        reason: null,
        reasonDescription: null,
      };
      const resolved = resolutionTransfers(escrow, release);
      await ports().ledger.record(resolved);

      await expect(ports().ledger.listByEscrow(escrow.id)).resolves.toStrictEqual([held, ...resolved].sort(byTimeThenId));
      await expect(ports().ledger.listByEscrow(other.id)).resolves.toStrictEqual([otherHeld]);
      await expect(ports().ledger.listByAccount(escrowAccount(escrow.id), 10)).resolves.toStrictEqual(
        [held, ...resolved].sort(byTimeThenId).toReversed(),
      );
      await expect(ports().ledger.listByAccount('processor', 10)).resolves.toStrictEqual([otherHeld, held]);
      await expect(ports().ledger.listByAccount('processor', 1)).resolves.toStrictEqual([otherHeld]);
      await expect(ports().ledger.positionOf(escrowAccount(escrow.id))).resolves.toStrictEqual({
        balancePaise: 0,
        debits: resolved.length,
      });
      await expect(ports().ledger.positionOf(escrowAccount(other.id))).resolves.toStrictEqual({ balancePaise: 40_000, debits: 0 });
      await expect(ports().ledger.positionOf('processor')).resolves.toStrictEqual({ balancePaise: -140_000, debits: 2 });

      const walked: Transfer[] = [];
      for (let after: string | null = null; ;) {
        const page = await ports().ledger.listAfter(after, 1);
        if (page.length === 0) break;
        walked.push(...page);
        after = page.at(-1)?.id ?? null;
      }
      expect(walked).toStrictEqual([held, otherHeld, ...resolved].sort((a, b) => (a.id < b.id ? -1 : 1)));
      await expect(ports().ledger.listAfter(null, 10)).resolves.toStrictEqual(walked);

      const fee = transferFixture({ escrowId: other.id, id: `escrow:${other.id}:release:fee`, kind: 'platform_fee' });
      await expect(ports().ledger.record([fee, otherHeld])).rejects.toThrow();
      await expect(ports().ledger.listByEscrow(other.id)).resolves.toStrictEqual([otherHeld]);
    });

    it('refuses a transfer of no money or between one account and itself, recording nothing', async () => {
      const zero = transferFixture({ amountPaise: 0 });
      await expect(ports().ledger.record([zero])).rejects.toThrow();
      const loop = transferFixture({ creditAccount: 'processor', debitAccount: 'processor' });
      await expect(ports().ledger.record([loop])).rejects.toThrow();
      await expect(ports().ledger.listByAccount(zero.creditAccount, 10)).resolves.toStrictEqual([]);
    });

    it('lists an account newest first, bounded, an escrow and withdrawals oldest first', async () => {
      const wallet = `wallet:${newId()}`;
      const escrowId = newId();
      const withdrawalId = newId();
      const first = transferFixture({ creditAccount: wallet, escrowId, at: at(1) });
      const second = transferFixture({
        id: `${wallet}:debit:1`,
        debitAccount: wallet,
        creditAccount: 'payouts-in-transit',
        amountPaise: 30_000,
        kind: 'withdrawal',
        escrowId: null,
        contractId: null,
        withdrawalId,
        at: at(2),
      });
      const third = transferFixture({ creditAccount: wallet, at: at(3) });
      const paidOut = transferFixture({
        id: `withdrawal:${withdrawalId}:paid-out`,
        debitAccount: 'payouts-in-transit',
        creditAccount: 'processor',
        amountPaise: 30_000,
        kind: 'withdrawal_paid_out',
        escrowId: null,
        withdrawalId,
        externalId: 'tr_1',
        at: at(4),
      });
      await ports().ledger.record([first, second, third, paidOut]);
      await expect(ports().ledger.listByAccount(wallet, 10)).resolves.toStrictEqual([third, second, first]);
      await expect(ports().ledger.listByAccount(wallet, 2)).resolves.toStrictEqual([third, second]);
      await expect(ports().ledger.listByEscrow(escrowId)).resolves.toStrictEqual([first]);
      await expect(ports().ledger.listByWithdrawals([withdrawalId, newId()])).resolves.toStrictEqual([second, paidOut]);
      await expect(ports().ledger.listByWithdrawals([])).resolves.toStrictEqual([]);
      await expect(ports().ledger.positionOf(wallet)).resolves.toStrictEqual({ balancePaise: 150_000, debits: 1 });
      await expect(ports().ledger.positionOf(`wallet:${newId()}`)).resolves.toStrictEqual({ balancePaise: 0, debits: 0 });
    });

    it('balances in whole paise beyond 2^31', async () => {
      const wallet = `wallet:${newId()}`;
      await ports().ledger.record([
        transferFixture({ creditAccount: wallet, amountPaise: 12_345 }),
        transferFixture({ creditAccount: wallet, amountPaise: 3_000_000_001 }),
        transferFixture({ debitAccount: wallet, creditAccount: 'payouts-in-transit', amountPaise: 346 }),
      ]);
      await expect(ports().ledger.positionOf(wallet)).resolves.toStrictEqual({ balancePaise: 3_000_012_000, debits: 1 });
    });

    it('walks every transfer in id order, page by page', async () => {
      const prefix = `zz-${newId()}`;
      const ours = [3, 1, 2].map((n) => transferFixture({ id: `${prefix}:${n}` }));
      await ports().ledger.record(ours);
      const seen: string[] = [];
      let after: string | null = prefix;
      for (;;) {
        const page = await ports().ledger.listAfter(after, 2);
        if (page.length === 0) break;
        seen.push(...page.map((transfer) => transfer.id).filter((id) => id.startsWith(prefix)));
        after = page.at(-1)?.id ?? null;
      }
      expect(seen).toStrictEqual([`${prefix}:1`, `${prefix}:2`, `${prefix}:3`]);
      const fromStart = await ports().ledger.listAfter(null, 1);
      expect(fromStart).toHaveLength(1);
    });
  });
}

/** Oldest first, then by id: how an escrow's transfers are listed. */
function byTimeThenId(a: Transfer, b: Transfer): number {
  return a.at.getTime() - b.at.getTime() || (a.id < b.id ? -1 : 1);
}
