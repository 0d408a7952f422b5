import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshId, integrationSuite } from '../../testing/integration-api.ts';
import { directoryUserSchema, earningsSchema, escrowSchema, reviewSchema } from '../schemas.ts';

/**
 * Money out of escrow (release, refund), reviews, wallets and the user directory over real HTTP on
 * FerretDB and stripe-mock (which performs the client's refund).
 */
const suite = integrationSuite('escrow');
const { clientId, adminId, call } = suite;

async function completedAndRequested(freelancerId: string): Promise<string> {
  const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
  await suite.market.advance(contractId, freelancerId, 'Completed');
  expect((await call('PATCH', `/api/client/release-fund/${contractId}`, suite.client)).status).toBe(200);
  return contractId;
}

describe('PUT /api/admin/escrow/release-fund/:contractId', () => {
  it('releases: { message, data: escrow } released; the freelancer’s wallet gets their earning', async () => {
    const freelancerId = freshId();
    const contractId = await completedAndRequested(freelancerId);
    const response = await call('PUT', `/api/admin/escrow/release-fund/${contractId}`, suite.admin);
    expect(response.status).toBe(200);
    expect(response.body.message).toEqual(expect.any(String));
    expect(escrowSchema.parse(response.body.data)).toMatchObject({
      contractId,
      clientId,
      freelancerId,
      amount: 50000,
      platformFee: 5000,
      freelancerEarning: 45000,
      status: 'released',
      refund: null,
      resolvedAt: expect.any(String),
      reviewEndsAt: null,
      changeRequests: 0,
      dispute: null,
      resolution: {
        kind: 'release',
        stage: null,
        clientRefund: 0,
        freelancerPayout: 45000,
        platformFee: 5000,
        decidedBy: { _id: adminId, role: 'admin' },
      },
    });
    const contract = await call('GET', `/api/freelancer/contract/view-contract/${contractId}`);
    expect(contract.body.releaseFundStatus).toBe('Approved');
    const wallet = await call('GET', `/api/freelancer/wallet/earnings/${freelancerId}`, suite.api.token('freelancer', freelancerId));
    expect(earningsSchema.parse(wallet.body)).toMatchObject({
      userId: freelancerId,
      balance: 45000,
      entries: [{ amount: 45000, direction: 'credit', contractId }],
    });
  });

  it('401, 403 (a client), 400, 404, 409 (not requested; released twice)', async () => {
    const freelancerId = freshId();
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    const path = `/api/admin/escrow/release-fund/${contractId}`;
    expect((await call('PUT', path)).status).toBe(401);
    expect((await call('PUT', path, suite.client)).status).toBe(403);
    expect((await call('PUT', '/api/admin/escrow/release-fund/nope', suite.admin)).status).toBe(400);
    expect((await call('PUT', `/api/admin/escrow/release-fund/${freshId()}`, suite.admin)).status).toBe(404);
    expect((await call('PUT', path, suite.admin)).status).toBe(409);
    const requested = await completedAndRequested(freelancerId);
    expect((await call('PUT', `/api/admin/escrow/release-fund/${requested}`, suite.admin)).status).toBe(200);
    const twice = await call('PUT', `/api/admin/escrow/release-fund/${requested}`, suite.admin);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ESCROW.ALREADY_RESOLVED');
  });

  it('404 for a contract without an escrow', async () => {
    const jobId = await suite.market.postJob(clientId);
    const created = await call('POST', `/api/client/create-contract/${jobId}`, suite.client, { freelancerId: freshId(), amount: 500 });
    expect((await call('PUT', `/api/admin/escrow/release-fund/${created.body.contract._id}`, suite.admin)).status).toBe(404);
  });
});

