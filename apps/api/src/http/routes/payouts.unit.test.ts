import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ledger } from '@skillhouse/domain';
import { openingBalance } from '@skillhouse/domain-testing';
import type { IdempotencyStore } from '../idempotency/idempotency-store.ts';
import { request, startTestServer, testId, type TestServer } from '../../testing/test-server.ts';

/**
 * As if every earlier request under a key had died before its answer was kept, and its claim had
 * lapsed: each request runs, however often its key was used. What a retry meets after a crash.
 */
const LAPSED_CLAIMS: IdempotencyStore = {
  claim: () => Promise.resolve({ outcome: 'claimed', afterFailure: false }),
  complete: () => Promise.resolve(),
  release: () => Promise.resolve(),
};

describe('POST /api/freelancer/wallet/withdraw under an Idempotency-Key whose first run died', () => {
  let api: TestServer;
  let ledger: Ledger;
  const freelancerId = testId(8);
  let token: string;

  beforeAll(async () => {
    api = await startTestServer(
      {},
      {
        adaptPorts: (ports) => {
          ledger = ports.ledger;
          return ports;
        },
        adaptIdempotency: () => LAPSED_CLAIMS,
      },
    );
    token = api.token('freelancer', freelancerId);
    const connected = await request(api.url, 'POST', '/api/freelancer/payouts/account', { token });
    await request(api.url, 'POST', `${new URL(connected.body.url).pathname}/complete`, { headers: { accept: 'application/json' } });
    await ledger.record([openingBalance(freelancerId, 100_000, new Date())]);
  });
  afterAll(() => api.close());

  const withdraw = (headers: Record<string, string>) =>
    request(api.url, 'POST', '/api/freelancer/wallet/withdraw', { token, json: { amount: 100 }, headers });

  it('runs again as the same withdrawal, never a second; without a key, each request is its own', async () => {
    const first = await withdraw({ 'idempotency-key': 'payday-1' });
    const again = await withdraw({ 'idempotency-key': 'payday-1' });
    expect(first).toMatchObject({ status: 202, body: { withdrawal: { status: 'paid_out', amount: 100 } } });
    expect(again.body.withdrawal).toEqual(first.body.withdrawal);

    const unkeyed = [await withdraw({}), await withdraw({})];
    expect(new Set(unkeyed.map((answer) => answer.body.withdrawal._id)).size).toBe(2);
    const earnings = await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${freelancerId}`, { token });
    expect(earnings.body.balance).toBe(1_000 - 3 * 100);
  });
});
