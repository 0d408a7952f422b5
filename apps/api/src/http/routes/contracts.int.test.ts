import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshId, Marketplace, startIntegrationApi, type IntegrationApi } from '../../testing/integration-api.ts';
import { request } from '../../testing/test-server.ts';
import { contractSchema, jobSchema, listedContractSchema, pagedList } from '../schemas.ts';

/**
 * Jobs and the contract lifecycle over real HTTP on FerretDB: each endpoint's documented shape,
 * and its 401, 403, 400, 404 and 409 answers.
 */
let api: IntegrationApi;
let market: Marketplace;
const clientId = freshId();
const freelancerId = freshId();
const adminId = freshId();
let client: string;
let freelancer: string;
let admin: string;

beforeAll(async () => {
  api = await startIntegrationApi('contracts');
  market = new Marketplace(api);
  client = api.token('client', clientId, { name: 'Asha' });
  freelancer = api.token('freelancer', freelancerId, { name: 'Ravi' });
  admin = api.token('admin', adminId);
  // Both parties call once, so the directory knows their names for populated references.
  await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${clientId}`, { token: client });
  await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${freelancerId}`, { token: freelancer });
});
afterAll(() => api.close());

const call = (method: string, path: string, token?: string, json?: unknown) =>
  request(api.url, method, path, { ...(token === undefined ? {} : { token }), ...(json === undefined ? {} : { json }) });

describe('jobs', () => {
  it('POST /api/client/job/create-job → 201 { message, job }; 401; 403; 400', async () => {
    const created = await call('POST', '/api/client/job/create-job', client, { title: 'Logo', description: 'A logo', rate: 1999.99 });
    expect(created.status).toBe(201);
    expect(created.body.message).toEqual(expect.any(String));
    expect(jobSchema.parse(created.body.job)).toMatchObject({ clientId, rate: 1999.99, status: 'Open', hiredFreelancerId: null });
    expect((await call('POST', '/api/client/job/create-job', undefined, { title: 'x', description: 'y', rate: 1 })).status).toBe(401);
    expect((await call('POST', '/api/client/job/create-job', freelancer, { title: 'x', description: 'y', rate: 1 })).status).toBe(403);
    expect((await call('POST', '/api/client/job/create-job', client, { title: '', rate: 0.001 })).status).toBe(400);
  });

  it('GET /api/client/job/job-details/:id → { job }; 404; 400', async () => {
    const jobId = await market.postJob(clientId, 777);
    const found = await call('GET', `/api/client/job/job-details/${jobId}`);
    expect(jobSchema.parse(found.body.job)).toMatchObject({ _id: jobId, rate: 777 });
    expect((await call('GET', `/api/client/job/job-details/${freshId()}`)).status).toBe(404);
    expect((await call('GET', '/api/client/job/job-details/123')).status).toBe(400);
  });
});

describe('POST /api/client/create-contract/:jobId', () => {
  it('201 { message, contract } populated; the job closes', async () => {
    const jobId = await market.postJob(clientId);
    const response = await call('POST', `/api/client/create-contract/${jobId}`, client, { freelancerId, amount: 50000 });
    expect(response.status).toBe(201);
    const contract = contractSchema.parse(response.body.contract);
    expect(contract).toMatchObject({
      jobId: { _id: jobId, title: 'React Frontend Developer', rate: 50000, status: 'Closed' },
      clientId: { _id: clientId, name: 'Asha', role: 'client' },
      freelancerId: { _id: freelancerId, name: 'Ravi', role: 'freelancer' },
      amount: 50000,
      status: 'Pending',
      releaseFundStatus: 'NotRequested',
      escrowId: null,
      cancelledBy: null,
    });
    expect(contract.statusHistory).toEqual([{ status: 'Pending', date: contract.createdAt, by: clientId }]);
  });

  it('a later payment attaches its escrow to that contract instead of creating another', async () => {
    const jobId = await market.postJob(clientId);
    const created = await call('POST', `/api/client/create-contract/${jobId}`, client, { freelancerId, amount: 50000 });
    const { contractId } = await market.pay(jobId, clientId, freelancerId);
    expect(contractId).toBe(created.body.contract._id);
    expect((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body.escrowId).toMatch(/^[0-9a-f]{24}$/);
  });

  it('401, 403 (freelancer; another client’s job), 400, 404, 409', async () => {
    const jobId = await market.postJob(clientId);
    const body = { freelancerId, amount: 50000 };
    expect((await call('POST', `/api/client/create-contract/${jobId}`, undefined, body)).status).toBe(401);
    expect((await call('POST', `/api/client/create-contract/${jobId}`, freelancer, body)).status).toBe(403);
    expect((await call('POST', `/api/client/create-contract/${jobId}`, api.token('client', freshId()), body)).status).toBe(403);
    const invalid = await call('POST', `/api/client/create-contract/${jobId}`, client, { freelancerId: [freelancerId], amount: -1 });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['amount', 'freelancerId']);
    expect((await call('POST', `/api/client/create-contract/${freshId()}`, client, body)).status).toBe(404);
    expect((await call('POST', `/api/client/create-contract/${jobId}`, client, body)).status).toBe(201);
    const again = await call('POST', `/api/client/create-contract/${jobId}`, client, body);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('JOB.ALREADY_HIRED');
  });
});

