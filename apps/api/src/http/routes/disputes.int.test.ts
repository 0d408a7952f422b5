import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshId, integrationSuite, Marketplace, startIntegrationApi } from '../../testing/integration-api.ts';
import { request } from '../../testing/test-server.ts';
import {
  contractSchema,
  disputedEscrowSchema,
  disputeSchema,
  earningsSchema,
  escrowSchema,
  historyEntrySchema,
  messageWith,
} from '../schemas.ts';

/**
 * Disputes over real HTTP on FerretDB and stripe-mock (which refunds the client's share): opened,
 * argued, withdrawn, decided by an admin, listed; the freeze they put on the escrow and its contract;
 * and every refusal leaving things as they were.
 */
const suite = integrationSuite('disputes');
const { clientId, adminId, call } = suite;

const disputeAnswer = messageWith('dispute', disputeSchema);
const disputeList = z.object({ count: z.number().int(), data: z.array(disputedEscrowSchema) });
const historyList = z.object({ count: z.number().int(), data: z.array(historyEntrySchema) });

/** A funded contract of a fresh freelancer, worked up to `status`. */
async function contractAt(status: 'Pending' | 'Started' | 'Ongoing' | 'Completed') {
  const freelancerId = freshId();
  const { contractId } = await suite.market.fundedContract(clientId, freelancerId);
  if (status !== 'Pending') await suite.market.advance(contractId, freelancerId, status);
  return { contractId, freelancerId, freelancer: suite.api.token('freelancer', freelancerId) };
}

async function openDispute(contractId: string, token: string, reason = 'quality') {
  const opened = await call('POST', `/api/contracts/${contractId}/dispute`, token, { reason, description: 'The dashboard does not load' });
  expect(opened.status).toBe(201);
  return disputeAnswer.parse(opened.body).dispute;
}

/** The admin resolves the contract's open dispute: 200 { message, data } with the escrow. */
async function resolveDispute(contractId: string, decision: { freelancerPayout: number; refundPlatformFee: boolean; note: string }) {
  const resolved = await call('PUT', `/api/admin/disputes/${contractId}/resolve`, suite.admin, decision);
  expect(resolved.status).toBe(200);
  return messageWith('data', escrowSchema).parse(resolved.body);
}

/** Everything a refused request must leave as it was: the contract with its escrow, the dispute, every event and movement so far. */
async function observable(contractId: string) {
  const [contract, dispute, history] = await Promise.all([
    call('GET', `/api/freelancer/contract/view-contract/${contractId}`),
    call('GET', `/api/contracts/${contractId}/dispute`, suite.admin),
    call('GET', `/api/contracts/${contractId}/history`, suite.admin),
  ]);
  return { contract: contract.body, dispute: dispute.body, history: history.body };
}

async function walletBalance(userId: string): Promise<number> {
  return earningsSchema.parse((await call('GET', `/api/freelancer/wallet/earnings/${userId}`, suite.admin)).body).balance;
}

