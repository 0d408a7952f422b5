import {
  balanceOf,
  escrowAccount,
  freelancerPayoutTransferId,
  PLATFORM_ACCOUNTS,
  walletAccount,
  type Escrow,
  type EscrowEvent,
} from '@skillhouse/domain';
import { at, escrowEvents, escrowFixture, newId } from '@skillhouse/port-conformance';
import { describe, expect, it } from 'vitest';
import type { MongoConnection } from './connect-mongo.ts';
import { LEDGER_TRANSFERS_MIGRATION_ID, type LedgerTransfersMigration } from './migrate-wallet-entries-to-transfers.ts';
import { createMongoosePorts, type MongoosePorts } from './mongoose-ports.ts';
import { freshDatabasePerTest } from './testing/test-database.ts';

/**
 * Databases written before the double-entry ledger: escrows with their streams, and a wallet entry
 * in `ledger_entries` for each freelancer's share credited. Each test fills a database of its own
 * the way that version did (escrows through the repository, which writes no transfer; wallet
 * entries in their old shape through the driver), then starts the adapters on it again.
 */
const freshDatabase = freshDatabasePerTest('ledger_migration');

interface OldWalletEntry {
  readonly idempotencyKey: string;
  readonly ownerId: string;
  readonly amountPaise: number;
  readonly direction: 'credit' | 'debit';
  readonly description: string;
  readonly contractId: string | null;
  readonly escrowId: string;
  readonly at: Date;
}

function walletEntry(escrow: Escrow, kind: 'release' | 'refund', amountPaise: number, contractId: string): OldWalletEntry {
  return {
    idempotencyKey: freelancerPayoutTransferId(escrow.id, kind),
    ownerId: escrow.freelancerId,
    amountPaise,
    direction: 'credit',
    description: kind === 'release' ? 'Escrow released' : 'Partial payout on refund (work Started)',
    contractId,
    escrowId: escrow.id,
    at: at(40),
  };
}

/** Fills `mongo` as the version before the ledger did, then forgets that this version's migration ran. */
async function fillTheOldWay(mongo: MongoConnection): Promise<{ escrows: Record<string, Escrow>; stray: OldWalletEntry }> {
  const ports = await createMongoosePorts(mongo.connection);
  const released = escrowFixture();
  const refunded = escrowFixture();
  const unresolved = escrowFixture();
  const creditedNotSettled = escrowFixture();
  const contracts = { released: newId(), refunded: newId(), unresolved: newId(), creditedNotSettled: newId() };
  const streams: [Escrow, EscrowEvent[]][] = [
    [
      released,
      [
        escrowEvents.contractFunded(contracts.released, 11),
        escrowEvents.released(released, contracts.released, 30),
        escrowEvents.settled(31),
      ],
    ],
    [
      refunded,
      [
        escrowEvents.contractFunded(contracts.refunded, 11),
        escrowEvents.refunded(refunded, contracts.refunded, 30),
        escrowEvents.clientRefundSent(31),
        escrowEvents.settled(32),
      ],
    ],
    [unresolved, [escrowEvents.contractFunded(contracts.unresolved, 11)]],
    [
      creditedNotSettled,
      [
        escrowEvents.contractFunded(contracts.creditedNotSettled, 11),
        escrowEvents.released(creditedNotSettled, contracts.creditedNotSettled, 30),
      ],
    ],
  ];
  for (const [escrow, events] of streams) {
    await ports.escrows.claim(escrow);
    for (const [index, event] of events.entries()) await ports.escrows.append(escrow.id, index, event);
  }
  const stray: OldWalletEntry = { ...walletEntry(escrowFixture(), 'release', 777, newId()), idempotencyKey: `manual:${newId()}` };
  await mongo.connection
    .db!.collection('ledger_entries')
    .insertMany([
      walletEntry(released, 'release', 90_000, contracts.released),
      walletEntry(refunded, 'refund', 13_500, contracts.refunded),
      walletEntry(creditedNotSettled, 'release', 90_000, contracts.creditedNotSettled),
      stray,
    ]);
  await mongo.connection.db!.collection('ledger_transfers').deleteMany({});
  await mongo.connection.db!.collection('migrations').deleteOne({ _id: LEDGER_TRANSFERS_MIGRATION_ID as never });
  return { escrows: { released, refunded, unresolved, creditedNotSettled }, stray };
}

