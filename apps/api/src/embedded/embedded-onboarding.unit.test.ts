import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestServer, testId, type TestServer } from '../testing/test-server.ts';

/**
 * The embedded default's payouts, through the app over HTTP: the onboarding link opens a local page
 * whose button enables payouts, and a withdrawal is paid out by the local transfers.
 */
describe('embedded payouts', () => {
  let api: TestServer;
  let freelancer: string;

  beforeAll(async () => {
    api = await startTestServer();
    freelancer = api.token('freelancer', testId(7));
  });
  afterAll(() => api.close());

  it('onboards on the local page, then refuses a withdrawal over the empty wallet with nothing moved', async () => {
    const connected = await request(api.url, 'POST', '/api/freelancer/payouts/account', { token: freelancer });
    expect(connected.status).toBe(200);
    const path = new URL(connected.body.url).pathname;
    expect(path).toBe(`/embedded/payouts/onboarding/${connected.body.account.accountId}`);
    const page = await request(api.url, 'GET', path);
    expect(page.text).toContain(`<form method="post" action="${path}/complete">`);

    const refused = await request(api.url, 'POST', '/api/freelancer/wallet/withdraw', { token: freelancer, json: { amount: 100 } });
    expect(refused).toMatchObject({ status: 409, body: { code: 'WALLET.PAYOUTS_DISABLED' } });

    const completed = await request(api.url, 'POST', `${path}/complete`, { headers: { accept: 'application/json' } });
    expect(completed.body).toEqual({ account: { connected: true, accountId: connected.body.account.accountId, payoutsEnabled: true } });
    const account = await request(api.url, 'GET', '/api/freelancer/payouts/account', { token: freelancer });
    expect(account.body.account.payoutsEnabled).toBe(true);

    const empty = await request(api.url, 'POST', '/api/freelancer/wallet/withdraw', { token: freelancer, json: { amount: 100 } });
    expect(empty).toMatchObject({ status: 409, body: { code: 'WALLET.INSUFFICIENT_BALANCE' } });
    const listed = await request(api.url, 'GET', '/api/freelancer/wallet/withdrawals', { token: freelancer });
    expect(listed.body).toEqual({ withdrawals: [], nextCursor: null });
  });

  it('answers 404 for an account it does not know', async () => {
    const unknown = await request(api.url, 'POST', '/embedded/payouts/onboarding/acct_unknown/complete', {
      headers: { accept: 'application/json' },
    });
    expect(unknown).toMatchObject({ status: 404, body: { code: 'PAYOUTS.ACCOUNT_NOT_FOUND' } });
  });
});
