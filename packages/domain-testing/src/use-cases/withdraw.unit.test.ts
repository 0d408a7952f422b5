import { describe, expect, it } from 'vitest';
import { PLATFORM_ACCOUNTS, payoutIdempotencyKey, payoutTransferGroup, walletDebitTransferId, type Actor } from '@skillhouse/domain';
import { createWorld, hexId, openingBalance, people, type World } from '../escrow-fixtures.test-support.ts';

const freelancer = people.freelancer;

/** Puts `paise` in the freelancer's wallet the simplest way: an opening balance. */
async function fund(world: World, paise: number, userId = freelancer.userId): Promise<void> {
  await world.ports.ledger.record([openingBalance(userId, paise, world.clock.now(), `opening:${userId}:${paise}`)]);
}

async function onboard(world: World, actor: Actor = freelancer): Promise<string> {
  const { account } = await world.service.connectPayoutAccount.execute({ actor });
  const accountId = account.accountId ?? '';
  await world.service.recordPayoutAccountState.execute({ accountId, payoutsEnabled: true, reportedAt: world.clock.now() });
  return accountId;
}

/** The freelancer onboarded with ₹500 in the wallet; withdrawals from ₹1. */
async function readyToWithdraw(): Promise<World> {
  const world = createWorld({ withdrawalMinPaise: 100 });
  await onboard(world);
  await fund(world, 50_000);
  return world;
}

function withdraw(world: World, amount: unknown, actor: Actor = freelancer) {
  return world.service.withdraw.execute({ actor, amount });
}

/** The first page of the freelancer's withdrawals. */
async function listed(world: World) {
  return (await world.service.listWithdrawals.execute({ actor: freelancer })).items;
}

async function openOperations(world: World) {
  return world.ports.operations.listOpen(new Date(8_640_000_000_000_000), 100);
}

describe('payout accounts', () => {
  it('creates the account once, answers an onboarding link each time, and follows the processor on payouts', async () => {
    const world = createWorld();
    const first = await world.service.connectPayoutAccount.execute({ actor: freelancer });
    const second = await world.service.connectPayoutAccount.execute({ actor: freelancer });
    expect(first.url).toMatch(/onboarding/);
    expect(second.account).toStrictEqual(first.account);
    expect(first.account).toMatchObject({ connected: true, payoutsEnabled: false, accountId: expect.stringMatching(/^acct_/) });
    await expect(world.service.getPayoutAccount.execute({ actor: people.otherFreelancer })).resolves.toStrictEqual({
      connected: false,
      accountId: null,
      payoutsEnabled: false,
    });
    const accountId = first.account.accountId ?? '';
    await world.service.recordPayoutAccountState.execute({ accountId, payoutsEnabled: true, reportedAt: world.clock.now() });
    await expect(world.service.getPayoutAccount.execute({ actor: freelancer })).resolves.toMatchObject({ payoutsEnabled: true });
    await expect(
      world.service.recordPayoutAccountState.execute({ accountId: 'acct_unknown', payoutsEnabled: true, reportedAt: world.clock.now() }),
    ).resolves.toBeNull();
  });

  it('is for freelancers only', async () => {
    const world = createWorld();
    await expect(world.service.connectPayoutAccount.execute({ actor: people.client })).rejects.toMatchObject({ kind: 'forbidden' });
  });
});