describe('POST /api/contracts/:contractId/dispute', () => {
  it('201 { message, dispute }: open, by the caller; the contract’s escrow shows it', async () => {
    const { contractId } = await contractAt('Completed');
    const response = await call('POST', `/api/contracts/${contractId}/dispute`, suite.client, {
      reason: 'not_delivered',
      description: 'Nothing was delivered',
    });
    expect(response.status).toBe(201);
    const { message, dispute } = disputeAnswer.parse(response.body);
    expect(message).toEqual(expect.any(String));
    expect(dispute).toEqual({
      number: 1,
      status: 'open',
      openedBy: { _id: clientId, role: 'client' },
      reason: 'not_delivered',
      description: 'Nothing was delivered',
      openedAt: expect.any(String),
      closedAt: null,
      statements: [],
    });
    const contract = contractSchema.parse((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body);
    // Contracts are public: they show that a dispute is open, not why.
    expect(contract.escrow?.dispute).toEqual({ status: 'open', openedAt: dispute.openedAt });
  });

  it('the freelancer may open one too, at any stage, even on canceled work whose escrow is still held', async () => {
    const { contractId, freelancerId, freelancer } = await contractAt('Ongoing');
    expect((await call('DELETE', `/api/client/cancel-contract/${contractId}`, suite.client)).status).toBe(200);
    const dispute = await openDispute(contractId, freelancer, 'payment');
    expect(dispute.openedBy).toEqual({ _id: freelancerId, role: 'freelancer' });
  });

  it('400 naming every bad field (reason, description, contractId), nothing opened', async () => {
    const { contractId } = await contractAt('Completed');
    const before = await observable(contractId);
    const invalid = await call('POST', `/api/contracts/${contractId}/dispute`, suite.client, { reason: 'angry', description: '' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('VALIDATION.INVALID_REQUEST');
    expect(Object.keys(invalid.body.details.fields).sort()).toEqual(['description', 'reason']);
    const tooLong = await call('POST', `/api/contracts/${contractId}/dispute`, suite.client, {
      reason: 'scope',
      description: 'x'.repeat(5_001),
    });
    expect(tooLong.status).toBe(400);
    expect(Object.keys(tooLong.body.details.fields)).toEqual(['description']);
    const badId = await call('POST', '/api/contracts/nope/dispute', suite.client, { reason: 'scope', description: 'x' });
    expect(badId.status).toBe(400);
    expect(Object.keys(badId.body.details.fields)).toEqual(['contractId']);
    expect(await observable(contractId)).toEqual(before);
    expect(before.dispute).toEqual({ dispute: null });
  });

  it('401; 403 (an admin; another client; another freelancer); 404 (contract; contract without escrow); 415; nothing opened', async () => {
    const { contractId } = await contractAt('Completed');
    const body = { reason: 'quality', description: 'Broken' };
    const path = `/api/contracts/${contractId}/dispute`;
    const before = await observable(contractId);
    expect((await call('POST', path, undefined, body)).status).toBe(401);
    const byAdmin = await call('POST', path, suite.admin, body);
    expect(byAdmin.status).toBe(403);
    expect(byAdmin.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    for (const stranger of [suite.api.token('client', freshId()), suite.api.token('freelancer', freshId())]) {
      const refused = await call('POST', path, stranger, body);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('CONTRACT.NOT_A_PARTY');
    }
    const unknown = await call('POST', `/api/contracts/${freshId()}/dispute`, suite.client, body);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CONTRACT.NOT_FOUND');
    const jobId = await suite.market.postJob(clientId);
    const unpaid = await call('POST', `/api/client/create-contract/${jobId}`, suite.client, { freelancerId: freshId(), amount: 500 });
    const noEscrow = await call('POST', `/api/contracts/${unpaid.body.contract._id}/dispute`, suite.client, body);
    expect(noEscrow.status).toBe(404);
    expect(noEscrow.body.code).toBe('ESCROW.NOT_FOUND');
    const notJson = await request(suite.api.url, 'POST', path, {
      token: suite.client,
      body: 'reason=quality',
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(415);
    expect(await observable(contractId)).toEqual(before);
  });

  it('409 DISPUTE.ALREADY_OPEN for a second dispute, by either party; the first stays as it was', async () => {
    const { contractId, freelancer } = await contractAt('Completed');
    const first = await openDispute(contractId, suite.client);
    const before = await observable(contractId);
    for (const token of [suite.client, freelancer]) {
      const again = await call('POST', `/api/contracts/${contractId}/dispute`, token, { reason: 'other', description: 'Again' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DISPUTE.ALREADY_OPEN');
    }
    expect(await observable(contractId)).toEqual(before);
    expect(before.dispute.dispute).toEqual(first);
  });

  it('409 DISPUTE.EXHAUSTED after five disputes of one party, withdrawn one after another; the other party may still open one', async () => {
    const { contractId, freelancer } = await contractAt('Completed');
    for (let number = 1; number <= 5; number += 1) {
      expect((await openDispute(contractId, freelancer)).number).toBe(number);
      expect((await call('DELETE', `/api/contracts/${contractId}/dispute`, freelancer)).status).toBe(200);
    }
    const before = await observable(contractId);
    const sixth = await call('POST', `/api/contracts/${contractId}/dispute`, freelancer, {
      reason: 'other',
      description: 'Once more',
    });
    expect(sixth.status).toBe(409);
    expect(sixth.body).toMatchObject({ code: 'DISPUTE.EXHAUSTED', details: { disputesMax: 5 } });
    expect(await observable(contractId)).toEqual(before);
    // The freelancer's disputes are theirs: the client's remedy against the delivery is intact.
    expect((await openDispute(contractId, suite.client)).number).toBe(6);
    await resolveDispute(contractId, { freelancerPayout: 0, refundPlatformFee: true, note: 'Not delivered' });
  });

  it('409 ESCROW.ALREADY_RESOLVED once the escrow was released', async () => {
    const { contractId } = await contractAt('Completed');
    await suite.market.release(contractId, clientId);
    const late = await call('POST', `/api/contracts/${contractId}/dispute`, suite.client, { reason: 'quality', description: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('ESCROW.ALREADY_RESOLVED');
    expect((await call('GET', `/api/contracts/${contractId}/dispute`, suite.client)).body).toEqual({ dispute: null });
  });
});

describe('an open dispute freezes the escrow and the contract', () => {
  it('409 ESCROW.IN_DISPUTE for a release request, a release, a refund, a change request, a status change and a cancel; nothing moved', async () => {
    const delivered = await contractAt('Completed');
    await openDispute(delivered.contractId, delivered.freelancer);
    const working = await contractAt('Started');
    await openDispute(working.contractId, suite.client);
    const before = { delivered: await observable(delivered.contractId), working: await observable(working.contractId) };

    const refusals = [
      await call('PATCH', `/api/client/release-fund/${delivered.contractId}`, suite.client),
      await call('PUT', `/api/admin/escrow/release-fund/${delivered.contractId}`, suite.admin),
      await call('PATCH', `/api/client/request-changes/${delivered.contractId}`, suite.client, { note: 'Fix the header' }),
      await call('PUT', `/api/admin/escrow/refund-client/${working.contractId}/${clientId}`, suite.admin),
      await call('PUT', `/api/admin/escrow/refund-client/${working.contractId}/${clientId}`, suite.client),
      await call('PUT', `/api/freelancer/contract/update-status/${working.contractId}`, working.freelancer, { status: 'Ongoing' }),
      await call('PUT', `/api/freelancer/contract/update-status/${working.contractId}`, working.freelancer, { status: 'Canceled' }),
      await call('DELETE', `/api/client/cancel-contract/${working.contractId}`, suite.client),
    ];
    expect(refusals.map((refusal) => [refusal.status, refusal.body.code])).toEqual(refusals.map(() => [409, 'ESCROW.IN_DISPUTE']));
    expect({ delivered: await observable(delivered.contractId), working: await observable(working.contractId) }).toEqual(before);
    expect(await walletBalance(delivered.freelancerId)).toBe(0);
    expect(await walletBalance(working.freelancerId)).toBe(0);
  });
});

describe('GET /api/contracts/:contractId/dispute', () => {
  it('{ dispute: null } before any; the latest dispute with its statements for either party and admins', async () => {
    const { contractId, freelancer } = await contractAt('Completed');
    const path = `/api/contracts/${contractId}/dispute`;
    expect((await call('GET', path, suite.client)).body).toEqual({ dispute: null });
    const opened = await openDispute(contractId, suite.client);
    for (const token of [suite.client, freelancer, suite.admin]) {
      const response = await call('GET', path, token);
      expect(response.status).toBe(200);
      expect(z.object({ dispute: disputeSchema.nullable() }).parse(response.body).dispute).toEqual(opened);
    }
  });

  it('{ dispute: null } for a contract no payment funded yet; a stranger is refused first', async () => {
    const jobId = await suite.market.postJob(clientId);
    const freelancerId = freshId();
    const unpaid = await call('POST', `/api/client/create-contract/${jobId}`, suite.client, { freelancerId, amount: 500 });
    const path = `/api/contracts/${unpaid.body.contract._id}/dispute`;
    for (const token of [suite.client, suite.api.token('freelancer', freelancerId), suite.admin])
      expect((await call('GET', path, token)).body).toEqual({ dispute: null });
    const stranger = await call('GET', path, suite.api.token('client', freshId()));
    expect([stranger.status, stranger.body.code]).toEqual([403, 'CONTRACT.NOT_A_PARTY']);
  });

  it('401; 403 (not a party); 404; 400', async () => {
    const { contractId } = await contractAt('Pending');
    const path = `/api/contracts/${contractId}/dispute`;
    expect((await call('GET', path)).status).toBe(401);
    const stranger = await call('GET', path, suite.api.token('freelancer', freshId()));
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('CONTRACT.NOT_A_PARTY');
    expect((await call('GET', `/api/contracts/${freshId()}/dispute`, suite.admin)).status).toBe(404);
    const invalid = await call('GET', '/api/contracts/123/dispute', suite.admin);
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields)).toEqual(['contractId']);
  });
});

describe('POST /api/contracts/:contractId/dispute/statements', () => {
  it('201 { message, dispute }: each party’s statement, in order, with their media', async () => {
    const { contractId, freelancerId, freelancer } = await contractAt('Completed');
    await openDispute(contractId, suite.client);
    const path = `/api/contracts/${contractId}/dispute/statements`;
    const fromClient = await call('POST', path, suite.client, { text: 'The login page is blank' });
    expect(fromClient.status).toBe(201);
    expect(disputeAnswer.parse(fromClient.body).dispute.statements).toEqual([
      { by: { _id: clientId, role: 'client' }, text: 'The login page is blank', mediaUrls: [], createdAt: expect.any(String) },
    ]);
    const media = ['https://res.cloudinary.com/skillhouse/image/upload/proof.png', 'http://127.0.0.1/media/demo.mp4'];
    const fromFreelancer = await call('POST', path, freelancer, { text: 'It works on a fresh browser', mediaUrls: media });
    expect(fromFreelancer.status).toBe(201);
    const { dispute } = disputeAnswer.parse(fromFreelancer.body);
    expect(dispute.statements.map((statement) => [statement.by, statement.text, statement.mediaUrls])).toEqual([
      [{ _id: clientId, role: 'client' }, 'The login page is blank', []],
      [{ _id: freelancerId, role: 'freelancer' }, 'It works on a fresh browser', media],
    ]);
    expect((await call('GET', `/api/contracts/${contractId}/dispute`, suite.admin)).body.dispute).toEqual(dispute);
  });

  it('400 for statements over the bounds (text, media count, media links), nothing added', async () => {
    const { contractId } = await contractAt('Completed');
    await openDispute(contractId, suite.client);
    const path = `/api/contracts/${contractId}/dispute/statements`;
    const before = await observable(contractId);
    const empty = await call('POST', path, suite.client, { text: '', mediaUrls: 'https://x.test/a.png' });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.details.fields).sort()).toEqual(['mediaUrls', 'text']);
    expect((await call('POST', path, suite.client, { text: 'x'.repeat(5_001) })).body.details.fields).toHaveProperty('text');
    const elevenFiles = Array.from({ length: 11 }, (_, index) => `https://x.test/${index}.png`);
    const tooMany = await call('POST', path, suite.client, { text: 'Proof', mediaUrls: elevenFiles });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details.fields).toHaveProperty('mediaUrls');
    const notLinks = await call('POST', path, suite.client, { text: 'Proof', mediaUrls: ['javascript:alert(1)'] });
    expect(notLinks.status).toBe(400);
    expect(notLinks.body).toMatchObject({ code: 'VALIDATION.INVALID_MEDIA_URLS', details: { fields: { mediaUrls: expect.any(String) } } });
    expect(await observable(contractId)).toEqual(before);
  });

  it('401; 403 (an admin; not a party); 404; 409 DISPUTE.NOT_OPEN with no open dispute', async () => {
    const { contractId } = await contractAt('Completed');
    const path = `/api/contracts/${contractId}/dispute/statements`;
    const body = { text: 'Something' };
    const none = await call('POST', path, suite.client, body);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('DISPUTE.NOT_OPEN');
    await openDispute(contractId, suite.client);
    const before = await observable(contractId);
    expect((await call('POST', path, undefined, body)).status).toBe(401);
    expect((await call('POST', path, suite.admin, body)).status).toBe(403);
    const stranger = await call('POST', path, suite.api.token('client', freshId()), body);
    expect(stranger.status).toBe(403);
    expect(stranger.body.code).toBe('CONTRACT.NOT_A_PARTY');
    expect((await call('POST', `/api/contracts/${freshId()}/dispute/statements`, suite.client, body)).status).toBe(404);
    expect(await observable(contractId)).toEqual(before);
    expect(before.dispute.dispute.statements).toEqual([]);
  });
});

describe('DELETE /api/contracts/:contractId/dispute', () => {
  it('the opener withdraws: 200 { message, dispute } withdrawn; the escrow moves again; a later dispute is number 2', async () => {
    const { contractId, freelancerId, freelancer } = await contractAt('Completed');
    await openDispute(contractId, suite.client);
    const response = await call('DELETE', `/api/contracts/${contractId}/dispute`, suite.client);
    expect(response.status).toBe(200);
    const { dispute } = disputeAnswer.parse(response.body);
    expect(dispute).toMatchObject({ number: 1, status: 'withdrawn', openedBy: { _id: clientId }, closedAt: expect.any(String) });
    expect(
      contractSchema.parse((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body).escrow?.dispute?.status,
    ).toBe('withdrawn');
    expect((await openDispute(contractId, freelancer)).number).toBe(2);
    expect((await call('DELETE', `/api/contracts/${contractId}/dispute`, freelancer)).status).toBe(200);
    await suite.market.release(contractId, clientId);
    expect(await walletBalance(freelancerId)).toBe(45000);
  });

  it('a review period that was running resumes with at least 3 days left', async () => {
    const shortReview = await startIntegrationApi('disputes_review', { REVIEW_PERIOD_DAYS: '1' });
    try {
      const steps = new Marketplace(shortReview);
      const freelancerId = freshId();
      const { contractId } = await steps.fundedContract(clientId, freelancerId);
      await steps.advance(contractId, freelancerId, 'Completed');
      const view = async () =>
        contractSchema.parse((await request(shortReview.url, 'GET', `/api/freelancer/contract/view-contract/${contractId}`)).body);
      const delivered = await view();
      const deliveredAt = Date.parse(delivered.statusHistory.at(-1)!.date);
      expect(Date.parse(delivered.reviewEndsAt!)).toBe(deliveredAt + 24 * 60 * 60 * 1000);
      expect(delivered.escrow?.reviewEndsAt).toBe(delivered.reviewEndsAt);

      const token = shortReview.token('client', clientId);
      expect(
        (
          await request(shortReview.url, 'POST', `/api/contracts/${contractId}/dispute`, {
            token,
            json: { reason: 'quality', description: 'Broken' },
          })
        ).status,
      ).toBe(201);
      const withdrawnAt = Date.now();
      expect((await request(shortReview.url, 'DELETE', `/api/contracts/${contractId}/dispute`, { token })).status).toBe(200);
      const resumed = Date.parse((await view()).reviewEndsAt!);
      expect(resumed).toBeGreaterThanOrEqual(withdrawnAt + 3 * 24 * 60 * 60 * 1000);
      expect(resumed).toBeLessThanOrEqual(Date.now() + 3 * 24 * 60 * 60 * 1000);
    } finally {
      await shortReview.close();
    }
  });

  it('401; 403 (the other party: DISPUTE.NOT_OPENER; an admin; not a party); 404; 409 DISPUTE.NOT_OPEN; the dispute stays open', async () => {
    const { contractId, freelancer } = await contractAt('Completed');
    const path = `/api/contracts/${contractId}/dispute`;
    const none = await call('DELETE', path, suite.client);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('DISPUTE.NOT_OPEN');
    await openDispute(contractId, suite.client);
    const before = await observable(contractId);
    expect((await call('DELETE', path)).status).toBe(401);
    const other = await call('DELETE', path, freelancer);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('DISPUTE.NOT_OPENER');
    expect((await call('DELETE', path, suite.admin)).status).toBe(403);
    const stranger = await call('DELETE', path, suite.api.token('client', freshId()));
    expect(stranger.body.code).toBe('CONTRACT.NOT_A_PARTY');
    expect((await call('DELETE', `/api/contracts/${freshId()}/dispute`, suite.client)).status).toBe(404);
    expect((await call('DELETE', '/api/contracts/zz/dispute', suite.client)).status).toBe(400);
    expect(await observable(contractId)).toEqual(before);
    expect(before.dispute.dispute.status).toBe('open');

    expect((await call('DELETE', path, suite.client)).status).toBe(200);
    const twice = await call('DELETE', path, suite.client);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DISPUTE.NOT_OPEN');
  });
});

describe('PUT /api/admin/disputes/:contractId/resolve', () => {
  it('30 % to the freelancer, fee kept: the client is refunded 70 % of the earning, the contract Canceled from Completed; history shows every step', async () => {
    const { contractId, freelancerId, freelancer } = await contractAt('Completed');
    await openDispute(contractId, suite.client, 'quality');
    expect(
      (await call('POST', `/api/contracts/${contractId}/dispute/statements`, suite.client, { text: 'Half the pages are missing' })).status,
    ).toBe(201);
    expect(
      (await call('POST', `/api/contracts/${contractId}/dispute/statements`, freelancer, { text: 'Three of ten pages were done' })).status,
    ).toBe(201);

    const { message, data } = await resolveDispute(contractId, {
      freelancerPayout: 13500,
      refundPlatformFee: false,
      note: 'Three of ten pages were delivered',
    });
    expect(message).toEqual(expect.any(String));
    expect(data).toMatchObject({
      contractId,
      status: 'refunded',
      amount: 50000,
      platformFee: 5000,
      freelancerEarning: 45000,
      reviewEndsAt: null,
      dispute: { status: 'resolved', reason: 'quality' },
      resolution: {
        kind: 'dispute',
        stage: null,
        clientRefund: 31500,
        freelancerPayout: 13500,
        platformFee: 5000,
        decidedBy: { _id: adminId, role: 'admin' },
        reason: 'dispute_decision',
        reasonDescription: 'Three of ten pages were delivered',
      },
      refund: { clientRefund: 31500, freelancerPayout: 13500, stripeRefundId: expect.stringMatching(/^re_/) },
      resolvedAt: expect.any(String),
    });

    const contract = contractSchema.parse((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body);
    expect(contract).toMatchObject({
      status: 'Canceled',
      canceledFrom: 'Completed',
      cancelledBy: adminId,
      cancelReason: 'dispute_decision',
    });
    expect(contract.statusHistory.map((entry) => entry.status)).toEqual(['Pending', 'Started', 'Ongoing', 'Completed', 'Canceled']);
    expect(
      earningsSchema.parse((await call('GET', `/api/freelancer/wallet/earnings/${freelancerId}`, freelancer)).body).entries,
    ).toMatchObject([{ amount: 13500, direction: 'credit', contractId }]);
    const dispute = disputeSchema.parse((await call('GET', `/api/contracts/${contractId}/dispute`, suite.client)).body.dispute);
    expect(dispute).toMatchObject({ status: 'resolved', closedAt: expect.any(String) });
    expect(dispute.statements).toHaveLength(2);

    const history = historyList.parse((await call('GET', `/api/contracts/${contractId}/history`, suite.client)).body);
    const steps = history.data.map((entry) => `${entry.source} ${entry.type} by ${entry.actor.role}`);
    for (const step of [
      'contract StatusChanged by freelancer',
      'escrow ReviewStarted by system',
      'escrow DisputeOpened by client',
      'escrow DisputeStatementAdded by client',
      'escrow DisputeStatementAdded by freelancer',
      'escrow EscrowResolved by admin',
      'money ClientRefundSent by system',
      'money WalletCredited by system',
      'contract DisputeSettled by admin',
      'escrow EscrowSettled by system',
    ]) {
      expect(steps).toContain(step);
    }
    expect(steps.indexOf('escrow DisputeOpened by client')).toBeLessThan(steps.indexOf('escrow EscrowResolved by admin'));
    expect(steps.indexOf('escrow EscrowResolved by admin')).toBeLessThan(steps.indexOf('contract DisputeSettled by admin'));
    expect(steps.indexOf('escrow EscrowResolved by admin')).toBeLessThan(steps.indexOf('escrow EscrowSettled by system'));
    expect(history.data.find((entry) => entry.type === 'EscrowResolved')?.details).toMatchObject({
      clientRefund: 31500,
      freelancerPayout: 13500,
      platformFee: 5000,
    });
    expect(history.data.find((entry) => entry.type === 'ClientRefundSent')?.details).toMatchObject({
      amount: 31500,
      refundId: expect.stringMatching(/^re_/),
    });
  });

  it('the whole earning to the freelancer: released, the contract stays Completed', async () => {
    const { contractId, freelancerId } = await contractAt('Completed');
    await openDispute(contractId, suite.client);
    const { data } = await resolveDispute(contractId, {
      freelancerPayout: 45000,
      refundPlatformFee: false,
      note: 'Delivered as agreed',
    });
    expect(data).toMatchObject({
      status: 'released',
      refund: null,
      resolution: { clientRefund: 0, freelancerPayout: 45000 },
    });
    expect((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body.status).toBe('Completed');
    expect(await walletBalance(freelancerId)).toBe(45000);
  });

  it('nothing to the freelancer and the fee returned: the client gets every paisa back', async () => {
    const { contractId, freelancerId } = await contractAt('Started');
    await openDispute(contractId, suite.client, 'unresponsive');
    const { data } = await resolveDispute(contractId, {
      freelancerPayout: 0,
      refundPlatformFee: true,
      note: 'No work was done',
    });
    expect(data).toMatchObject({
      status: 'refunded',
      resolution: { clientRefund: 50000, freelancerPayout: 0, platformFee: 0 },
      refund: { clientRefund: 50000, freelancerPayout: 0 },
    });
    expect((await call('GET', `/api/freelancer/contract/view-contract/${contractId}`)).body).toMatchObject({
      status: 'Canceled',
      canceledFrom: 'Started',
    });
    expect(await walletBalance(freelancerId)).toBe(0);
  });

  it('400 for a payout over the earning, negative, with three decimals, or a bad flag and note; nothing decided', async () => {
    const { contractId, freelancerId } = await contractAt('Completed');
    await openDispute(contractId, suite.client);
    const path = `/api/admin/disputes/${contractId}/resolve`;
    const before = await observable(contractId);

    const over = await call('PUT', path, suite.admin, { freelancerPayout: 45000.01, refundPlatformFee: false, note: 'Too generous' });
    expect(over.status).toBe(400);
    expect(over.body).toMatchObject({
      code: 'VALIDATION.PAYOUT_OVER_EARNING',
      details: { fields: { freelancerPayout: 'must be from 0 to 45000.00' } },
    });
    for (const freelancerPayout of [-1, 100.005, '100', null]) {
      const invalid = await call('PUT', path, suite.admin, { freelancerPayout, refundPlatformFee: false, note: 'x' });
      expect(invalid.status).toBe(400);
      expect(Object.keys(invalid.body.details.fields)).toEqual(['freelancerPayout']);
    }
    const everything = await call('PUT', path, suite.admin, { freelancerPayout: -0.5, refundPlatformFee: 'yes', note: '' });
    expect(everything.status).toBe(400);
    expect(Object.keys(everything.body.details.fields).sort()).toEqual(['freelancerPayout', 'note', 'refundPlatformFee']);
    expect(
      (await call('PUT', path, suite.admin, { freelancerPayout: 1, refundPlatformFee: false, note: 'x'.repeat(2_001) })).body.details
        .fields,
    ).toHaveProperty('note');

    expect(await observable(contractId)).toEqual(before);
    expect(await walletBalance(freelancerId)).toBe(0);
  });

  it('401; 403 (a client; a freelancer); 404; 409 DISPUTE.NOT_OPEN (none; withdrawn); 409 ESCROW.ALREADY_RESOLVED after the decision', async () => {
    const { contractId, freelancer } = await contractAt('Completed');
    const path = `/api/admin/disputes/${contractId}/resolve`;
    const body = { freelancerPayout: 22500, refundPlatformFee: false, note: 'Half' };
    const none = await call('PUT', path, suite.admin, body);
    expect(none.status).toBe(409);
    expect(none.body.code).toBe('DISPUTE.NOT_OPEN');
    await openDispute(contractId, freelancer);
    expect((await call('PUT', path, undefined, body)).status).toBe(401);
    expect((await call('PUT', path, suite.client, body)).status).toBe(403);
    expect((await call('PUT', path, freelancer, body)).status).toBe(403);
    expect((await call('PUT', `/api/admin/disputes/${freshId()}/resolve`, suite.admin, body)).status).toBe(404);
    expect((await call('PUT', path, suite.admin, body)).status).toBe(200);
    const twice = await call('PUT', path, suite.admin, body);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('ESCROW.ALREADY_RESOLVED');

    const withdrawn = await contractAt('Completed');
    await openDispute(withdrawn.contractId, suite.client);
    await call('DELETE', `/api/contracts/${withdrawn.contractId}/dispute`, suite.client);
    const late = await call('PUT', `/api/admin/disputes/${withdrawn.contractId}/resolve`, suite.admin, body);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('DISPUTE.NOT_OPEN');
  });
});

describe('GET /api/admin/disputes', () => {
  it('{ count, data } of disputed escrows with their disputes, by status (open by default), oldest first', async () => {
    const older = await contractAt('Completed');
    const newer = await contractAt('Ongoing');
    const withdrawn = await contractAt('Completed');
    const resolved = await contractAt('Completed');
    for (const { contractId } of [older, newer, withdrawn, resolved]) await openDispute(contractId, suite.client);
    await call('DELETE', `/api/contracts/${withdrawn.contractId}/dispute`, suite.client);
    await resolveDispute(resolved.contractId, { freelancerPayout: 0, refundPlatformFee: false, note: 'None' });

    const listed = async (query: string) => {
      // Every dispute this file opened fits one page of the most a page holds.
      const response = await call('GET', `/api/admin/disputes${query === '' ? '?' : `${query}&`}limit=100`, suite.admin);
      expect(response.status).toBe(200);
      const list = disputeList.parse(response.body);
      expect(list.count).toBe(list.data.length);
      return list.data;
    };
    const open = await listed('');
    expect(await listed('?status=open')).toEqual(open);
    expect(open.every((escrow) => escrow.dispute?.status === 'open' && escrow.status === 'funded')).toBe(true);
    const ours = open.map((escrow) => escrow.contractId).filter((id) => id === older.contractId || id === newer.contractId);
    expect(ours).toEqual([older.contractId, newer.contractId]);
    const openedAt = open.map((escrow) => Date.parse(escrow.dispute!.openedAt));
    expect(openedAt).toEqual([...openedAt].sort((a, b) => a - b));
    expect(open.find((escrow) => escrow.contractId === older.contractId)?.dispute).toMatchObject({
      openedBy: { _id: clientId },
      statements: [],
    });

    const withdrawnList = await listed('?status=withdrawn');
    expect(withdrawnList.map((escrow) => escrow.contractId)).toContain(withdrawn.contractId);
    expect(withdrawnList.every((escrow) => escrow.dispute?.status === 'withdrawn')).toBe(true);
    const resolvedList = await listed('?status=resolved');
    expect(resolvedList.map((escrow) => escrow.contractId)).toContain(resolved.contractId);
    expect(resolvedList.find((escrow) => escrow.contractId === resolved.contractId)).toMatchObject({
      status: 'refunded',
      resolution: { kind: 'dispute' },
    });
  });

  it('400 for a bad status filter; 401; 403 for a client or a freelancer', async () => {
    const bad = await call('GET', '/api/admin/disputes?status=closed', suite.admin);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.INVALID_REQUEST', details: { fields: { status: expect.any(String) } } });
    const twice = await call('GET', '/api/admin/disputes?status=open&status=resolved', suite.admin);
    expect(twice.status).toBe(400);
    expect(Object.keys(twice.body.details.fields)).toEqual(['status']);
    expect((await call('GET', '/api/admin/disputes')).status).toBe(401);
    expect((await call('GET', '/api/admin/disputes', suite.client)).status).toBe(403);
    expect((await call('GET', '/api/admin/disputes', suite.api.token('freelancer', freshId()))).status).toBe(403);
  });
});

describe('GET /api/contracts/:contractId/history', () => {
  it('{ count, data }: the contract’s, the escrow’s and the money’s events in order, each with who did it, amounts in INR', async () => {
    const { contractId, freelancerId, freelancer } = await contractAt('Completed');
    await suite.market.release(contractId, clientId);
    const response = await call('GET', `/api/contracts/${contractId}/history`, freelancer);
    expect(response.status).toBe(200);
    const history = historyList.parse(response.body);
    expect(history.count).toBe(history.data.length);
    const times = history.data.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const steps = history.data.map((entry) => [entry.source, entry.type, entry.actor]);
    expect(steps.slice(0, 2)).toEqual([
      ['contract', 'ContractCreated', { _id: clientId, role: 'client' }],
      ['escrow', 'ContractFunded', { _id: 'system', role: 'system' }],
    ]);
    for (const step of [
      ['contract', 'StatusChanged', { _id: freelancerId, role: 'freelancer' }],
      ['escrow', 'ReviewStarted', { _id: 'system', role: 'system' }],
      ['contract', 'ReleaseRequested', { _id: clientId, role: 'client' }],
      ['escrow', 'EscrowResolved', { _id: expect.any(String), role: 'admin' }],
      ['contract', 'ReleaseApproved', expect.objectContaining({ role: 'admin' })],
      ['money', 'WalletCredited', { _id: 'system', role: 'system' }],
      ['escrow', 'EscrowSettled', { _id: 'system', role: 'system' }],
    ]) {
      expect(steps).toContainEqual(step);
    }
    expect(history.data.filter((entry) => entry.type === 'StatusChanged').map((entry) => entry.details['to'])).toEqual([
      'Started',
      'Ongoing',
      'Completed',
    ]);
    expect(history.data.find((entry) => entry.type === 'ContractCreated')?.details).toMatchObject({ amount: 50000 });
    expect(history.data.find((entry) => entry.type === 'WalletCredited')?.details).toMatchObject({ ownerId: freelancerId, amount: 45000 });
    expect(history.data.find((entry) => entry.type === 'ReviewStarted')?.details['endsAt']).toEqual(
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    );
  });

  it('the client and admins read it too; an unpaid contract has only its own events', async () => {
    const jobId = await suite.market.postJob(clientId);
    const created = await call('POST', `/api/client/create-contract/${jobId}`, suite.client, { freelancerId: freshId(), amount: 500 });
    const path = `/api/contracts/${created.body.contract._id}/history`;
    for (const token of [suite.client, suite.admin]) {
      const history = historyList.parse((await call('GET', path, token)).body);
      expect(history.data.map((entry) => [entry.source, entry.type])).toEqual([['contract', 'ContractCreated']]);
    }
  });

  it('401; 403 (not a party); 404; 400', async () => {
    const { contractId } = await contractAt('Pending');
    const path = `/api/contracts/${contractId}/history`;
    expect((await call('GET', path)).status).toBe(401);
    const stranger = await call('GET', path, suite.api.token('client', freshId()));
    expect([stranger.status, stranger.body.code]).toEqual([403, 'CONTRACT.NOT_A_PARTY']);
    const unknown = await call('GET', `/api/contracts/${freshId()}/history`, suite.admin);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'CONTRACT.NOT_FOUND']);
    const invalid = await call('GET', '/api/contracts/abc/history', suite.admin);
    expect(invalid.status).toBe(400);
    expect(Object.keys(invalid.body.details.fields)).toEqual(['contractId']);
  });
});