describe('DELETE /api/client/cancel-contract/:contractId', () => {
  it('the client cancels: { message, contract } Canceled; the job reopens', async () => {
    const { jobId, contractId } = await market.fundedContract(clientId, freelancerId);
    const response = await call('DELETE', `/api/client/cancel-contract/${contractId}`, client);
    expect(response.status).toBe(200);
    expect(contractSchema.parse(response.body.contract)).toMatchObject({
      status: 'Canceled',
      cancelledBy: clientId,
      canceledFrom: 'Pending',
      jobId: { status: 'Open' },
    });
    expect((await call('GET', `/api/client/job/job-details/${jobId}`)).body.job.status).toBe('Open');
  });

  it('the freelancer may cancel too', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    expect((await call('DELETE', `/api/client/cancel-contract/${contractId}`, freelancer)).body.contract.cancelledBy).toBe(freelancerId);
  });

  it('keeps an optional reason from the JSON body; an over-long one is a 400', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const path = `/api/client/cancel-contract/${contractId}`;
    const tooLong = await call('DELETE', path, client, { cancelReason: 'x'.repeat(101) });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details.fields).toHaveProperty('cancelReason');
    const response = await call('DELETE', path, client, { cancelReason: 'Budget cut', cancelReasonDescription: 'The project is on hold' });
    expect(response.status).toBe(200);
    expect(contractSchema.parse(response.body.contract)).toMatchObject({
      status: 'Canceled',
      cancelReason: 'Budget cut',
      cancelReasonDescription: 'The project is on hold',
    });
  });

  it('401, 403 (admin; not a party), 400, 404, 409 (already canceled)', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    expect((await call('DELETE', `/api/client/cancel-contract/${contractId}`)).status).toBe(401);
    expect((await call('DELETE', `/api/client/cancel-contract/${contractId}`, admin)).status).toBe(403);
    const stranger = await call('DELETE', `/api/client/cancel-contract/${contractId}`, api.token('client', freshId()));
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('CONTRACT.NOT_A_PARTY');
    expect((await call('DELETE', '/api/client/cancel-contract/xyz', client)).status).toBe(400);
    expect((await call('DELETE', `/api/client/cancel-contract/${freshId()}`, client)).status).toBe(404);
    await call('DELETE', `/api/client/cancel-contract/${contractId}`, client);
    expect((await call('DELETE', `/api/client/cancel-contract/${contractId}`, client)).status).toBe(409);
  });
});