describe('PUT /api/admin/escrow/refund-client/:contractId/:clientId', () => {
  it.each([
    ['Pending', null, { clientRefund: 45000, freelancerPayout: 0 }],
    ['Started', 'Started' as const, { clientRefund: 38250, freelancerPayout: 6750 }],
    ['Ongoing', 'Ongoing' as const, { clientRefund: 27000, freelancerPayout: 18000 }],
  ])('an admin refunds work stopped at %s: the split follows the stage', async (_stage, advanceTo, split) => {
    const freelancerId = freshId();
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    if (advanceTo !== null) await suite.market.advance(contractId, freelancerId, advanceTo);
    const response = await call('PUT', `/api/admin/escrow/refund-client/${contractId}/${clientId}`, suite.admin, {
      cancelReason: 'freelancer_unresponsive',
      cancelReasonDescription: 'No answer for 14 days.',
    });
    expect(response.status).toBe(200);
    const escrow = escrowSchema.parse(response.body.data);
    expect(escrow).toMatchObject({ status: 'refunded', refund: { ...split, stripeRefundId: expect.stringMatching(/^re_/) } });
    const contract = await call('GET', `/api/freelancer/contract/view-contract/${contractId}`);
    expect(contract.body).toMatchObject({
      status: 'Canceled',
      cancelReason: 'freelancer_unresponsive',
      cancelReasonDescription: 'No answer for 14 days.',
    });
    const wallet = await call('GET', `/api/freelancer/wallet/earnings/${freelancerId}`, suite.admin);
    expect(wallet.body.balance).toBe(split.freelancerPayout);
  });

  it.each([
    [
      'the freelancer cancels at Ongoing, the client refunds',
      'Ongoing' as const,
      'freelancer' as const,
      'client' as const,
      { clientRefund: 45000, freelancerPayout: 0 },
    ],
    [
      'the freelancer cancels at Started, an admin refunds',
      'Started' as const,
      'freelancer' as const,
      'admin' as const,
      { clientRefund: 45000, freelancerPayout: 0 },
    ],
    [
      'the client cancels at Ongoing, then refunds',
      'Ongoing' as const,
      'client' as const,
      'client' as const,
      { clientRefund: 27000, freelancerPayout: 18000 },
    ],
  ])('who stopped the work decides the split: %s', async (_case, stage, cancelledBy, refundedBy, split) => {
    const freelancerId = freshId();
    const freelancer = suite.api.token('freelancer', freelancerId);
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    await suite.market.advance(contractId, freelancerId, stage);
    const canceled = await call(
      'DELETE',
      `/api/client/cancel-contract/${contractId}`,
      cancelledBy === 'freelancer' ? freelancer : suite.client,
      {
        cancelReason: 'Stopping',
      },
    );
    expect(canceled.body.contract).toMatchObject({ status: 'Canceled', canceledFrom: stage, escrow: { status: 'funded' } });

    const response = await call(
      'PUT',
      `/api/admin/escrow/refund-client/${contractId}/${clientId}`,
      refundedBy === 'admin' ? suite.admin : suite.client,
    );
    expect(response.status).toBe(200);
    expect(escrowSchema.parse(response.body.data)).toMatchObject({
      status: 'refunded',
      refund: split,
      resolution: { kind: 'refund', stage, ...split, platformFee: 5000 },
    });
    const wallet = await call('GET', `/api/freelancer/wallet/earnings/${freelancerId}`, freelancer);
    expect(wallet.body.balance).toBe(split.freelancerPayout);
  });

  it('the contract’s own client may refund, without a body', async () => {
    const { contractId } = await suite.market.fundedContract(clientId, freshId());
    const response = await call('PUT', `/api/admin/escrow/refund-client/${contractId}/${clientId}`, suite.client);
    expect(response.status).toBe(200);
    expect(response.body.data.status).toBe('refunded');
  });

  it('401; 403 (a freelancer; another client; the path naming another client); 400; 404; 409', async () => {
    const freelancerId = freshId();
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    const path = `/api/admin/escrow/refund-client/${contractId}/${clientId}`;
    expect((await call('PUT', path)).status).toBe(401);
    expect((await call('PUT', path, suite.api.token('freelancer', freelancerId))).status).toBe(403);
    expect((await call('PUT', path, suite.api.token('client', freshId()))).status).toBe(403);
    const otherClient = freshId();
    const notTheirs = await call(
      'PUT',
      `/api/admin/escrow/refund-client/${contractId}/${otherClient}`,
      suite.api.token('client', otherClient),
    );
    expect(notTheirs.status).toBe(403);
    expect((await call('PUT', `/api/admin/escrow/refund-client/${contractId}/${otherClient}`, suite.admin)).status).toBe(403);
    const invalid = await call('PUT', path, suite.admin, { cancelReason: 7, cancelReasonDescription: ['x'] });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['cancelReason', 'cancelReasonDescription']);
    expect((await call('PUT', `/api/admin/escrow/refund-client/${freshId()}/${clientId}`, suite.admin)).status).toBe(404);

    expect((await call('PUT', path, suite.admin)).status).toBe(200);
    const again = await call('PUT', path, suite.admin);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ESCROW.ALREADY_RESOLVED');
  });

  it('409 for completed work: release instead', async () => {
    const freelancerId = freshId();
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    await suite.market.advance(contractId, freelancerId, 'Completed');
    const response = await call('PUT', `/api/admin/escrow/refund-client/${contractId}/${clientId}`, suite.admin);
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('ESCROW.REFUND_REFUSED');
  });
});

