import {
  foldEscrow,
  fundingOf,
  initialEscrowState,
  LOOKUP_IDS_MAX,
  viewOfEscrow,
  type Escrow,
  type EscrowEvent,
  type EscrowRepository,
  type EscrowView,
  type QueueCursor,
} from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { at, escrowEvents as events, escrowFixture, newId, simultaneously } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

/** Appends `stream` after the first `after` events of the escrow's stream, checking each append. */
async function appendAll(escrows: EscrowRepository, escrowId: string, stream: readonly EscrowEvent[], after = 0): Promise<void> {
  for (const [index, event] of stream.entries()) {
    await expect(escrows.append(escrowId, after + index, event)).resolves.toEqual({ outcome: 'appended', sequence: after + index + 1 });
  }
}

/** Claims `escrow`, appends `stream` and projects its fold: the view every read should then show. */
async function recordEscrow(escrows: EscrowRepository, escrow: Escrow, stream: readonly EscrowEvent[]): Promise<EscrowView> {
  await escrows.claim(escrow);
  await appendAll(escrows, escrow.id, stream);
  const state = foldEscrow(escrow, stream);
  await escrows.project(state);
  return viewOfEscrow(state);
}

/** Every kind of escrow event, in an order the fold accepts: two reviews, two disputes, a refund, its settlement. */
function everyEvent(escrow: Escrow, contractId: string): EscrowEvent[] {
  return [
    events.contractFunded(contractId, 11),
    events.reviewStarted(1, 40, 12),
    events.changesRequested(escrow, 1, 13),
    events.reviewStarted(2, 44, 14),
    events.disputeOpened(escrow, 15),
    events.statementAdded(escrow, 16),
    events.disputeWithdrawn(escrow, 50, 17),
    events.disputeOpened(escrow, 18),
    events.refunded(escrow, contractId, 19),
    events.clientRefundSent(20),
    events.settled(21),
  ];
}

