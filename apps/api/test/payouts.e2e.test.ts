import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '@skillhouse/test-servers';
import { runAppScript } from '../src/testing/app-script.ts';
import { expectStatus } from './support/api-client.ts';
import { advanceWork, earningsOf, fundedContract } from './support/marketplace-steps.ts';
import { deliverWebhook, stripeEvent } from './support/stripe-events.ts';
import { stripeBackedApi } from './support/stripe-backed-api.ts';

/**
 * Payouts over HTTP, one API process on the real database with its Stripe adapter on stripe-mock
 * behind a recording proxy: the onboarding link, payouts enabled by a signed account.update, a
 * withdrawal sent to the connected account under the withdrawal's idempotency key, a partial
 * reversal then the rest, each paisa put back once; the list paged; then the audit over the whole database.
 */

const world = stripeBackedApi('payouts');

function stripeCalls(method: string, path: string): readonly RecordedRequest[] {
  return world.stripeRequests().filter((request) => request.method === method && request.path.split('?')[0] === path);
}

interface WithdrawalDocument {
  readonly _id: string;
  readonly amount: number;
  readonly status: string;
  readonly payoutId: string | null;
}

describe('payouts through Stripe Connect', () => {
  it('onboards, withdraws the wallet to the connected account once, and takes reversals back, each paisa once', async () => {
    const { client, freelancer, admin } = world.callers();
    const { api } = world;

    // No account yet: a withdrawal is refused and nothing moves.
    const noAccount = await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 100 } });
    expect(noAccount).toMatchObject({ status: 409, body: { code: 'WALLET.NO_PAYOUT_ACCOUNT' } });

    // The onboarding link: the Express account is created with the user's idempotency key.
    const connected = expectStatus<{ url: string; account: { accountId: string; payoutsEnabled: boolean } }>(
      await api.post('/api/freelancer/payouts/account', { as: freelancer }),
      200,
      'connect',
    );
    expect(connected.url).toMatch(/^https:\/\//);
    expect(connected.account.payoutsEnabled).toBe(false);
    const [accountCreate] = stripeCalls('POST', '/v1/accounts');
    expect(accountCreate?.headers['idempotency-key']).toBe(`payout-account-${freelancer.id}`);
    expect(new URLSearchParams(accountCreate?.body).get('type')).toBe('express');
    expect(stripeCalls('POST', '/v1/account_links')).toHaveLength(1);
    const { accountId } = connected.account;

    // Onboarding unfinished: refused.
    const disabled = await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 100 } });
    expect(disabled).toMatchObject({ status: 409, body: { code: 'WALLET.PAYOUTS_DISABLED' } });

    // Stripe reports the account enabled.
    const updated = await deliverWebhook(
      world.api.baseUrl,
      stripeEvent('account.updated', { id: accountId, object: 'account', payouts_enabled: true }),
      world.webhookSecret,
    );
    expect(updated).toMatchObject({ status: 200, body: { received: true } });
    expect(expectStatus(await api.get('/api/freelancer/payouts/account', { as: freelancer }), 200, 'account')).toEqual({
      account: { connected: true, accountId, payoutsEnabled: true },
    });

    // The freelancer earns ₹45,000 from a released escrow.
    const { contract } = await fundedContract(api, world.webhookSecret, client, freelancer, 5_000_000);
    await advanceWork(api, freelancer, contract._id, 'Completed');
    expectStatus(await api.patch(`/api/client/release-fund/${contract._id}`, { as: client }), 200, 'release request');
    expectStatus(await api.put(`/api/admin/escrow/release-fund/${contract._id}`, { as: admin }), 200, 'release');
    expect((await earningsOf(api, freelancer)).balance).toBe(45000);

    // Bad amounts and too much are refused, and nothing moves.
    expect(await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 100.001 } })).toMatchObject({ status: 400 });
    expect(await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 45000.01 } })).toMatchObject({
      status: 409,
      body: { code: 'WALLET.INSUFFICIENT_BALANCE' },
    });
    expect(stripeCalls('POST', '/v1/transfers')).toHaveLength(0);

    // The whole balance is withdrawn: one transfer, with the withdrawal's key and group.
    const accepted = expectStatus<{ message: string; withdrawal: WithdrawalDocument }>(
      await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 45000 } }),
      202,
      'withdraw',
    );
    const { withdrawal } = accepted;
    expect(withdrawal).toMatchObject({ amount: 45000, status: 'paid_out', payoutId: expect.stringMatching(/^tr_/) });
    const transfers = stripeCalls('POST', '/v1/transfers');
    expect(transfers).toHaveLength(1);
    expect(transfers[0]?.headers['idempotency-key']).toBe(`withdrawal-${withdrawal._id}-payout`);
    expect(Object.fromEntries(new URLSearchParams(transfers[0]?.body))).toMatchObject({
      amount: '4500000',
      currency: 'inr',
      destination: accountId,
      transfer_group: `withdrawal-${withdrawal._id}`,
      'metadata[withdrawalId]': withdrawal._id,
    });
    expect((await earningsOf(api, freelancer)).balance).toBe(0);
    expect(await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 100 } })).toMatchObject({
      status: 409,
      body: { code: 'WALLET.INSUFFICIENT_BALANCE' },
    });

    // Stripe reverses ₹10,000 of the transfer, then the rest, and says each twice, the first once
    // more after the second: the money comes back once, never more than was reversed.
    const reversedSoFar = (amountReversed: number) =>
      stripeEvent('transfer.reversed', {
        id: withdrawal.payoutId,
        object: 'transfer',
        amount: 4_500_000,
        amount_reversed: amountReversed,
        metadata: { withdrawalId: withdrawal._id },
      });
    const withdrawalsListed = async () =>
      expectStatus<{ withdrawals: WithdrawalDocument[] }>(
        await api.get('/api/freelancer/wallet/withdrawals', { as: freelancer }),
        200,
        'withdrawals',
      ).withdrawals;
    for (const amountReversed of [1_000_000, 1_000_000]) {
      expect(await deliverWebhook(world.api.baseUrl, reversedSoFar(amountReversed), world.webhookSecret)).toMatchObject({
        status: 200,
        body: { received: true },
      });
    }
    expect((await earningsOf(api, freelancer)).balance).toBe(10000);
    expect(await withdrawalsListed()).toMatchObject([{ _id: withdrawal._id, status: 'paid_out', returnedAmount: 10000 }]);
    for (const amountReversed of [4_500_000, 4_500_000, 1_000_000]) {
      expect(await deliverWebhook(world.api.baseUrl, reversedSoFar(amountReversed), world.webhookSecret)).toMatchObject({
        status: 200,
        body: { received: true },
      });
    }
    expect((await earningsOf(api, freelancer)).balance).toBe(45000);
    const listed = { withdrawals: await withdrawalsListed() };
    expect(listed.withdrawals).toMatchObject([{ _id: withdrawal._id, status: 'returned', returnedAmount: 45000 }]);
    // The list is paged like every other: a second withdrawal, then a page of one at a time.
    const second = expectStatus<{ withdrawal: WithdrawalDocument }>(
      await api.post('/api/freelancer/wallet/withdraw', { as: freelancer, json: { amount: 100 } }),
      202,
      'second withdrawal',
    ).withdrawal;
    const firstPage = expectStatus<{ withdrawals: WithdrawalDocument[]; nextCursor: string | null }>(
      await api.get('/api/freelancer/wallet/withdrawals?limit=1', { as: freelancer }),
      200,
      'first page',
    );
    expect(firstPage.withdrawals.map(({ _id }) => _id)).toEqual([second._id]);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
    expect(
      await api.get(`/api/freelancer/wallet/withdrawals?limit=1&cursor=${firstPage.nextCursor ?? ''}`, { as: freelancer }),
    ).toMatchObject({ status: 200, body: { withdrawals: [{ _id: withdrawal._id }], nextCursor: null } });
    for (const query of ['limit=0', 'limit=abc', 'cursor=garbage']) {
      expect((await api.get(`/api/freelancer/wallet/withdrawals?${query}`, { as: freelancer })).status).toBe(400);
    }
  });

  it('acknowledges reports on unknown accounts and transfers, and refuses a signed malformed one', async () => {
    const unknownAccount = await deliverWebhook(
      world.api.baseUrl,
      stripeEvent('account.updated', { id: 'acct_unknown', object: 'account', payouts_enabled: true }),
      world.webhookSecret,
    );
    expect(unknownAccount).toMatchObject({ status: 200, body: { received: true, ignored: expect.any(String) } });
    const unknownTransfer = await deliverWebhook(
      world.api.baseUrl,
      stripeEvent('transfer.reversed', { id: 'tr_unknown', object: 'transfer', amount: 10_000, amount_reversed: 10_000, metadata: {} }),
      world.webhookSecret,
    );
    expect(unknownTransfer).toMatchObject({ status: 200, body: { received: true, ignored: expect.any(String) } });
    const malformed = await deliverWebhook(world.api.baseUrl, stripeEvent('account.updated', { object: 'account' }), world.webhookSecret);
    expect(malformed).toMatchObject({ status: 400, body: { code: 'WEBHOOK.MALFORMED' } });
  });

  it('leaves books the audit finds clean', async () => {
    const audit = await runAppScript('audit.ts', { MONGODB_URI: world.databaseUri }, 120_000);
    // The command exits 1 (and run rejects) on any violation.
    expect(audit.stdout).toContain('"violations":0');
  });
});