describe('reviews', () => {
  it('POST rate-freelancer → 201 { message, review }; GET show-reviews lists it, newest first', async () => {
    const freelancerId = freshId();
    const older = await suite.market.fundedContract(clientId, freelancerId);
    const newer = await suite.market.fundedContract(clientId, freelancerId);
    for (const { contractId } of [older, newer]) {
      await suite.market.advance(contractId, freelancerId, 'Completed');
      await suite.market.release(contractId, clientId);
    }
    const rate = (contractId: string, rating: number) =>
      call('POST', `/api/client/review/rate-freelancer/${clientId}`, suite.client, {
        freelancerId,
        contractId,
        rating,
        description: `Rated ${rating}`,
      });

    const first = await rate(older.contractId, 4);
    expect(first.status).toBe(201);
    expect(reviewSchema.parse(first.body.review)).toMatchObject({ contractId: older.contractId, clientId, freelancerId, rating: 4 });
    await rate(newer.contractId, 5);

    const listed = await call('GET', `/api/client/review/show-reviews/${freelancerId}`);
    const reviews = z.array(reviewSchema.omit({ freelancerId: true }).strict()).parse(listed.body);
    expect(reviews.map((review) => [review.rating, review.description, review.clientId, review.contractId])).toEqual([
      [5, 'Rated 5', clientId, newer.contractId],
      [4, 'Rated 4', clientId, older.contractId],
    ]);
  });

  it('401; 403 (freelancer; another client’s path; not their contract); 400; 404; 409 (not completed; not released; twice)', async () => {
    const freelancerId = freshId();
    const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
    const body = { freelancerId, contractId, rating: 5, description: 'Great' };
    const path = `/api/client/review/rate-freelancer/${clientId}`;
    expect((await call('POST', path, undefined, body)).status).toBe(401);
    expect((await call('POST', path, suite.api.token('freelancer', freelancerId), body)).status).toBe(403);
    const otherClient = freshId();
    expect((await call('POST', path, suite.api.token('client', otherClient), body)).status).toBe(403);
    expect(
      (await call('POST', `/api/client/review/rate-freelancer/${otherClient}`, suite.api.token('client', otherClient), body)).status,
    ).toBe(403);
    const invalid = await call('POST', path, suite.client, { ...body, rating: 6, description: '' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['description', 'rating']);
    expect((await call('POST', path, suite.client, { ...body, rating: 4.5 })).status).toBe(400);
    expect((await call('POST', path, suite.client, { ...body, contractId: freshId() })).status).toBe(404);
    const early = await call('POST', path, suite.client, body);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('REVIEW.CONTRACT_NOT_COMPLETED');
    await suite.market.advance(contractId, freelancerId, 'Completed');
    // Completed is not final while the escrow is held: the client may still send the work back or dispute it.
    const unreleased = await call('POST', path, suite.client, body);
    expect(unreleased.status).toBe(409);
    expect(unreleased.body.code).toBe('REVIEW.CONTRACT_NOT_COMPLETED');
    await suite.market.release(contractId, clientId);
    expect((await call('POST', path, suite.client, body)).status).toBe(201);
    const twice = await call('POST', path, suite.client, body);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('REVIEW.ALREADY_EXISTS');
    expect((await call('GET', '/api/client/review/show-reviews/zz')).status).toBe(400);
  });
});

describe('GET /api/freelancer/wallet/earnings/:userId', () => {
  it('an empty wallet is a zero balance; 401; 403 for another user; admins see anyone’s; 400', async () => {
    const userId = freshId();
    const own = await call('GET', `/api/freelancer/wallet/earnings/${userId}`, suite.api.token('freelancer', userId));
    expect(earningsSchema.parse(own.body)).toEqual({ userId, balance: 0, available: 0, held: 0, entries: [], withdrawals: [] });
    expect((await call('GET', `/api/freelancer/wallet/earnings/${userId}`)).status).toBe(401);
    expect((await call('GET', `/api/freelancer/wallet/earnings/${userId}`, suite.api.token('freelancer', freshId()))).status).toBe(403);
    expect((await call('GET', `/api/freelancer/wallet/earnings/${userId}`, suite.admin)).status).toBe(200);
    expect((await call('GET', '/api/freelancer/wallet/earnings/me', suite.admin)).status).toBe(400);
  });
});

describe('PATCH /api/admin/users/:userId', () => {
  it('blocks a known user, who then gets 403 everywhere they sign in; unblocks', async () => {
    const userId = freshId();
    const token = suite.api.token('client', userId, { name: 'Meera' });
    expect((await call('GET', `/api/freelancer/wallet/earnings/${userId}`, token)).status).toBe(200);
    const blocked = await call('PATCH', `/api/admin/users/${userId}`, suite.admin, { blocked: true });
    expect(blocked.status).toBe(200);
    expect(directoryUserSchema.parse(blocked.body.user)).toEqual({ _id: userId, role: 'client', displayName: 'Meera', blocked: true });
    const refused = await call('GET', `/api/freelancer/wallet/earnings/${userId}`, token);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.BLOCKED');
    await call('PATCH', `/api/admin/users/${userId}`, suite.admin, { blocked: false });
    expect((await call('GET', `/api/freelancer/wallet/earnings/${userId}`, token)).status).toBe(200);
  });

  it('adds an unknown user when given a role; 400 without one; 401; 403 for non-admins', async () => {
    const userId = freshId();
    expect((await call('PATCH', `/api/admin/users/${userId}`, suite.admin, { blocked: true })).status).toBe(400);
    const added = await call('PATCH', `/api/admin/users/${userId}`, suite.admin, {
      blocked: true,
      role: 'freelancer',
      displayName: 'Kiran',
    });
    expect(added.body.user).toEqual({ _id: userId, role: 'freelancer', displayName: 'Kiran', blocked: true });
    expect((await call('PATCH', `/api/admin/users/${userId}`, undefined, { blocked: false })).status).toBe(401);
    expect((await call('PATCH', `/api/admin/users/${userId}`, suite.client, { blocked: false })).status).toBe(403);
    expect((await call('PATCH', `/api/admin/users/${userId}`, suite.admin, { blocked: 'yes', role: 'boss' })).status).toBe(400);
  });

  it('a blocked freelancer cannot be hired (409)', async () => {
    const freelancerId = freshId();
    await call('PATCH', `/api/admin/users/${freelancerId}`, suite.admin, { blocked: true, role: 'freelancer' });
    const jobId = await suite.market.postJob(clientId);
    const response = await call('POST', `/api/client/create-contract/${jobId}`, suite.client, { freelancerId, amount: 100 });
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('USER.BLOCKED');
  });
});