describe('Withdraw', () => {
  it('debits the wallet, sends the transfer under the withdrawal key and group, and records it paid out', async () => {
    const world = createWorld({ withdrawalMinPaise: 10_000 });
    const accountId = await onboard(world);
    await fund(world, 50_000);

    const withdrawal = await withdraw(world, 300);

    expect(withdrawal).toMatchObject({
      userId: freelancer.userId,
      amountPaise: 30_000,
      status: 'paid_out',
      payoutId: expect.stringMatching(/^tr_/),
    });
    expect(world.ports.payments.payouts()).toStrictEqual([
      {
        payoutId: withdrawal.payoutId,
        accountId,
        amountPaise: 30_000,
        idempotencyKey: payoutIdempotencyKey(withdrawal.id),
        transferGroup: payoutTransferGroup(withdrawal.id),
      },
    ]);
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(20_000);
    const transfers = await world.ports.ledger.listByWithdrawals([withdrawal.id]);
    expect(transfers.map(({ id, kind }) => [id, kind])).toStrictEqual([
      [walletDebitTransferId(freelancer.userId, 1), 'withdrawal'],
      [`withdrawal:${withdrawal.id}:paid-out`, 'withdrawal_paid_out'],
    ]);
    expect(await listed(world)).toStrictEqual([withdrawal]);
    await expect(openOperations(world)).resolves.toStrictEqual([]);
  });

  it.each([
    ['no account', { onboard: false, enable: false, amount: 100 }, 'WALLET.NO_PAYOUT_ACCOUNT'],
    ['payouts disabled', { onboard: true, enable: false, amount: 100 }, 'WALLET.PAYOUTS_DISABLED'],
    ['under the minimum', { onboard: true, enable: true, amount: 99.99 }, 'WALLET.UNDER_MINIMUM'],
    ['over the balance', { onboard: true, enable: true, amount: 500.01 }, 'WALLET.INSUFFICIENT_BALANCE'],
    ['an amount with three decimals', { onboard: true, enable: true, amount: 100.001 }, 'VALIDATION.INVALID_AMOUNT'],
    ['a negative amount', { onboard: true, enable: true, amount: -100 }, 'VALIDATION.INVALID_AMOUNT'],
  ])('refuses a withdrawal with %s and moves nothing', async (_case, setup, code) => {
    const world = createWorld({ withdrawalMinPaise: 10_000 });
    if (setup.onboard) {
      const { account } = await world.service.connectPayoutAccount.execute({ actor: freelancer });
      if (setup.enable) {
        await world.service.recordPayoutAccountState.execute({
          accountId: account.accountId ?? '',
          payoutsEnabled: true,
          reportedAt: world.clock.now(),
        });
      }
    }
    await fund(world, 50_000);
    const before = world.ports.ledger.transfers();

    await expect(withdraw(world, setup.amount)).rejects.toMatchObject({ code });

    expect(world.ports.ledger.transfers()).toStrictEqual(before);
    expect(world.ports.payments.payouts()).toStrictEqual([]);
    await expect(openOperations(world)).resolves.toStrictEqual([]);
  });

  it('names the minimum and the balance in a refusal as INR numbers, as every amount the API answers', async () => {
    const world = await readyToWithdraw();
    const minimum = createWorld({ withdrawalMinPaise: 10_050 });
    await onboard(minimum);
    await fund(minimum, 50_000);
    await expect(withdraw(minimum, 100)).rejects.toMatchObject({ code: 'WALLET.UNDER_MINIMUM', details: { minimum: 100.5 } });
    await expect(withdraw(world, 500.01)).rejects.toMatchObject({ code: 'WALLET.INSUFFICIENT_BALANCE', details: { balance: 500 } });
  });

  it('refuses a client and an admin', async () => {
    const world = createWorld();
    await expect(withdraw(world, 100, people.client)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(withdraw(world, 100, people.admin)).rejects.toMatchObject({ kind: 'forbidden' });
  });

  it('puts the money back in the wallet when the processor refuses the transfer, once', async () => {
    const world = await readyToWithdraw();
    world.ports.payments.refuseNextPayout();

    const withdrawal = await withdraw(world, 500);

    expect(withdrawal).toMatchObject({ status: 'returned', payoutId: null, returnReason: expect.stringMatching(/refused/) });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(50_000);
    await expect(world.ports.ledger.positionOf(PLATFORM_ACCOUNTS.payoutsInTransit)).resolves.toStrictEqual({ balancePaise: 0, debits: 1 });
    // Recovery finds nothing left to do, and running it changes nothing.
    await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(50_000);
  });

  it('leaves the withdrawal pending when the processor is down, and recovery pays it out once', async () => {
    const world = await readyToWithdraw();
    world.ports.payments.failNext();

    const pending = await withdraw(world, 500);

    expect(pending).toMatchObject({ status: 'pending' });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(0);
    await expect(openOperations(world)).resolves.toHaveLength(1);
    const report = await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
    expect(report).toMatchObject({ examined: 1, finished: 1, failed: 0 });
    await world.service.recoverInterruptedOperations.execute({ graceMs: 0 });
    expect(world.ports.payments.payouts()).toHaveLength(1);
    expect(await listed(world)).toMatchObject([{ id: pending.id, status: 'paid_out' }]);
    await expect(openOperations(world)).resolves.toStrictEqual([]);
  });

  it('asked again under the same request key (the first run died, or outlived its key’s claim): the same withdrawal, carried on, the wallet debited once', async () => {
    const world = await readyToWithdraw();
    world.ports.payments.failNext();
    const first = await world.service.withdraw.execute({ actor: freelancer, amount: 400, requestKey: 'key-1' });
    expect(first).toMatchObject({ status: 'pending', amountPaise: 40_000 });

    const again = await world.service.withdraw.execute({ actor: freelancer, amount: 400, requestKey: 'key-1' });
    const once = await world.service.withdraw.execute({ actor: freelancer, amount: 400, requestKey: 'key-1' });

    expect(again).toMatchObject({ id: first.id, status: 'paid_out' });
    expect(once).toMatchObject({ id: first.id, status: 'paid_out' });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(10_000);
    expect(world.ports.payments.payouts()).toHaveLength(1);
    expect(await listed(world)).toHaveLength(1);
    // Another key is another withdrawal; so is the same key of another freelancer.
    await expect(world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-2' })).resolves.not.toMatchObject({
      id: first.id,
    });
    const other = people.otherFreelancer;
    await onboard(world, other);
    await fund(world, 50_000, other.userId);
    await expect(world.service.withdraw.execute({ actor: other, amount: 400, requestKey: 'key-1' })).resolves.not.toMatchObject({
      id: first.id,
    });
  });

  it('two runs under one request key at once (the first outlived its key’s claim) pay one withdrawal: a surplus debit goes back to the wallet', async () => {
    const world = await readyToWithdraw();
    const runs = await Promise.all(
      [1, 2, 3].map(() => world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' })),
    );

    expect(new Set(runs.map((run) => run.id)).size).toBe(1);
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(40_000);
    expect(world.ports.payments.payouts()).toHaveLength(1);
    const transfers = await world.ports.ledger.listByWithdrawals([runs[0]!.id]);
    const debits = transfers.filter((transfer) => transfer.kind === 'withdrawal').length;
    expect(transfers.filter((transfer) => transfer.kind === 'withdrawal_debit_given_back')).toHaveLength(debits - 1);
    await expect(world.service.auditBooks.execute({ actor: people.admin })).resolves.toMatchObject({ violations: [] });
  });

  it('runs under one request key at once, the wallet too short for a second debit: each answers the one withdrawal, none is refused', async () => {
    const world = await readyToWithdraw();
    const runs = await Promise.all(
      [1, 2, 3].map(() => world.service.withdraw.execute({ actor: freelancer, amount: 300, requestKey: 'key-1' })),
    );

    expect(runs.map((run) => run.id)).toEqual([runs[0]!.id, runs[0]!.id, runs[0]!.id]);
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(20_000);
    expect(world.ports.payments.payouts()).toHaveLength(1);
  });

  it('lists a withdrawal once, however many runs of its request key took a debit, a page at a time too', async () => {
    const world = await readyToWithdraw();
    const runs = await Promise.all(
      [1, 2].map(() => world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' })),
    );
    const debits = (await world.ports.ledger.listByWithdrawals([runs[0]!.id])).filter((transfer) => transfer.kind === 'withdrawal');
    expect(debits, 'both runs debited: the case this is about').toHaveLength(2);

    expect((await listed(world)).map((withdrawal) => withdrawal.id)).toEqual([runs[0]!.id]);
    const seen = [];
    let after;
    do {
      const page = await world.service.listWithdrawals.execute({
        actor: freelancer,
        page: { limit: 1, ...(after === undefined ? {} : { after }) },
      });
      seen.push(...page.items.map((withdrawal) => withdrawal.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(seen).toEqual([runs[0]!.id]);
  });

  it('runs of one request key at once for different amounts: one is the withdrawal, the other refused as another request', async () => {
    for (const amounts of [
      [400, 100],
      [400, 300],
    ]) {
      const world = await readyToWithdraw();
      const results = await Promise.allSettled(
        amounts.map((amount) => world.service.withdraw.execute({ actor: freelancer, amount, requestKey: 'key-1' })),
      );
      expect(results.map((result) => result.status).sort(), `amounts ${amounts.join(' and ')}`).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((result) => result.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: 'WALLET.REQUEST_KEY_REUSED' });
      const made = results.find((result) => result.status === 'fulfilled')!.value;
      await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(50_000 - made.amountPaise);
    }
  });

  it('a run that outlived its key’s claim and died just after its surplus debit landed: recovery gives the debit back', async () => {
    const world = await readyToWithdraw();
    const { ledger } = world.ports;
    const record = ledger.record.bind(ledger);
    const listByWithdrawals = ledger.listByWithdrawals.bind(ledger);
    let releaseFirst!: () => void;
    const stalled = new Promise<void>((resolve) => (releaseFirst = resolve));
    let stallNextDebit = true;
    let dieAfterDebit = false;
    // Run A stalls at its debit past its key's claim (a database failover), then its process dies right after the debit lands.
    (ledger as { record: typeof ledger.record }).record = async (transfers) => {
      if (stallNextDebit && transfers.some((transfer) => transfer.kind === 'withdrawal')) {
        stallNextDebit = false;
        await stalled;
        dieAfterDebit = true;
      }
      return record(transfers);
    };
    (ledger as { listByWithdrawals: typeof ledger.listByWithdrawals }).listByWithdrawals = async (ids) => {
      if (dieAfterDebit) {
        dieAfterDebit = false;
        throw new Error('the process of run A died');
      }
      return listByWithdrawals(ids);
    };
    const runA = world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    world.clock.advance(61_000);
    // Recovery finds A's withdrawal without a debit yet: its entry stays open, since A may still take one.
    await expect(world.service.recoverInterruptedOperations.execute({ graceMs: 60_000 })).resolves.toMatchObject({
      finished: 0,
      failed: 0,
    });
    world.clock.advance(60_000);
    const runB = await world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' });
    expect(runB.status).toBe('paid_out');
    releaseFirst();
    await expect(runA).rejects.toThrow(/died/);

    world.clock.advance(10 * 60_000);
    await world.service.recoverInterruptedOperations.execute({ graceMs: 60_000 });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(40_000);
    await expect(world.service.auditBooks.execute({ actor: people.admin })).resolves.toMatchObject({ violations: [] });
    await expect(openOperations(world)).resolves.toStrictEqual([]);
  });

  it('refuses a request key asked again for another amount, or after its day, as naming another withdrawal, with nothing moved', async () => {
    const world = await readyToWithdraw();
    const first = await world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' });

    await expect(world.service.withdraw.execute({ actor: freelancer, amount: 200, requestKey: 'key-1' })).rejects.toMatchObject({
      code: 'WALLET.REQUEST_KEY_REUSED',
      details: { withdrawalId: first.id },
    });
    world.clock.advance(24 * 60 * 60 * 1_000 + 1);
    await expect(world.service.withdraw.execute({ actor: freelancer, amount: 100, requestKey: 'key-1' })).rejects.toMatchObject({
      code: 'WALLET.REQUEST_KEY_REUSED',
    });
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(40_000);
    expect(await listed(world)).toHaveLength(1);
  });

  it('lets exactly one of 50 simultaneous withdrawals of the whole balance through', async () => {
    const world = await readyToWithdraw();

    const results = await Promise.allSettled(Array.from({ length: 50 }, () => withdraw(world, 500)));

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'WALLET.INSUFFICIENT_BALANCE' });
    }
    await expect(world.ports.ledger.walletBalanceOf(freelancer.userId)).resolves.toBe(0);
    expect(world.ports.payments.payouts()).toHaveLength(1);
  });

  it('lists the withdrawals newest first a page at a time, each once, however many there are', async () => {
    const world = await readyToWithdraw();
    const made = [];
    for (let count = 0; count < 5; count += 1) made.push((await withdraw(world, 1)).id);
    const pages = [];
    let after;
    do {
      const page = await world.service.listWithdrawals.execute({
        actor: freelancer,
        page: { limit: 2, ...(after === undefined ? {} : { after }) },
      });
      pages.push(page.items.map((withdrawal) => withdrawal.id));
      after = page.next ?? undefined;
    } while (after !== undefined);
    expect(pages.map((ids) => ids.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(made.toReversed());
    await expect(world.service.listWithdrawals.execute({ actor: freelancer, page: { limit: 0 } })).rejects.toMatchObject({
      code: 'VALIDATION.INVALID_PAGE',
    });
  });

  it("keeps one user's wallet apart from another's", async () => {
    const world = createWorld({ withdrawalMinPaise: 100 });
    await onboard(world);
    await fund(world, 50_000, hexId('f2'));
    await expect(withdraw(world, 1)).rejects.toMatchObject({ code: 'WALLET.INSUFFICIENT_BALANCE' });
  });
});

describe('RecordPayoutReversed (transfer.reversed)', () => {
  /** ₹500 in the wallet, ₹400 of it withdrawn and paid out. */
  async function paidOut(): Promise<{ world: World; withdrawalId: string; transferId: string }> {
    const world = await readyToWithdraw();
    const withdrawal = await withdraw(world, 400);
    expect(withdrawal).toMatchObject({ status: 'paid_out', payoutId: expect.stringMatching(/^tr_/) });
    return { world, withdrawalId: withdrawal.id, transferId: withdrawal.payoutId ?? '' };
  }

  const balance = (world: World) => world.ports.ledger.walletBalanceOf(freelancer.userId);

  it('puts back what is reversed so far, each paisa once, whatever the order and number of the reports', async () => {
    const { world, withdrawalId, transferId } = await paidOut();
    const report = (reversedPaise: number) => world.service.recordPayoutReversed.execute({ withdrawalId, transferId, reversedPaise });
    await expect(balance(world)).resolves.toBe(10_000);

    await expect(report(5_000)).resolves.toMatchObject({ status: 'paid_out', returnedPaise: 5_000, returnReason: expect.any(String) });
    await expect(report(5_000)).resolves.toMatchObject({ returnedPaise: 5_000 });
    await expect(balance(world)).resolves.toBe(15_000);

    await expect(report(12_000)).resolves.toMatchObject({ status: 'paid_out', returnedPaise: 12_000 });
    await expect(report(5_000)).resolves.toMatchObject({ returnedPaise: 12_000 });
    await expect(balance(world)).resolves.toBe(22_000);

    await expect(report(40_000)).resolves.toMatchObject({ status: 'returned', returnedPaise: 40_000 });
    await expect(report(40_000)).resolves.toMatchObject({ status: 'returned', returnedPaise: 40_000 });
    await expect(balance(world)).resolves.toBe(50_000);
    await expect(world.ports.ledger.positionOf(PLATFORM_ACCOUNTS.processor)).resolves.toMatchObject({ balancePaise: 0 });
  });

  it('returns the largest amount reported when reports of several reversals arrive at once', async () => {
    const { world, withdrawalId, transferId } = await paidOut();
    const amounts = [3_000, 9_000, 1_000, 9_000, 6_000, 3_000];

    await Promise.all(
      amounts.map((reversedPaise) => world.service.recordPayoutReversed.execute({ withdrawalId, transferId, reversedPaise })),
    );

    await expect(balance(world)).resolves.toBe(10_000 + 9_000);
    expect(await listed(world)).toMatchObject([{ id: withdrawalId, status: 'paid_out', returnedPaise: 9_000 }]);
  });

  it('never returns more than the withdrawal, and ignores a report on another transfer', async () => {
    const { world, withdrawalId, transferId } = await paidOut();
    await expect(
      world.service.recordPayoutReversed.execute({ withdrawalId, transferId: 'tr_other', reversedPaise: 40_000 }),
    ).resolves.toBeNull();
    await expect(world.service.recordPayoutReversed.execute({ withdrawalId, transferId, reversedPaise: 90_000 })).resolves.toMatchObject({
      status: 'returned',
      returnedPaise: 40_000,
    });
    await expect(balance(world)).resolves.toBe(50_000);
  });

  it('takes a report on a withdrawal still pending as its payout, then the reversal', async () => {
    const world = await readyToWithdraw();
    world.ports.payments.failNext();
    const pending = await withdraw(world, 400);
    expect(pending).toMatchObject({ status: 'pending', payoutId: null });

    const reported = await world.service.recordPayoutReversed.execute({
      withdrawalId: pending.id,
      transferId: 'tr_sent',
      reversedPaise: 10_000,
    });

    expect(reported).toMatchObject({ status: 'paid_out', payoutId: 'tr_sent', returnedPaise: 10_000 });
    await expect(balance(world)).resolves.toBe(20_000);
    await expect(world.ports.ledger.positionOf(PLATFORM_ACCOUNTS.payoutsInTransit)).resolves.toMatchObject({ balancePaise: 0 });
  });
});
