import { foldEscrow, type DisputeStatus, type Escrow, type EscrowEvent, type EscrowView } from '@skillhouse/domain';
import { at, escrowEvents as events, escrowFixture, newId } from '@skillhouse/port-conformance';
import { describe, expect, it } from 'vitest';
import { InMemoryEscrowRepository } from './in-memory-escrow-repository.ts';
import { InMemoryLedger } from './in-memory-ledger.ts';

/** Every kind of escrow event in an order the fold accepts, its times shifted by `k` so no two escrows tie. */
function life(escrow: Escrow, contractId: string, k: number): EscrowEvent[] {
  return [
    events.contractFunded(contractId, 11),
    events.reviewStarted(1, 40 + k, 12),
    events.changesRequested(escrow, 1, 13),
    events.reviewStarted(2, 44 + k, 14),
    events.disputeOpened(escrow, 15 + k),
    events.statementAdded(escrow, 16),
    events.disputeWithdrawn(escrow, 50 + k, 17),
    events.disputeOpened(escrow, 20 + k),
    events.refunded(escrow, contractId, 30),
    events.clientRefundSent(31),
    events.settled(32),
  ];
}

const byTime = (time: (view: EscrowView) => Date, direction: 1 | -1) => (a: EscrowView, b: EscrowView) =>
  direction * (time(a).getTime() - time(b).getTime());

/** Each list, as filtering and sorting every view held would answer it. */
async function expectListsAsEveryView(escrows: InMemoryEscrowRepository, clientIds: readonly string[]): Promise<void> {
  const views = (await Promise.all(escrows.all().map((escrow) => escrows.view(escrow.id)))) as EscrowView[];
  for (const clientId of clientIds) {
    const expected = views.filter((view) => view.clientId === clientId).sort(byTime((view) => view.fundedAt, -1));
    await expect(escrows.listByClient(clientId, { limit: 100 })).resolves.toStrictEqual(expected);
  }
  for (const minute of [0, 45, 60, 90]) {
    const now = at(minute);
    const lapsed = views
      .filter((view) => view.resolution === null && view.review !== null && view.review.endsAt <= now && view.dispute?.status !== 'open')
      .sort(byTime((view) => view.review!.endsAt, 1));
    await expect(escrows.listReviewsLapsedBy(now, 100)).resolves.toStrictEqual(lapsed);
  }
  for (const status of ['open', 'withdrawn', 'resolved'] as const satisfies readonly DisputeStatus[]) {
    const disputed = views.filter((view) => view.dispute?.status === status).sort(byTime((view) => view.dispute!.openedAt, 1));
    await expect(escrows.listByDisputeStatus(status, { limit: 100 })).resolves.toStrictEqual(disputed);
  }
}

describe('InMemoryEscrowRepository lists', () => {
  it('answer as every view held would, at every step of escrows going through reviews, disputes and a refund', async () => {
    const escrows = new InMemoryEscrowRepository(new InMemoryLedger());
    const clientIds = [newId(), newId()];
    const lives = [0, 1, 2, 3].map((k) => {
      const escrow = escrowFixture({ clientId: clientIds[k % 2], fundedAt: at(k) });
      return { escrow, stream: life(escrow, newId(), k) };
    });
    for (const { escrow } of lives) await escrows.claim(escrow);
    await expectListsAsEveryView(escrows, clientIds);
    // One step of each escrow in turn, the later escrows a step behind, so they stand at different stages.
    for (let step = 0; step < lives[0]!.stream.length + lives.length; step += 1) {
      for (const [k, { escrow, stream }] of lives.entries()) {
        const sequence = step - k;
        if (sequence < 0 || sequence >= stream.length) continue;
        await expect(escrows.append(escrow.id, sequence, stream[sequence]!)).resolves.toMatchObject({ outcome: 'appended' });
        await escrows.project(foldEscrow(escrow, stream.slice(0, sequence + 1)));
        await expectListsAsEveryView(escrows, clientIds);
      }
    }
    await expect(escrows.listByDisputeStatus('resolved', { limit: 100 })).resolves.toHaveLength(4);
  });
});
