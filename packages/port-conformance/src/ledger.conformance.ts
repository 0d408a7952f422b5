import { describe, expect, it } from 'vitest';
import { at, ledgerEntry, newId, simultaneously } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

export function describeLedger(ports: () => PersistencePorts): void {
  describe('ledger journal', () => {
    it('records an entry once and answers a replay with the recorded entry', async () => {
      const entry = ledgerEntry();
      await expect(ports().ledger.record(entry)).resolves.toEqual({ outcome: 'recorded' });
      const replay = { ...entry, amountPaise: 1, at: at(59) };
      await expect(ports().ledger.record(replay)).resolves.toStrictEqual({ outcome: 'alreadyRecorded', existing: entry });
      await expect(ports().ledger.listByOwner(entry.ownerId, 10)).resolves.toStrictEqual([entry]);
      await expect(ports().ledger.balanceOf(entry.ownerId)).resolves.toBe(entry.amountPaise);
    });

    it('records exactly one of 20 simultaneous entries under one key', async () => {
      const key = `escrow:${newId()}:release:freelancer`;
      const ownerId = newId();
      const results = await simultaneously(20, () => ports().ledger.record(ledgerEntry({ idempotencyKey: key, ownerId })));
      expect(results.filter((result) => result.outcome === 'recorded')).toHaveLength(1);
      expect(results.filter((result) => result.outcome === 'alreadyRecorded')).toHaveLength(19);
      await expect(ports().ledger.balanceOf(ownerId)).resolves.toBe(90_000);
    });

    it('lists an owner newest first, bounded, and an escrow in order', async () => {
      const ownerId = newId();
      const escrowId = newId();
      const first = ledgerEntry({ ownerId, escrowId, at: at(1) });
      const second = ledgerEntry({ ownerId, escrowId, at: at(2), direction: 'debit', amountPaise: 30_000, contractId: null });
      const third = ledgerEntry({ ownerId, at: at(3) });
      const someoneElse = ledgerEntry({ escrowId, at: at(4) });
      for (const entry of [first, second, third, someoneElse]) await ports().ledger.record(entry);
      await expect(ports().ledger.listByOwner(ownerId, 10)).resolves.toStrictEqual([third, second, first]);
      await expect(ports().ledger.listByOwner(ownerId, 2)).resolves.toStrictEqual([third, second]);
      await expect(ports().ledger.listByEscrow(escrowId)).resolves.toStrictEqual([first, second, someoneElse]);
      await expect(ports().ledger.listByEscrow(newId())).resolves.toStrictEqual([]);
    });

    it('balances credits minus debits in whole paise, and zero for an unknown owner', async () => {
      const ownerId = newId();
      await ports().ledger.record(ledgerEntry({ ownerId, amountPaise: 12_345 }));
      await ports().ledger.record(ledgerEntry({ ownerId, amountPaise: 3_000_000_001 }));
      await ports().ledger.record(ledgerEntry({ ownerId, amountPaise: 346, direction: 'debit' }));
      await expect(ports().ledger.balanceOf(ownerId)).resolves.toBe(3_000_012_000);
      await expect(ports().ledger.balanceOf(newId())).resolves.toBe(0);
    });
  });
}
