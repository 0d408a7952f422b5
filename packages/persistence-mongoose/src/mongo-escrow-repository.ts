import {
  assertLookupBound,
  escrowQueueTime,
  foldEscrow,
  initialEscrowState,
  viewOfEscrow,
  type AppendResult,
  type ClaimResult,
  type ContractRepository,
  type DisputeStatus,
  type Escrow,
  type EscrowEvent,
  type EscrowQueue,
  type EscrowQueuePage,
  type EscrowRepository,
  type EscrowState,
  type EscrowView,
  type LoadedEscrow,
  type QueueCursor,
  type PageRequest,
  type StoredEvent,
  type TimeWindow,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import { documentFromEscrow, escrowFromDocument, viewFieldsOf, viewFromDocument } from './escrow-documents.ts';
import { parseEscrowEvent } from './escrow-events.ts';
import type { EscrowDocument, EventDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { pageFilter } from './page-filter.ts';
import { overwriteProjection, reprojectLagging } from './projection.ts';
import type { WriteConcernSettings } from './write-concern.ts';
import { findByIds } from './driver-reads.ts';
import { insertDocument } from './driver-writes.ts';

/**
 * `escrows` is unique by checkout session (one escrow per payment); `escrow_events` by (escrowId,
 * sequence), so of a release, a refund, a dispute and an auto-release racing, one takes the next
 * sequence and the others decide again. The view in each escrow document is a projection of its
 * stream, for the lists, the review timer and the operators: decisions read the stream.
 */
export class MongoEscrowRepository implements EscrowRepository {
  private readonly stream: MongoEventStream<EscrowEvent>;

  constructor(
    events: Model<EventDocument>,
    private readonly escrows: Model<EscrowDocument>,
    private readonly writeConcern: WriteConcernSettings,
    /** Where the repair also writes a view it rewrites, as the use cases do: the contract's projection. */
    private readonly contracts: Pick<ContractRepository, 'projectEscrow'>,
  ) {
    this.stream = new MongoEventStream(events, writeConcern, parseEscrowEvent);
  }

  async claim(escrow: Escrow): Promise<ClaimResult<EscrowView>> {
    try {
      await insertDocument(this.escrows, documentFromEscrow(escrow, viewFieldsOf(initialEscrowState(escrow))), this.writeConcern);
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['checkoutSessionId'])) throw error;
      const document: unknown = await this.escrows.findOne({ checkoutSessionId: escrow.checkoutSessionId }).lean();
      if (document === null) throw error;
      return { outcome: 'alreadyClaimed', existing: viewFromDocument(document) };
    }
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    const document: unknown = await this.escrows.findById(escrowId).lean();
    return document === null ? null : escrowFromDocument(document);
  }

  /** The claim and the stream read at once: two queries, one round trip of waiting. */
  async load(escrowId: string): Promise<LoadedEscrow | null> {
    const [escrow, events] = await Promise.all([this.findById(escrowId), this.stream.read(escrowId)]);
    return escrow === null ? null : { escrow, events };
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const document: unknown = await this.escrows.findOne({ checkoutSessionId }).lean();
    return document === null ? null : escrowFromDocument(document);
  }

  async findByPaymentIntent(paymentIntentId: string): Promise<Escrow | null> {
    const document: unknown = await this.escrows.findOne({ paymentIntentId }).lean();
    return document === null ? null : escrowFromDocument(document);
  }

  read(escrowId: string): Promise<readonly StoredEvent<EscrowEvent>[]> {
    return this.stream.read(escrowId);
  }

  append(escrowId: string, expectedSequence: number, event: EscrowEvent): Promise<AppendResult> {
    return this.stream.append(escrowId, expectedSequence, event);
  }

  /**
   * Written by `_id` alone; an older state that lands over a newer one is followed by the stream's
   * fold (`overwriteProjection`). The funding is written too (unchanged since the claim), so the
   * document is whole whatever the write finds. No decision reads it.
   */
  async project(state: EscrowState): Promise<void> {
    const documentOf = (folded: EscrowState) => documentFromEscrow(folded.escrow, viewFieldsOf(folded));
    await overwriteProjection(this.escrows, documentOf(state), async () => documentOf(await this.fold(state.escrow)), false);
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    const document: unknown = await this.escrows.findById(escrowId).lean();
    return document === null ? null : viewFromDocument(document);
  }

  /** One `$in` query whatever the number of ids (`findByIds`). */
  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    return findByIds(this.escrows, escrowIds, viewFromDocument);
  }

  /**
   * The repair pass: rewrites the views behind their stream, as `reprojectLagging` says. An escrow
   * is claimed before its stream is appended to, so a stream without one has no view to write.
   */
  reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    return reprojectLagging(this.stream, this.escrows, { since, limit }, async (escrowId) => {
      const escrow = await this.findById(escrowId);
      if (escrow === null) return false;
      const state = await this.fold(escrow);
      await this.contracts.projectEscrow(viewOfEscrow(state));
      await this.project(state);
      return true;
    });
  }

  /** The escrow folded from its stream: what a decision would see. */
  async fold(escrow: Escrow): Promise<EscrowState> {
    return foldEscrow(
      escrow,
      (await this.stream.read(escrow.id)).map((stored) => stored.event),
    );
  }

  async listByClient(clientId: string, page: PageRequest, funded?: TimeWindow): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find({ clientId, ...pageFilter('fundedAt', 'newestFirst', page.after, funded) })
      .sort({ fundedAt: -1, _id: -1 })
      .limit(page.limit)
      .lean();
    return documents.map(viewFromDocument);
  }

  async listFunded(funded: TimeWindow, page: PageRequest): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find(pageFilter('fundedAt', 'oldestFirst', page.after, funded))
      .sort({ fundedAt: 1, _id: 1 })
      .limit(page.limit)
      .lean();
    return documents.map(viewFromDocument);
  }

  /** `reviewDueAt` is set only while the review can lapse: unresolved, and no dispute open. */
  async listReviewsLapsedBy(now: Date, limit: number): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find({ reviewDueAt: { $ne: null, $lte: now } })
      .sort({ reviewDueAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return documents.map(viewFromDocument);
  }

  /**
   * `contractId` and `settledAt` both null: claimed and not matched yet, or being returned. A scan on
   * FerretDB v1 (only an `_id` equality is pushed down), on a recovery run, never on a request.
   */
  async listUnfinishedPayments(fundedBy: Date, limit: number): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find({ contractId: null, settledAt: null, fundedAt: { $lte: fundedBy } })
      .sort({ fundedAt: 1, _id: 1 })
      .limit(limit)
      .lean();
    return documents.map(viewFromDocument);
  }

  async listByDisputeStatus(status: DisputeStatus, page: PageRequest): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find({ disputeStatus: status, ...pageFilter('disputeOpenedAt', 'oldestFirst', page.after) })
      .sort({ disputeOpenedAt: 1, _id: 1 })
      .limit(page.limit)
      .lean();
    return documents.map(viewFromDocument);
  }

  /** Each queue is one filter and one sort field, served by an index in that order; a page starts after the cursor. */
  async listQueue(queue: EscrowQueue, page: { readonly after: QueueCursor | null; readonly limit: number }): Promise<EscrowQueuePage> {
    const { filter, field } = queueQuery(queue);
    const { after } = page;
    const pageFilter =
      after === null
        ? filter
        : { $and: [filter, { $or: [{ [field]: { $gt: after.at } }, { [field]: after.at, _id: { $gt: after.id } }] }] };
    // One more than the page: whether a next page exists, without a second query.
    const [documents, total] = await Promise.all([
      this.escrows
        .find(pageFilter)
        .sort({ [field]: 1, _id: 1 })
        .limit(page.limit + 1)
        .lean() as Promise<unknown[]>,
      this.escrows.countDocuments(filter),
    ]);
    const items = documents.slice(0, page.limit).map(viewFromDocument);
    const last = items.at(-1);
    // The domain's queue time of a view is the value its sort field was stored with.
    return {
      items,
      total,
      next: documents.length > page.limit && last !== undefined ? { at: escrowQueueTime(queue, last), id: last.id } : null,
    };
  }
}

