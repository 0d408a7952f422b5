import { describe, expect, it } from 'vitest';
import {
  advanceWork,
  createWorld,
  hireThroughPayment,
  people,
  releaseRequested,
  reportChargeback,
  type World,
} from '../escrow-fixtures.test-support.ts';

function queue(world: World, name: string, page: { limit?: number; cursor?: unknown } = {}) {
  return world.service.listAdminQueue.execute({ actor: people.admin, queue: name, ...page });
}

function contractIdsOf(page: { entries: readonly { contract: { id: string } | null }[] }): (string | undefined)[] {
  return page.entries.map((entry) => entry.contract?.id);
}

describe('ListAdminQueue', () => {
  it('puts each escrow in the queue its state calls for, with its contract, job and parties', async () => {
    const world = createWorld();
    const requested = await releaseRequested(world);
    const canceled = await hireThroughPayment(world);
    await advanceWork(world, canceled.contractId, 'Started');
    await world.service.cancelContract.execute({ actor: people.client, contractId: canceled.contractId });
    const disputedRequest = await releaseRequested(world);
    await world.service.openDispute.execute({
      actor: people.client,
      contractId: disputedRequest.contractId,
      reason: 'quality',
      description: 'No',
    });
    const live = await hireThroughPayment(world);
    await world.ports.users.save({ id: people.freelancer.userId, role: 'freelancer', displayName: 'Ravi', blocked: true });

    const releases = await queue(world, 'release-requested');
    expect(releases).toMatchObject({ queue: 'release-requested', total: 1, next: null });
    expect(releases.entries[0]).toMatchObject({
      contract: { id: requested.contractId, status: 'Completed', releaseFundStatus: 'Requested' },
      escrow: { id: requested.escrowId },
      job: { id: requested.job.id, title: requested.job.title },
      // The parties as the directory holds them: one it has never seen is null.
      client: null,
      freelancer: { id: people.freelancer.userId, displayName: 'Ravi', blocked: true },
    });
    expect(contractIdsOf(await queue(world, 'refunds-due'))).toEqual([canceled.contractId]);
    // A dispute freezes the escrow: it waits in the disputes queue only.
    expect(contractIdsOf(await queue(world, 'disputes'))).toEqual([disputedRequest.contractId]);
    // Each delivery started a review period of 14 days: none ends within 48 hours.
    await expect(queue(world, 'auto-releases')).resolves.toMatchObject({ total: 0, entries: [] });
    await expect(queue(world, 'returned-payments')).resolves.toMatchObject({ total: 0, entries: [] });
    for (const name of ['release-requested', 'refunds-due', 'disputes']) {
      expect(contractIdsOf(await queue(world, name))).not.toContain(live.contractId);
    }

    await world.service.releaseEscrow.execute({ actor: people.admin, contractId: requested.contractId });
    await world.service.refundEscrow.execute({ actor: people.admin, contractId: canceled.contractId, clientId: people.client.userId });
    await expect(queue(world, 'release-requested')).resolves.toMatchObject({ total: 0 });
    await expect(queue(world, 'refunds-due')).resolves.toMatchObject({ total: 0 });
  });

  it('pages a queue oldest first with a cursor, each page counting the whole queue', async () => {
    const world = createWorld();
    const hires = [];
    for (let index = 0; index < 5; index += 1) hires.push(await releaseRequested(world));
    const seen: (string | undefined)[] = [];
    let cursor: string | null = null;
    do {
      const page = await queue(world, 'release-requested', { limit: 2, cursor });
      expect(page.total).toBe(5);
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...contractIdsOf(page));
      cursor = page.next;
    } while (cursor !== null);
    expect(seen).toEqual(hires.map((hire) => hire.contractId));
  });

  it('is for admins only, and refuses an unknown queue, page size or cursor', async () => {
    const world = createWorld();
    await expect(world.service.listAdminQueue.execute({ actor: people.client, queue: 'disputes' })).rejects.toMatchObject({
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    await expect(queue(world, 'everything')).rejects.toMatchObject({ code: 'VALIDATION.INVALID_CHOICE' });
    for (const limit of [0, 101, 1.5])
      await expect(queue(world, 'disputes', { limit })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_PAGE' });
    await expect(queue(world, 'disputes', { cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_PAGE' });
  });

  it('lists a client refund the processor reported failed until an admin retries it, and an open chargeback until it closes', async () => {
    const world = createWorld();
    const refunded = await hireThroughPayment(world);
    await advanceWork(world, refunded.contractId, 'Started');
    await world.service.refundEscrow.execute({ actor: people.admin, contractId: refunded.contractId, clientId: people.client.userId });
    const charged = await releaseRequested(world);

    await world.service.recordProcessorReport.execute({
      kind: 'refundFailed',
      refundId: world.ports.payments.refunds()[0]!.refundId,
      escrowId: refunded.escrowId,
      paymentIntentId: null,
      reason: 'expired_or_canceled_card',
      reportedAt: new Date(),
    });
    await reportChargeback(world, charged, 'dp_1', 'opened');

    const failed = await queue(world, 'failed-refunds');
    expect(contractIdsOf(failed)).toEqual([refunded.contractId]);
    expect(failed.entries[0]?.escrow.refundFailure).toMatchObject({ reason: 'expired_or_canceled_card' });
    expect(contractIdsOf(await queue(world, 'chargebacks'))).toEqual([charged.contractId]);
    // The chargeback freezes the escrow: its requested release waits with it.
    await expect(queue(world, 'release-requested')).resolves.toMatchObject({ total: 0 });

    await world.service.retryClientRefund.execute({ actor: people.admin, contractId: refunded.contractId });
    await reportChargeback(world, charged, 'dp_1', 'won');
    await expect(queue(world, 'failed-refunds')).resolves.toMatchObject({ total: 0, entries: [] });
    await expect(queue(world, 'chargebacks')).resolves.toMatchObject({ total: 0, entries: [] });
    expect(contractIdsOf(await queue(world, 'release-requested'))).toEqual([charged.contractId]);
  });
});
