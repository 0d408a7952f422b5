import { escrowAccount, paymentHeld, PLATFORM_ACCOUNTS, type Transfer } from '@skillhouse/domain';
import { escrowFixture, transferFixture } from '@skillhouse/port-conformance';
import { describe, expect, it } from 'vitest';
import { createMongoosePorts } from './mongoose-ports.ts';
import { freshDatabasePerTest } from './testing/test-database.ts';

const freshDatabase = freshDatabasePerTest('ledger');

describe('MongoLedger: payments held stored before the ledger read them from the claims', () => {
  it('reads a payment_held stored under its claim’s id once, in every read', async () => {
    const mongo = await freshDatabase();
    const ports = await createMongoosePorts(mongo.connection);
    const [escrow, other] = [escrowFixture(), escrowFixture({ amountPaise: 40_000 })];
    for (const claimed of [escrow, other]) await ports.escrows.claim(claimed);
    const [held, otherHeld] = [paymentHeld(escrow), paymentHeld(other)];
    // As a delivery or the wallet migration wrote it before: the same transfer, stored.
    const { id, ...fields } = held;
    await mongo.connection.db!.collection('ledger_transfers').insertOne({ _id: id as never, ...fields });
    const payout = transferFixture({ escrowId: escrow.id, debitAccount: escrowAccount(escrow.id) });
    await ports.ledger.record([payout]);

    await expect(ports.ledger.listByEscrow(escrow.id)).resolves.toStrictEqual([held, payout]);
    await expect(ports.ledger.listByAccount(escrowAccount(escrow.id), 10)).resolves.toStrictEqual([payout, held]);
    await expect(ports.ledger.listByAccount(PLATFORM_ACCOUNTS.processor, 10)).resolves.toStrictEqual(
      [held, otherHeld].sort((a, b) => (a.id < b.id ? 1 : -1)),
    );
    await expect(ports.ledger.positionOf(escrowAccount(escrow.id))).resolves.toStrictEqual({ balancePaise: 10_000, debits: 1 });
    await expect(ports.ledger.positionOf(PLATFORM_ACCOUNTS.processor)).resolves.toStrictEqual({ balancePaise: -140_000, debits: 2 });
    const walked: Transfer[] = [];
    for (let after: string | null = null; ;) {
      const page = await ports.ledger.listAfter(after, 1);
      if (page.length === 0) break;
      walked.push(...page);
      after = page.at(-1)?.id ?? null;
    }
    expect(walked.map((transfer) => transfer.id)).toStrictEqual([held.id, otherHeld.id, payout.id].sort());
    expect(walked.filter((transfer) => transfer.id === held.id)).toStrictEqual([held]);
  });
});