type QueueField = 'disputeOpenedAt' | 'reviewDueAt' | 'fundedAt' | 'refundFailedAt' | 'chargebackOpenedAt';

/** The stored form of the domain's queue rules (`inEscrowQueue`, `escrowQueueTime`). */
function queueQuery(queue: EscrowQueue): { filter: Record<string, unknown>; field: QueueField } {
  switch (queue.kind) {
    case 'openDisputes':
      return { filter: { disputeStatus: 'open' }, field: 'disputeOpenedAt' };
    case 'autoReleaseDue':
      // reviewDueAt is set only while the review can lapse: unresolved, and no dispute open.
      return { filter: { reviewDueAt: { $ne: null, $lte: queue.by } }, field: 'reviewDueAt' };
    case 'returned':
      return { filter: { 'resolution.kind': 'return' }, field: 'fundedAt' };
    case 'held':
      // Unresolved is always `funded`; the status narrows the scan to its index.
      return { filter: { status: 'funded', resolution: null, contractId: { $ne: null } }, field: 'fundedAt' };
    case 'refundsFailed':
      return { filter: { refundFailedAt: { $ne: null } }, field: 'refundFailedAt' };
    case 'openChargebacks':
      return { filter: { chargebackOpenedAt: { $ne: null } }, field: 'chargebackOpenedAt' };
  }
}
