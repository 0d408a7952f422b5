import {
  assertLookupBound,
  foldEscrow,
  initialEscrowState,
  type AppendResult,
  type ClaimResult,
  type DisputeStatus,
  type Escrow,
  type EscrowEvent,
  type EscrowRepository,
  type EscrowState,
  type EscrowView,
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
import { reprojectLagging } from './projection.ts';
import { saveOptionsFor, type WriteConcernSettings } from './write-concern.ts';

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
  ) {
    this.stream = new MongoEventStream(events, writeConcern, parseEscrowEvent);
  }

  async claim(escrow: Escrow): Promise<ClaimResult<Escrow>> {
    try {
      await this.escrows.insertOne(documentFromEscrow(escrow, viewFieldsOf(initialEscrowState(escrow))), saveOptionsFor(this.writeConcern));
      return { outcome: 'claimed' };
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['checkoutSessionId'])) throw error;
      const existing = await this.findByCheckoutSession(escrow.checkoutSessionId);
      if (existing === null) throw error;
      return { outcome: 'alreadyClaimed', existing };
    }
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    const document: unknown = await this.escrows.findById(escrowId).lean();
    return document === null ? null : escrowFromDocument(document);
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const document: unknown = await this.escrows.findOne({ checkoutSessionId }).lean();
    return document === null ? null : escrowFromDocument(document);
  }

  read(escrowId: string): Promise<readonly StoredEvent<EscrowEvent>[]> {
    return this.stream.read(escrowId);
  }

  append(escrowId: string, expectedSequence: number, event: EscrowEvent): Promise<AppendResult> {
    return this.stream.append(escrowId, expectedSequence, event);
  }

  /**
   * A plain update guarded by the stored sequence. On FerretDB v1 the filter and the write are not
   * one atomic step, so an older state racing a newer one may win for a moment: a lag of the
   * projection, which the next project or the repair pass undoes. No decision reads it.
   */
  async project(state: EscrowState): Promise<void> {
    await this.escrows.updateOne({ _id: state.escrow.id, sequence: { $lt: state.sequence } }, { $set: viewFieldsOf(state) });
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    const document: unknown = await this.escrows.findById(escrowId).lean();
    return document === null ? null : viewFromDocument(document);
  }

  /** One `$in` query whatever the number of ids. */
  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    const ids = [...new Set(escrowIds)];
    if (ids.length === 0) return [];
    const documents: unknown[] = await this.escrows.find({ _id: { $in: ids } }).lean();
    const viewById = new Map(documents.map(viewFromDocument).map((view) => [view.id, view]));
    return escrowIds.flatMap((id) => {
      const view = viewById.get(id);
      return view === undefined ? [] : [structuredClone(view)];
    });
  }

  /**
   * The repair pass: rewrites the views behind their stream, as `reprojectLagging` says. An escrow
   * is claimed before its stream is appended to, so a stream without one has no view to write.
   */
  reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    return reprojectLagging(this.stream, this.escrows, { since, limit }, async (escrowId) => {
      const escrow = await this.findById(escrowId);
      if (escrow === null) return false;
      await this.project(await this.fold(escrow));
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

  /** `reviewDueAt` is set only while the review can lapse: unresolved, and no dispute open. */
  async listReviewsLapsedBy(now: Date, limit: number): Promise<readonly EscrowView[]> {
    const documents: unknown[] = await this.escrows
      .find({ reviewDueAt: { $ne: null, $lte: now } })
      .sort({ reviewDueAt: 1, _id: 1 })
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
}
