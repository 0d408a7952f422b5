import { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { createMarketplace, walletAccount, type Actor } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { auditDatabase } from './audit-database.ts';
import { Crash, crashAfterWrites } from './testing/crashing-ports.ts';
import { payableFreelancer } from './testing/escrow-world.ts';
import { escrowWorldOnTestDatabase } from './testing/test-database.ts';

/**
 * A withdrawal is stopped after its 1st write, its 2nd, and so on until it runs through; recovery
 * then runs on healthy ports. Afterwards either nothing moved (and the withdrawal can be asked
 * again) or the whole of it: the wallet debited once, one transfer sent to the connected account
 * (Stripe's idempotency key, played by the gateway kept across the crash), the payout recorded,
 * no operation left open.
 */
const WRITES_MAX = 20;
const BALANCE_PAISE = 45_000;
const AMOUNT_PAISE = 30_000;

const gateway = new InMemoryPaymentGateway();
const suite = escrowWorldOnTestDatabase('withdrawal_crashes', { payments: gateway, policy: { withdrawalMinPaise: 100 } });

function payoutsTo(actor: Actor) {
  return gateway.payouts().filter((payout) => payout.accountId === `acct_${actor.userId}`);
}

describe('a withdrawal stopped at every write, then recovered', () => {
  it('ends with nothing moved or the whole withdrawal, never twice', async () => {
    let completedRun = false;
    let crashes = 0;
    for (let crashAfter = 1; crashAfter <= WRITES_MAX && !completedRun; crashAfter += 1) {
      const freelancer = await payableFreelancer(suite.world, BALANCE_PAISE);
      const crashing = crashAfterWrites(suite.world.ports, crashAfter);
      const service = createMarketplace(crashing.ports, suite.world.policy);
      try {
        await service.withdraw.execute({ actor: freelancer, amount: AMOUNT_PAISE / 100 });
        completedRun = !crashing.crashed();
      } catch (error) {
        if (!(error instanceof Crash)) throw error;
        crashes += 1;
      }
      await suite.world.service.recoverInterruptedOperations.execute({ graceMs: 0 });

      const withdrawals = (await suite.world.service.listWithdrawals.execute({ actor: freelancer })).items;
      const position = await suite.world.ports.ledger.positionOf(walletAccount(freelancer.userId));
      const open = await suite.world.ports.operations.listOpen(new Date(Date.now() + 60_000), 100);
      expect(open, `after a crash at write ${crashAfter}`).toStrictEqual([]);
      if (withdrawals.length === 0) {
        expect(position, `nothing moved after a crash at write ${crashAfter}`).toStrictEqual({ balancePaise: BALANCE_PAISE, debits: 0 });
        expect(payoutsTo(freelancer)).toStrictEqual([]);
        const retried = await suite.world.service.withdraw.execute({ actor: freelancer, amount: AMOUNT_PAISE / 100 });
        expect(retried.status).toBe('paid_out');
      } else {
        expect(withdrawals, `after a crash at write ${crashAfter}`).toMatchObject([{ status: 'paid_out', amountPaise: AMOUNT_PAISE }]);
        expect(position).toStrictEqual({ balancePaise: BALANCE_PAISE - AMOUNT_PAISE, debits: 1 });
        expect(payoutsTo(freelancer)).toHaveLength(1);
        expect(payoutsTo(freelancer)[0]?.payoutId).toBe(withdrawals[0]?.payoutId);
      }
    }
    expect(completedRun, `the withdrawal ran through within ${WRITES_MAX} writes`).toBe(true);
    // Journal opened, wallet debited, transfer sent, payout recorded, journal closed.
    expect(crashes).toBe(5);
  });
});

describe('runs of one withdrawal under one request key at once, on the database', () => {
  it('pay one withdrawal and debit the wallet once, surplus debits given back, and the audit finds the books clean', async () => {
    const freelancer = await payableFreelancer(suite.world, BALANCE_PAISE);
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => suite.world.service.withdraw.execute({ actor: freelancer, amount: AMOUNT_PAISE / 100, requestKey: 'payday' })),
    );

    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    const position = await suite.world.ports.ledger.positionOf(walletAccount(freelancer.userId));
    expect(position.balancePaise).toBe(BALANCE_PAISE - AMOUNT_PAISE);
    expect(payoutsTo(freelancer)).toHaveLength(1);
    expect((await suite.world.service.listWithdrawals.execute({ actor: freelancer })).items).toMatchObject([
      { id: runs[0]!.id, status: 'paid_out', amountPaise: AMOUNT_PAISE },
    ]);
    expect(await auditDatabase(suite.database.connection.connection)).toStrictEqual([]);
  });
});