async function startAgain(mongo: MongoConnection): Promise<{ ports: MongoosePorts; migration: LedgerTransfersMigration | null }> {
  let migration: LedgerTransfersMigration | null = null;
  const ports = await createMongoosePorts(mongo.connection, {
    onLedgerMigrated: (ran) => {
      migration = ran;
    },
  });
  return { ports, migration };
}

async function allTransfers(ports: MongoosePorts) {
  return ports.ledger.listAfter(null, 1_000);
}

describe('migrating wallet entries to transfers', () => {
  it('gives every escrow the transfers its stream implies, keeps each wallet’s balance, and balances the books', async () => {
    const mongo = await freshDatabase();
    const { escrows, stray } = await fillTheOldWay(mongo);
    const { ports, migration } = await startAgain(mongo);
    expect(migration).toEqual({ escrows: 4, walletEntries: 4, transfersWritten: 8 });

    const transfers = await allTransfers(ports);
    const accounts = new Set(transfers.flatMap((transfer) => [transfer.debitAccount, transfer.creditAccount]));
    expect(
      [...accounts].reduce((sum, account) => sum + balanceOf(account, transfers), 0),
      'the balances sum to zero',
    ).toBe(0);
    for (const escrow of [escrows.released!, escrows.refunded!, escrows.creditedNotSettled!]) {
      expect(balanceOf(escrowAccount(escrow.id), transfers), `escrow ${escrow.id} is emptied by its resolution`).toBe(0);
    }
    expect(balanceOf(escrowAccount(escrows.unresolved!.id), transfers)).toBe(100_000);
    expect(balanceOf(walletAccount(escrows.released!.freelancerId), transfers)).toBe(90_000);
    expect(balanceOf(walletAccount(escrows.refunded!.freelancerId), transfers)).toBe(13_500);
    expect(balanceOf(walletAccount(stray.ownerId), transfers)).toBe(777);
    expect(balanceOf(PLATFORM_ACCOUNTS.openingBalances, transfers)).toBe(-777);
    expect(balanceOf(PLATFORM_ACCOUNTS.platformFees, transfers)).toBe(30_000);
    expect(balanceOf(PLATFORM_ACCOUNTS.clientRefunds, transfers)).toBe(100_000 - 10_000 - 13_500);
    expect(balanceOf(PLATFORM_ACCOUNTS.processor, transfers)).toBe(-400_000);
    await expect(ports.ledger.listByEscrow(escrows.released!.id)).resolves.toEqual([
      expect.objectContaining({ kind: 'payment_held', amountPaise: 100_000 }),
      expect.objectContaining({ kind: 'platform_fee', amountPaise: 10_000 }),
      expect.objectContaining({
        kind: 'freelancer_payout',
        amountPaise: 90_000,
        id: freelancerPayoutTransferId(escrows.released!.id, 'release'),
      }),
    ]);
  });

  it('writes nothing twice: a second run, and two runs side by side, find every transfer there', async () => {
    const mongo = await freshDatabase();
    await fillTheOldWay(mongo);
    const [first, second] = await Promise.all([startAgain(mongo), startAgain(mongo)]);
    const written = [first.migration, second.migration].reduce((sum, migration) => sum + (migration?.transfersWritten ?? 0), 0);
    expect(written).toBe(8);
    const before = await allTransfers(first.ports);
    await mongo.connection.db!.collection('migrations').deleteOne({ _id: LEDGER_TRANSFERS_MIGRATION_ID as never });
    const again = await startAgain(mongo);
    expect(again.migration).toMatchObject({ transfersWritten: 0 });
    expect(await allTransfers(again.ports)).toStrictEqual(before);
    const marked = await startAgain(mongo);
    expect(marked.migration).toBeNull();
  });
});