export function describeEscrows(ports: () => PersistencePorts): void {
  describe('escrows: claims, streams and views', () => {
    it('finds nothing for unknown ids', async () => {
      await expect(ports().escrows.findById(newId())).resolves.toBeNull();
      await expect(ports().escrows.findByCheckoutSession('cs_test_unknown')).resolves.toBeNull();
      await expect(ports().escrows.view(newId())).resolves.toBeNull();
      await expect(ports().escrows.read(newId())).resolves.toStrictEqual([]);
      await expect(ports().escrows.load(newId())).resolves.toBeNull();
    });

    it('loads an escrow as claimed with its stream, as findById and read answer them, an empty stream included', async () => {
      const escrow = escrowFixture();
      const contractId = newId();
      await ports().escrows.claim(escrow);
      await expect(ports().escrows.load(escrow.id)).resolves.toStrictEqual({ escrow, events: [] });
      await appendAll(ports().escrows, escrow.id, [events.contractFunded(contractId, 11), events.reviewStarted(1, 40, 12)]);
      const loaded = await ports().escrows.load(escrow.id);
      expect(loaded).toStrictEqual({ escrow: await ports().escrows.findById(escrow.id), events: await ports().escrows.read(escrow.id) });
      expect(loaded?.events.map((stored) => stored.sequence)).toEqual([1, 2]);
      expect(loaded?.escrow.fundedAt).toBeInstanceOf(Date);
    });

    it('loads nothing for a stream without its claim', async () => {
      const escrowId = newId();
      await appendAll(ports().escrows, escrowId, [events.contractFunded(newId(), 11)]);
      await expect(ports().escrows.load(escrowId)).resolves.toBeNull();
    });

    it('claims an escrow, finds it by id and by checkout session, dates as dates, and views it funded with an empty stream', async () => {
      const escrow = escrowFixture();
      await expect(ports().escrows.claim(escrow)).resolves.toEqual({ outcome: 'claimed' });
      await expect(ports().escrows.findById(escrow.id)).resolves.toStrictEqual(escrow);
      await expect(ports().escrows.findByCheckoutSession(escrow.checkoutSessionId)).resolves.toStrictEqual(escrow);
      expect((await ports().escrows.findById(escrow.id))?.fundedAt).toBeInstanceOf(Date);
      const view = await ports().escrows.view(escrow.id);
      expect(view).toStrictEqual(viewOfEscrow(initialEscrowState(escrow)));
      expect(view).toMatchObject({ status: 'funded', sequence: 0, contractId: null, resolution: null });
    });

    it('answers a second claim of the same checkout session with the first escrow, as its view shows it', async () => {
      const first = escrowFixture();
      const second = escrowFixture({ checkoutSessionId: first.checkoutSessionId, amountPaise: 1 });
      await ports().escrows.claim(first);
      await expect(ports().escrows.claim(second)).resolves.toStrictEqual({
        outcome: 'alreadyClaimed',
        existing: viewOfEscrow(initialEscrowState(first)),
      });
      await expect(ports().escrows.findById(second.id)).resolves.toBeNull();
      await expect(ports().escrows.view(second.id)).resolves.toBeNull();
    });

    it('lets exactly one of 20 simultaneous claims of one checkout session win', async () => {
      const sessionId = `cs_test_${newId()}`;
      const candidates = Array.from({ length: 20 }, () => escrowFixture({ checkoutSessionId: sessionId }));
      const results = await simultaneously(20, (index) => ports().escrows.claim(candidates[index]!));
      const winners = candidates.filter((_, index) => results[index]!.outcome === 'claimed');
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.outcome === 'alreadyClaimed') expect(fundingOf(result.existing)).toStrictEqual(winners[0]);
      }
      await expect(ports().escrows.findByCheckoutSession(sessionId)).resolves.toStrictEqual(winners[0]);
    });

    it('appends every kind of escrow event and reads them back in order, dates as dates', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const stream = everyEvent(escrow, newId());
      await appendAll(ports().escrows, escrow.id, stream);
      const stored = await ports().escrows.read(escrow.id);
      expect(stored).toStrictEqual(stream.map((event, index) => ({ sequence: index + 1, event })));
      const reviewed = stored[1]?.event;
      expect(reviewed?.type === 'ReviewStarted' && reviewed.data.endsAt).toBeInstanceOf(Date);
      const state = foldEscrow(
        escrow,
        stored.map(({ event }) => event),
      );
      expect(viewOfEscrow(state)).toMatchObject({ status: 'refunded', sequence: 11, dispute: { number: 2, status: 'resolved' } });
    });

    it('reports a taken sequence and leaves the stream as it was', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const contractId = newId();
      await appendAll(ports().escrows, escrow.id, [events.contractFunded(contractId, 11), events.reviewStarted(1, 40, 12)]);
      const release = events.released(escrow, contractId, 13);
      await expect(ports().escrows.append(escrow.id, 1, release)).resolves.toEqual({ outcome: 'sequenceTaken', expected: 1 });
      await expect(ports().escrows.append(escrow.id, 0, release)).resolves.toEqual({ outcome: 'sequenceTaken', expected: 0 });
      await expect(ports().escrows.read(escrow.id)).resolves.toHaveLength(2);
    });

    it('lets exactly one of 20 simultaneous appends take a sequence: releases, refunds and disputes racing', async () => {
      const escrow = escrowFixture();
      const contractId = newId();
      await recordEscrow(ports().escrows, escrow, [events.contractFunded(contractId, 11)]);
      const racers = Array.from(
        { length: 20 },
        (_, index) =>
          [
            events.released(escrow, contractId, 20 + index),
            events.refunded(escrow, contractId, 20 + index),
            events.disputeOpened(escrow, 20 + index),
          ][index % 3]!,
      );
      const results = await simultaneously(20, (index) => ports().escrows.append(escrow.id, 1, racers[index]!));
      const winners = racers.filter((_, index) => results[index]!.outcome === 'appended');
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.outcome === 'sequenceTaken')).toHaveLength(19);
      await expect(ports().escrows.read(escrow.id)).resolves.toStrictEqual([
        { sequence: 1, event: events.contractFunded(contractId, 11) },
        { sequence: 2, event: winners[0] },
      ]);
    });

    it('keeps escrow streams apart from contract streams', async () => {
      const escrow = escrowFixture();
      await recordEscrow(ports().escrows, escrow, [events.contractFunded(newId(), 11)]);
      await expect(ports().contracts.read(escrow.id)).resolves.toStrictEqual([]);
    });

    it('projects the view of a state and never writes an older state over a later one', async () => {
      const escrow = escrowFixture();
      const stream = everyEvent(escrow, newId());
      const partial = await recordEscrow(ports().escrows, escrow, stream.slice(0, 5));
      expect(partial).toMatchObject({ sequence: 5, dispute: { status: 'open' } });
      await expect(ports().escrows.view(escrow.id)).resolves.toStrictEqual(partial);

      await ports().escrows.project(foldEscrow(escrow, stream.slice(0, 2)));
      await ports().escrows.project(initialEscrowState(escrow));
      await expect(ports().escrows.view(escrow.id)).resolves.toStrictEqual(partial);

      await appendAll(ports().escrows, escrow.id, stream.slice(5), 5);
      const whole = foldEscrow(escrow, stream);
      await ports().escrows.project(whole);
      await ports().escrows.project(whole);
      await ports().escrows.project(foldEscrow(escrow, stream.slice(0, 9)));
      await expect(ports().escrows.view(escrow.id)).resolves.toStrictEqual(viewOfEscrow(whole));
    });

    it('views many escrows, each as `view` answers it, in the order asked, skipping unknown ids', async () => {
      const [funded, released, refunded] = [escrowFixture(), escrowFixture(), escrowFixture()];
      const contractId = newId();
      await recordEscrow(ports().escrows, funded, []);
      await recordEscrow(ports().escrows, released, [
        events.contractFunded(contractId, 11),
        events.released(released, contractId, 12),
        events.settled(13),
      ]);
      await recordEscrow(ports().escrows, refunded, [events.refunded(refunded, newId(), 12), events.clientRefundSent(13)]);
      const ids = [refunded.id, newId(), funded.id, released.id];
      const views = await Promise.all(ids.map((id) => ports().escrows.view(id)));
      expect(views.map((view) => view?.status)).toStrictEqual(['funded', undefined, 'funded', 'released']);
      await expect(ports().escrows.viewMany(ids)).resolves.toStrictEqual(views.filter((view) => view !== null));
    });

    it('views one escrow per id asked, duplicates included, and nothing for none', async () => {
      const escrow = escrowFixture();
      await ports().escrows.claim(escrow);
      const view = await ports().escrows.view(escrow.id);
      await expect(ports().escrows.viewMany([escrow.id, escrow.id])).resolves.toStrictEqual([view, view]);
      await expect(ports().escrows.viewMany([])).resolves.toStrictEqual([]);
      await expect(ports().escrows.viewMany([newId()])).resolves.toStrictEqual([]);
    });

    it(`refuses to view more than ${LOOKUP_IDS_MAX} escrows at once`, async () => {
      const ids = Array.from({ length: LOOKUP_IDS_MAX + 1 }, () => newId());
      await expect(ports().escrows.viewMany(ids)).rejects.toThrow(/at most/);
    });
  });

  describe('escrow lists (views)', () => {
    it("lists a client's payments newest first, bounded, a returned one with its reason", async () => {
      const clientId = newId();
      const [first, second, third] = [10, 12, 11].map((minute) => escrowFixture({ clientId, fundedAt: at(minute) })) as [
        Escrow,
        Escrow,
        Escrow,
      ];
      const returned: EscrowEvent = {
        type: 'EscrowResolved',
        data: {
          escrowId: second.id,
          contractId: null,
          kind: 'return',
          stage: null,
          clientRefundPaise: second.amountPaise,
          freelancerPayoutPaise: 0,
          platformFeePaise: 0,
          decidedBy: 'system',
          decidedByRole: 'system',
          decidedAt: at(13),
          reason: 'freelancer_blocked',
          reasonDescription: 'The freelancer was blocked before the payment arrived.',
        },
      };
      const views = [
        await recordEscrow(ports().escrows, first, []),
        await recordEscrow(ports().escrows, second, [returned, events.clientRefundSent(14), events.settled(15)]),
        await recordEscrow(ports().escrows, third, [events.contractFunded(newId(), 12)]),
      ];
      await recordEscrow(ports().escrows, escrowFixture({ fundedAt: at(20) }), []);
      const listed = await ports().escrows.listByClient(clientId, { limit: 10 });
      expect(listed).toStrictEqual([views[1], views[2], views[0]]);
      expect(listed[0]).toMatchObject({ status: 'refunded', resolution: { kind: 'return', reason: 'freelancer_blocked' } });
      await expect(ports().escrows.listByClient(clientId, { limit: 2 })).resolves.toStrictEqual([views[1], views[2]]);
      await expect(ports().escrows.listByClient(newId(), { limit: 10 })).resolves.toStrictEqual([]);
      // A page after a position starts right after it; a time window narrows by the funding time.
      const after = { at: views[1]!.fundedAt, id: views[1]!.id };
      await expect(ports().escrows.listByClient(clientId, { limit: 10, after })).resolves.toStrictEqual([views[2], views[0]]);
      await expect(ports().escrows.listByClient(clientId, { limit: 1, after })).resolves.toStrictEqual([views[2]]);
      const window = { from: views[2]!.fundedAt, before: views[1]!.fundedAt };
      await expect(ports().escrows.listByClient(clientId, { limit: 10 }, window)).resolves.toStrictEqual([views[2]]);
    });

    it('lists every escrow funded in a window, oldest first by (funding, id), a page at a time', async () => {
      // A year of its own: the list is of every escrow, and the other tests fund theirs in 2026.
      const fundedAt = (second: number) => new Date(Date.UTC(2031, 4, 1, 0, 0, second));
      const escrows = [3, 1, 2, 2].map((second) => escrowFixture({ fundedAt: fundedAt(second) }));
      const views = await Promise.all(escrows.map((escrow) => recordEscrow(ports().escrows, escrow, [])));
      await recordEscrow(ports().escrows, escrowFixture({ fundedAt: fundedAt(9) }), []);
      const sameTime = [views[2]!, views[3]!].sort((a, b) => (a.id < b.id ? -1 : 1));
      const ordered = [views[1]!, ...sameTime, views[0]!];
      const window = { from: fundedAt(1), before: fundedAt(9) };
      await expect(ports().escrows.listFunded(window, { limit: 10 })).resolves.toStrictEqual(ordered);
      await expect(ports().escrows.listFunded(window, { limit: 2 })).resolves.toStrictEqual(ordered.slice(0, 2));
      const after = { at: ordered[1]!.fundedAt, id: ordered[1]!.id };
      await expect(ports().escrows.listFunded(window, { limit: 10, after })).resolves.toStrictEqual(ordered.slice(2));
      await expect(ports().escrows.listFunded({ from: fundedAt(3), before: fundedAt(10) }, { limit: 10 })).resolves.toHaveLength(2);
    });

    it('lists the reviews lapsed by a time, earliest first, bounded: unresolved and not in dispute', async () => {
      const record = async (stream: (escrow: Escrow, contractId: string) => EscrowEvent[]) => {
        const escrow = escrowFixture();
        const contractId = newId();
        return recordEscrow(ports().escrows, escrow, [events.contractFunded(contractId, 1), ...stream(escrow, contractId)]);
      };
      const endsAt20 = await record(() => [events.reviewStarted(1, 20, 2)]);
      const endsAt10 = await record(() => [events.reviewStarted(1, 10, 2)]);
      const withdrawnEndsAt25 = await record((escrow) => [
        events.reviewStarted(1, 14, 2),
        events.disputeOpened(escrow, 3),
        events.disputeWithdrawn(escrow, 25, 4),
      ]);
      await record(() => [events.reviewStarted(1, 30, 2)]);
      await record((escrow, contractId) => [events.reviewStarted(1, 15, 2), events.released(escrow, contractId, 16)]);
      await record((escrow) => [events.reviewStarted(1, 12, 2), events.disputeOpened(escrow, 3)]);
      await record((escrow) => [events.reviewStarted(1, 8, 2), events.changesRequested(escrow, 1, 3)]);
      await record(() => []);

      await expect(ports().escrows.listReviewsLapsedBy(at(25), 10)).resolves.toStrictEqual([endsAt10, endsAt20, withdrawnEndsAt25]);
      await expect(ports().escrows.listReviewsLapsedBy(at(25), 2)).resolves.toStrictEqual([endsAt10, endsAt20]);
      await expect(ports().escrows.listReviewsLapsedBy(at(20), 10)).resolves.toStrictEqual([endsAt10, endsAt20]);
      await expect(ports().escrows.listReviewsLapsedBy(at(9), 10)).resolves.toStrictEqual([]);
    });

    it('lists escrows by the status of their latest dispute, oldest dispute first, bounded', async () => {
      const record = async (stream: (escrow: Escrow, contractId: string) => EscrowEvent[]) => {
        const escrow = escrowFixture();
        const contractId = newId();
        return recordEscrow(ports().escrows, escrow, [events.contractFunded(contractId, 1), ...stream(escrow, contractId)]);
      };
      const openedAt15 = await record((escrow) => [events.disputeOpened(escrow, 15)]);
      const openedAt13 = await record((escrow) => [events.disputeOpened(escrow, 13), events.statementAdded(escrow, 16)]);
      const withdrawn = await record((escrow) => [events.disputeOpened(escrow, 12), events.disputeWithdrawn(escrow, null, 17)]);
      const resolved = await record((escrow, contractId) => [events.disputeOpened(escrow, 11), events.refunded(escrow, contractId, 18)]);
      const reopenedAt14 = await record((escrow) => [
        events.disputeOpened(escrow, 5),
        events.disputeWithdrawn(escrow, null, 6),
        events.disputeOpened(escrow, 14),
      ]);
      await record(() => []);

      await expect(ports().escrows.listByDisputeStatus('open', { limit: 10 })).resolves.toStrictEqual([
        openedAt13,
        reopenedAt14,
        openedAt15,
      ]);
      await expect(ports().escrows.listByDisputeStatus('open', { limit: 2 })).resolves.toStrictEqual([openedAt13, reopenedAt14]);
      await expect(ports().escrows.listByDisputeStatus('withdrawn', { limit: 10 })).resolves.toStrictEqual([withdrawn]);
      await expect(ports().escrows.listByDisputeStatus('resolved', { limit: 10 })).resolves.toStrictEqual([resolved]);
      const after = { at: at(13), id: openedAt13.id };
      await expect(ports().escrows.listByDisputeStatus('open', { limit: 10, after })).resolves.toStrictEqual([reopenedAt14, openedAt15]);
    });

    it('pages the operators’ queues oldest first by each queue’s own time, with the size of the whole queue', async () => {
      const record = async (stream: (escrow: Escrow, contractId: string) => EscrowEvent[], funded: number, contract = true) => {
        const escrow = escrowFixture({ fundedAt: at(funded) });
        const contractId = newId();
        return recordEscrow(ports().escrows, escrow, [
          ...(contract ? [events.contractFunded(contractId, funded)] : []),
          ...stream(escrow, contractId),
        ]);
      };
      const disputedAt15 = await record((escrow) => [events.disputeOpened(escrow, 15)], 3);
      const disputedAt13 = await record((escrow) => [events.disputeOpened(escrow, 13)], 4);
      const reviewEndsAt30 = await record(() => [events.reviewStarted(1, 30, 2)], 1);
      const reviewEndsAt20 = await record(() => [events.reviewStarted(1, 20, 2)], 2);
      const reviewEndsAt50 = await record(() => [events.reviewStarted(1, 50, 2)], 5);
      const released = await record((escrow, contractId) => [events.released(escrow, contractId, 6)], 6);
      const unattached = await record(() => [], 7, false);
      const returned = await record(
        (escrow) => [
          {
            type: 'EscrowResolved',
            data: {
              escrowId: escrow.id,
              contractId: null,
              kind: 'return',
              stage: null,
              clientRefundPaise: escrow.amountPaise,
              freelancerPayoutPaise: 0,
              platformFeePaise: 0,
              decidedBy: 'system',
              decidedByRole: 'system',
              decidedAt: at(9),
              reason: 'job_gone',
              reasonDescription: 'The job was deleted.',
            },
          },
        ],
        8,
        false,
      );
      const heldFundedAt0 = await record(() => [], 0);
      const page = { after: null, limit: 10 };

      await expect(ports().escrows.listQueue({ kind: 'openDisputes' }, page)).resolves.toStrictEqual({
        items: [disputedAt13, disputedAt15],
        total: 2,
        next: null,
      });
      await expect(ports().escrows.listQueue({ kind: 'autoReleaseDue', by: at(30) }, page)).resolves.toStrictEqual({
        items: [reviewEndsAt20, reviewEndsAt30],
        total: 2,
        next: null,
      });
      await expect(ports().escrows.listQueue({ kind: 'returned' }, page)).resolves.toStrictEqual({
        items: [returned],
        total: 1,
        next: null,
      });
      const held = await ports().escrows.listQueue({ kind: 'held' }, page);
      // Unresolved and funding a contract, by funding time: not the released one, nor the payment that funded none.
      const heldInOrder = [heldFundedAt0, reviewEndsAt30, reviewEndsAt20, disputedAt15, disputedAt13, reviewEndsAt50];
      expect(held).toStrictEqual({ items: heldInOrder, total: 6, next: null });
      expect([released.id, unattached.id].filter((id) => held.items.some((view) => view.id === id))).toStrictEqual([]);

      // Page by page: a cursor is the last entry's time and id, and the last page has none.
      const first = await ports().escrows.listQueue({ kind: 'held' }, { after: null, limit: 4 });
      expect(first).toStrictEqual({ items: heldInOrder.slice(0, 4), total: 6, next: { at: at(3), id: disputedAt15.id } });
      await expect(ports().escrows.listQueue({ kind: 'held' }, { after: first.next, limit: 4 })).resolves.toStrictEqual({
        items: heldInOrder.slice(4),
        total: 6,
        next: null,
      });
    });

    it('pages entries of one time by their id, so none is skipped or repeated', async () => {
      const views: EscrowView[] = [];
      for (let index = 0; index < 5; index += 1) {
        views.push(await recordEscrow(ports().escrows, escrowFixture({ fundedAt: at(1) }), [events.contractFunded(newId(), 1)]));
      }
      const expected = views.map((view) => view.id).sort();
      const seen: string[] = [];
      let after: QueueCursor | null = null;
      do {
        const page = await ports().escrows.listQueue({ kind: 'held' }, { after, limit: 2 });
        expect(page.total).toBe(5);
        seen.push(...page.items.map((view) => view.id));
        after = page.next;
      } while (after !== null);
      expect(seen).toStrictEqual(expected);
    });

    it('repairs only the views left behind by appends that were never projected, for the streams appended to since a time, bounded', async () => {
      const before = escrowFixture();
      await recordEscrow(ports().escrows, before, [events.contractFunded(newId(), 11)]);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const since = new Date();
      const behind = [escrowFixture(), escrowFixture(), escrowFixture()];
      for (const escrow of behind) {
        await ports().escrows.claim(escrow);
        await appendAll(ports().escrows, escrow.id, [events.contractFunded(newId(), 11), events.reviewStarted(1, 40, 12)]);
      }
      await expect(ports().escrows.view(behind[0]!.id)).resolves.toMatchObject({ sequence: 0 });

      await expect(ports().escrows.reprojectRecordedSince(since, 2)).resolves.toBe(2);
      // Two are caught up now: a view already at its stream's sequence is not rewritten.
      await expect(ports().escrows.reprojectRecordedSince(since, 10)).resolves.toBe(1);
      await expect(ports().escrows.reprojectRecordedSince(since, 10)).resolves.toBe(0);
      for (const escrow of behind) {
        const folded = foldEscrow(
          escrow,
          (await ports().escrows.read(escrow.id)).map(({ event }) => event),
        );
        await expect(ports().escrows.view(escrow.id)).resolves.toStrictEqual(viewOfEscrow(folded));
      }
      await expect(ports().escrows.listReviewsLapsedBy(at(40), 10)).resolves.toHaveLength(3);
    });
  });
}