describe('contract queries', () => {
  it('show the escrow without its Stripe ids on every contract document, all served without a token', async () => {
    const worker = freshId();
    const { jobId, contractId } = await market.fundedContract(clientId, worker);
    const served = [
      (await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body,
      (await call('GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract,
      (await call('GET', `/api/client/get-contracts/${clientId}`)).body.data.find(
        (contract: { _id: string }) => contract._id === contractId,
      ),
      (await call('GET', `/api/freelancer/contract/get-contracts/${worker}`)).body[0],
    ];
    for (const contract of served) {
      expect(contract.escrow).toMatchObject({ amount: 50000, status: 'funded' });
      expect(Object.keys(contract.escrow)).not.toContain('checkoutSessionId');
      expect(Object.keys(contract.escrow)).not.toContain('paymentIntentId');
      expect(JSON.stringify(contract)).not.toMatch(/"(cs|pi)_/);
    }

    // Refunded, the escrow shows the split, and still no Stripe id (nor the refund's).
    const refunded = await call('PUT', `/api/admin/escrow/refund-client/${contractId}/${clientId}`, admin, {});
    expect(refunded.status).toBe(200);
    expect(refunded.body.data.refund.stripeRefundId).toMatch(/^re_/);
    const shown = (await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body;
    expect(shown.escrow).toMatchObject({ status: 'refunded', refund: { clientRefund: 45000, freelancerPayout: 0 } });
    expect(JSON.stringify(shown)).not.toMatch(/"(cs|pi|re)_/);
  });

  it('GET /api/client/is-created/:jobId/:clientId → { contract } or { contract: null }; 400', async () => {
    const { jobId, contractId } = await market.fundedContract(clientId, freelancerId);
    expect(contractSchema.parse((await call('GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract)._id).toBe(contractId);
    expect((await call('GET', `/api/client/is-created/${await market.postJob(clientId)}/${clientId}`)).body).toEqual({ contract: null });
    expect((await call('GET', `/api/client/is-created/${jobId}/nope`)).status).toBe(400);
  });

  it('GET /api/client/get-contracts/:clientId → { count, data, nextCursor } newest first; 400', async () => {
    const owner = freshId();
    const first = await market.fundedContract(owner, freelancerId);
    const second = await market.fundedContract(owner, freelancerId);
    const response = await call('GET', `/api/client/get-contracts/${owner}`);
    const listed = pagedList(listedContractSchema).parse(response.body);
    expect(listed.count).toBe(2);
    expect(listed.nextCursor).toBeNull();
    expect(listed.data.map((contract) => contract._id)).toEqual([second.contractId, first.contractId]);
    expect((await call('GET', '/api/client/get-contracts/1')).status).toBe(400);
  });

  it('GET /api/client/all-contracts → { data } for an admin only; 401; 403', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const response = await call('GET', '/api/client/all-contracts', admin);
    expect(response.status).toBe(200);
    const data = z.array(listedContractSchema).parse(response.body.data);
    expect(data.some((contract) => contract._id === contractId)).toBe(true);
    expect((await call('GET', '/api/client/all-contracts')).status).toBe(401);
    expect((await call('GET', '/api/client/all-contracts', client)).status).toBe(403);
  });

  it('GET /api/freelancer/contract/get-contracts/:freelancerId → array; 400', async () => {
    const worker = freshId();
    const { contractId } = await market.fundedContract(clientId, worker);
    const response = await call('GET', `/api/freelancer/contract/get-contracts/${worker}`);
    expect(
      z
        .array(listedContractSchema)
        .parse(response.body)
        .map((contract) => contract._id),
    ).toEqual([contractId]);
    expect((await call('GET', '/api/freelancer/contract/get-contracts/zz')).status).toBe(400);
  });

  it('GET /api/freelancer/contract/view-contract/:contractId → the populated contract; 404; 400', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const response = await call('GET', `/api/freelancer/contract/view-contract/${contractId}`);
    expect(contractSchema.parse(response.body)).toMatchObject({ _id: contractId, clientId: { name: 'Asha' } });
    expect((await call('GET', `/api/freelancer/contract/view-contract/${freshId()}`)).status).toBe(404);
    expect((await call('GET', '/api/freelancer/contract/view-contract/zz')).status).toBe(400);
  });

  it('an unknown freelancer is populated with nulls, keeping the shape', async () => {
    const stranger = freshId();
    const { contractId } = await market.fundedContract(clientId, stranger);
    const response = await call('GET', `/api/freelancer/contract/view-contract/${contractId}`);
    expect(response.body.freelancerId).toEqual({ _id: stranger, name: null, role: null });
  });

  it('GET /api/freelancer/contract/completed-works/:freelancerId → Completed contracts only; 400', async () => {
    const worker = freshId();
    const done = await market.fundedContract(clientId, worker);
    await market.fundedContract(clientId, worker);
    await market.advance(done.contractId, worker, 'Completed');
    const response = await call('GET', `/api/freelancer/contract/completed-works/${worker}`);
    const contracts = z.array(listedContractSchema).parse(response.body);
    expect(contracts.map((contract) => [contract._id, contract.status])).toEqual([[done.contractId, 'Completed']]);
    expect((await call('GET', '/api/freelancer/contract/completed-works/zz')).status).toBe(400);
  });
});

describe('the freelancer works the contract', () => {
  it('POST approve-contract/:contractId/:freelancerId → { message, contract } Started; 401; 403; 404; 409', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const path = `/api/freelancer/contract/approve-contract/${contractId}/${freelancerId}`;
    expect((await call('POST', path)).status).toBe(401);
    expect((await call('POST', path, client)).status).toBe(403);
    const otherFreelancer = freshId();
    expect((await call('POST', path, api.token('freelancer', otherFreelancer))).status).toBe(403);
    expect(
      (
        await call(
          'POST',
          `/api/freelancer/contract/approve-contract/${contractId}/${otherFreelancer}`,
          api.token('freelancer', otherFreelancer),
        )
      ).status,
    ).toBe(403);
    expect((await call('POST', `/api/freelancer/contract/approve-contract/${freshId()}/${freelancerId}`, freelancer)).status).toBe(404);
    expect((await call('POST', `/api/freelancer/contract/approve-contract/x/${freelancerId}`, freelancer)).status).toBe(400);

    const approved = await call('POST', path, freelancer);
    expect(approved.status).toBe(200);
    expect(contractSchema.parse(approved.body.contract).status).toBe('Started');
    const again = await call('POST', path, freelancer);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONTRACT.INVALID_TRANSITION');
  });

  it('the funding gate: an unpaid contract cannot start (409 CONTRACT.NOT_FUNDED) until its payment arrives', async () => {
    const jobId = await market.postJob(clientId);
    const created = await call('POST', `/api/client/create-contract/${jobId}`, client, { freelancerId, amount: 50000 });
    const contractId = contractSchema.parse(created.body.contract)._id;
    const refusals = [
      await call('POST', `/api/freelancer/contract/approve-contract/${contractId}/${freelancerId}`, freelancer),
      await call('PUT', `/api/freelancer/contract/update-status/${contractId}`, freelancer, { status: 'Started' }),
    ];
    expect(refusals.map((refusal) => [refusal.status, refusal.body.code])).toEqual([
      [409, 'CONTRACT.NOT_FUNDED'],
      [409, 'CONTRACT.NOT_FUNDED'],
    ]);
    const unchanged = contractSchema.parse((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body);
    expect(unchanged).toMatchObject({ status: 'Pending', escrowId: null, updatedAt: created.body.contract.updatedAt });

    await market.pay(jobId, clientId, freelancerId);
    const approved = await call('POST', `/api/freelancer/contract/approve-contract/${contractId}/${freelancerId}`, freelancer);
    expect(approved.status).toBe(200);
    expect(approved.body.contract.status).toBe('Started');
  });

  it('PUT update-status/:contractId → the contract; 400; 403; 404; 409', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const path = `/api/freelancer/contract/update-status/${contractId}`;
    expect((await call('PUT', path, undefined, { status: 'Started' })).status).toBe(401);
    expect((await call('PUT', path, client, { status: 'Started' })).status).toBe(403);
    expect((await call('PUT', path, api.token('freelancer', freshId()), { status: 'Started' })).status).toBe(403);
    expect((await call('PUT', path, freelancer, { status: 'Pending' })).status).toBe(400);
    expect((await call('PUT', path, freelancer, { status: ['Started'] })).status).toBe(400);
    expect((await call('PUT', `/api/freelancer/contract/update-status/${freshId()}`, freelancer, { status: 'Started' })).status).toBe(404);
    expect((await call('PUT', path, freelancer, { status: 'Completed' })).status).toBe(409);

    const started = await call('PUT', path, freelancer, { status: 'Started' });
    expect(contractSchema.parse(started.body).status).toBe('Started');
    const ongoing = await call('PUT', path, freelancer, { status: 'Ongoing' });
    expect(ongoing.body.statusHistory.map((entry: { status: string }) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing']);
    const canceled = await call('PUT', path, freelancer, { status: 'Canceled' });
    expect(canceled.body).toMatchObject({ status: 'Canceled', canceledFrom: 'Ongoing', cancelledBy: freelancerId, cancelReason: null });
  });

  it('PUT update-status Canceled keeps an optional cancelReason and cancelReasonDescription', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const path = `/api/freelancer/contract/update-status/${contractId}`;
    const tooLong = await call('PUT', path, freelancer, { status: 'Canceled', cancelReasonDescription: 'x'.repeat(2001) });
    expect(tooLong.status).toBe(400);
    const canceled = await call('PUT', path, freelancer, {
      status: 'Canceled',
      cancelReason: 'Client unresponsive',
      cancelReasonDescription: 'No reply in two weeks',
    });
    expect(canceled.status).toBe(200);
    expect(contractSchema.parse(canceled.body)).toMatchObject({
      status: 'Canceled',
      cancelledBy: freelancerId,
      cancelReason: 'Client unresponsive',
      cancelReasonDescription: 'No reply in two weeks',
    });
  });

  it('PATCH /api/client/release-fund/:contractId → { message, contract } Requested; 401; 403; 404; 409', async () => {
    const { contractId } = await market.fundedContract(clientId, freelancerId);
    const path = `/api/client/release-fund/${contractId}`;
    expect((await call('PATCH', path)).status).toBe(401);
    expect((await call('PATCH', path, freelancer)).status).toBe(403);
    const early = await call('PATCH', path, client);
    expect(early.status).toBe(409);
    await market.advance(contractId, freelancerId, 'Completed');
    expect((await call('PATCH', path, api.token('client', freshId()))).status).toBe(403);
    expect((await call('PATCH', `/api/client/release-fund/${freshId()}`, client)).status).toBe(404);
    const requested = await call('PATCH', path, client);
    expect(requested.status).toBe(200);
    expect(contractSchema.parse(requested.body.contract).releaseFundStatus).toBe('Requested');
    expect((await call('PATCH', path, client)).status).toBe(409);
  });
});

describe('PATCH /api/client/request-changes/:contractId', () => {
  const path = (contractId: string) => `/api/client/request-changes/${contractId}`;
  const view = async (contractId: string) =>
    contractSchema.parse((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body);

  it('{ message, contract } back to Ongoing with the review cleared; the next delivery opens a new review; then the release goes through', async () => {
    const worker = freshId();
    const { contractId } = await market.fundedContract(clientId, worker);
    await market.advance(contractId, worker, 'Completed');
    const delivered = await view(contractId);
    expect(delivered).toMatchObject({ status: 'Completed', changeRequests: 0, reviewEndsAt: expect.any(String) });
    const deliveredAt = Date.parse(delivered.statusHistory.at(-1)!.date);
    expect(Date.parse(delivered.reviewEndsAt!)).toBe(deliveredAt + 14 * 24 * 60 * 60 * 1000);

    const response = await call('PATCH', path(contractId), client, { note: 'The header overlaps the menu' });
    expect(response.status).toBe(200);
    expect(response.body.message).toEqual(expect.any(String));
    const contract = contractSchema.parse(response.body.contract);
    expect(contract).toMatchObject({
      status: 'Ongoing',
      changeRequests: 1,
      reviewEndsAt: null,
      releaseFundStatus: 'NotRequested',
      escrow: { status: 'funded', changeRequests: 1, reviewEndsAt: null },
    });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing', 'Completed', 'Ongoing']);

    const redelivered = await call('PUT', `/api/freelancer/contract/update-status/${contractId}`, api.token('freelancer', worker), {
      status: 'Completed',
    });
    expect(redelivered.status).toBe(200);
    const again = await view(contractId);
    expect(again).toMatchObject({ status: 'Completed', changeRequests: 1 });
    expect(Date.parse(again.reviewEndsAt!)).toBeGreaterThan(Date.parse(delivered.reviewEndsAt!));
    await market.release(contractId, clientId);
    expect(await view(contractId)).toMatchObject({ releaseFundStatus: 'Approved', reviewEndsAt: null, escrow: { status: 'released' } });
  });

  it('409 CONTRACT.CHANGE_REQUESTS_EXHAUSTED after five; the sixth changes nothing', async () => {
    const worker = freshId();
    const { contractId } = await market.fundedContract(clientId, worker);
    await market.advance(contractId, worker, 'Completed');
    for (let round = 1; round <= 5; round += 1) {
      expect((await call('PATCH', path(contractId), client, { note: `Round ${round}` })).status).toBe(200);
      expect(
        (
          await call('PUT', `/api/freelancer/contract/update-status/${contractId}`, api.token('freelancer', worker), {
            status: 'Completed',
          })
        ).status,
      ).toBe(200);
    }
    const before = await view(contractId);
    expect(before).toMatchObject({ status: 'Completed', changeRequests: 5 });
    const sixth = await call('PATCH', path(contractId), client, { note: 'Round 6' });
    expect(sixth.status).toBe(409);
    expect(sixth.body).toMatchObject({ code: 'CONTRACT.CHANGE_REQUESTS_EXHAUSTED', details: { changeRequestsMax: 5 } });
    expect(await view(contractId)).toEqual(before);
  });

  it('409 outside a review (CONTRACT.REVIEW_NOT_RUNNING), once the release was requested (CONTRACT.RELEASE_NOT_ALLOWED), once released (ESCROW.ALREADY_RESOLVED)', async () => {
    const worker = freshId();
    const { contractId } = await market.fundedContract(clientId, worker);
    await market.advance(contractId, worker, 'Ongoing');
    const working = await call('PATCH', path(contractId), client, { note: 'Faster' });
    expect([working.status, working.body.code]).toEqual([409, 'CONTRACT.REVIEW_NOT_RUNNING']);
    expect(
      (await call('PUT', `/api/freelancer/contract/update-status/${contractId}`, api.token('freelancer', worker), { status: 'Completed' }))
        .status,
    ).toBe(200);
    expect((await call('PATCH', `/api/client/release-fund/${contractId}`, client)).status).toBe(200);
    const requested = await view(contractId);
    const afterRequest = await call('PATCH', path(contractId), client, { note: 'One more thing' });
    expect([afterRequest.status, afterRequest.body.code]).toEqual([409, 'CONTRACT.RELEASE_NOT_ALLOWED']);
    expect(await view(contractId)).toEqual(requested);
    expect((await call('PUT', `/api/admin/escrow/release-fund/${contractId}`, admin)).status).toBe(200);
    const afterRelease = await call('PATCH', path(contractId), client, { note: 'Too late' });
    expect([afterRelease.status, afterRelease.body.code]).toEqual([409, 'ESCROW.ALREADY_RESOLVED']);
  });

  it('400 naming the note and the id; 401; 403 (a freelancer; an admin; another client); 404 (contract; no escrow); 415; nothing changed', async () => {
    const worker = freshId();
    const { contractId } = await market.fundedContract(clientId, worker);
    await market.advance(contractId, worker, 'Completed');
    const before = await view(contractId);
    const invalid = await call('PATCH', '/api/client/request-changes/123', client, { note: '' });
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['contractId', 'note']);
    expect((await call('PATCH', path(contractId), client, { note: 'x'.repeat(2_001) })).body.details.fields).toHaveProperty('note');
    expect((await call('PATCH', path(contractId), client, {})).body.details.fields).toHaveProperty('note');
    expect((await call('PATCH', path(contractId), undefined, { note: 'Fix it' })).status).toBe(401);
    expect((await call('PATCH', path(contractId), api.token('freelancer', worker), { note: 'Fix it' })).status).toBe(403);
    expect((await call('PATCH', path(contractId), admin, { note: 'Fix it' })).status).toBe(403);
    const stranger = await call('PATCH', path(contractId), api.token('client', freshId()), { note: 'Fix it' });
    expect([stranger.status, stranger.body.code]).toEqual([403, 'CONTRACT.NOT_A_PARTY']);
    const unknown = await call('PATCH', path(freshId()), client, { note: 'Fix it' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'CONTRACT.NOT_FOUND']);
    const jobId = await market.postJob(clientId);
    const unpaid = await call('POST', `/api/client/create-contract/${jobId}`, client, { freelancerId: worker, amount: 500 });
    const noEscrow = await call('PATCH', path(unpaid.body.contract._id), client, { note: 'Fix it' });
    expect([noEscrow.status, noEscrow.body.code]).toEqual([404, 'ESCROW.NOT_FOUND']);
    const notJson = await request(api.url, 'PATCH', path(contractId), {
      token: client,
      body: 'note=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    expect(await view(contractId)).toEqual(before);
  });
});
