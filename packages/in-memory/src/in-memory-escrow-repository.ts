import {
  assertLookupBound,
  compareQueuePositions,
  escrowQueueTime,
  foldEscrow,
  inEscrowQueue,
  initialEscrowState,
  isAfterInOldestFirst,
  isWithin,
  viewOfEscrow,
  type ClaimResult,
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
  type TimeWindow,
} from '@skillhouse/domain';
import { IdsByTime } from './ids-by-time.ts';
import type { PaymentsHeld } from './in-memory-ledger.ts';
import { InMemoryProjectedStream } from './in-memory-projected-stream.ts';

/**
 * Escrows unique by checkout session, their streams unique by (escrowId, sequence): the unique keys
 * of the real store. Views are kept as projected, like the documents of the real store, with the
 * indexes its lists need: a client's payments by funding time, the escrows under review, and the
 * escrows by the status of their latest dispute. A list reads only what its index selects.
 */
export class InMemoryEscrowRepository extends InMemoryProjectedStream<EscrowEvent, EscrowView> implements EscrowRepository {
  private readonly escrowsById = new Map<string, Escrow>();
  private readonly escrowIdBySession = new Map<string, string>();
  private readonly escrowIdByPaymentIntent = new Map<string, string>();
  private readonly byClient = new Map<string, IdsByTime>();
  private readonly underReview = new Set<string>();
  private readonly byDisputeStatus = new Map<DisputeStatus, Set<string>>();
  /** Views matched to no contract and not settled: the payments recovery finishes. */
  private readonly unfinishedPayments = new Set<string>();

  /** `ledger` is told of each claim as it is kept: the claim is the payment held. */
  constructor(private readonly ledger: PaymentsHeld) {
    super();
  }

  async claim(escrow: Escrow): Promise<ClaimResult<EscrowView>> {
    // No await before the claim is recorded: simultaneous claims see each other, as under a unique index.
    const existingId = this.escrowIdBySession.get(escrow.checkoutSessionId);
    const existing = existingId === undefined ? undefined : this.projectionOf(existingId);
    if (existing !== undefined) return { outcome: 'alreadyClaimed', existing };
    this.escrowsById.set(escrow.id, escrow);
    this.escrowIdBySession.set(escrow.checkoutSessionId, escrow.id);
    this.escrowIdByPaymentIntent.set(escrow.paymentIntentId, escrow.id);
    this.ledger.holdPaymentOf(escrow);
    this.write(viewOfEscrow(initialEscrowState(escrow)));
    return { outcome: 'claimed' };
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    return this.escrowsById.get(escrowId) ?? null;
  }

  async load(escrowId: string): Promise<LoadedEscrow | null> {
    const escrow = this.escrowsById.get(escrowId);
    return escrow === undefined ? null : { escrow, events: this.storedEventsOf(escrowId) };
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const id = this.escrowIdBySession.get(checkoutSessionId);
    return id === undefined ? null : this.findById(id);
  }

  async findByPaymentIntent(paymentIntentId: string): Promise<Escrow | null> {
    const id = this.escrowIdByPaymentIntent.get(paymentIntentId);
    return id === undefined ? null : this.findById(id);
  }

  async project(state: EscrowState): Promise<void> {
    // `write` would keep the later view too; checking first spares building a view it would not keep.
    if ((this.projectionOf(state.escrow.id)?.sequence ?? -1) >= state.sequence) return;
    this.write(viewOfEscrow(state));
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    return this.projectionOf(escrowId) ?? null;
  }

  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    return escrowIds.flatMap((id) => {
      const view = this.projectionOf(id);
      return view === undefined ? [] : [view];
    });
  }

  /** Rewrites the views left behind their stream (a crash between an append and its project). */
  async reprojectRecordedSince(_since: Date, limit: number): Promise<number> {
    return this.rewriteBehind(limit);
  }

  async listByClient(clientId: string, page: PageRequest, funded?: TimeWindow): Promise<readonly EscrowView[]> {
    const views: EscrowView[] = [];
    for (const id of this.byClient.get(clientId)?.newestFirst(page.after) ?? []) {
      if (views.length >= page.limit) break;
      const view = this.projectionOf(id);
      if (view !== undefined && isWithin(view.fundedAt, funded)) views.push(view);
    }
    return views;
  }

  async listFunded(funded: TimeWindow, page: PageRequest): Promise<readonly EscrowView[]> {
    return this.select(
      this.escrowsById.keys(),
      (view) => isWithin(view.fundedAt, funded) && isAfterInOldestFirst(view.fundedAt, view.id, page.after),
      (a, b) => a.fundedAt.getTime() - b.fundedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      page.limit,
    );
  }

  async listReviewsLapsedBy(now: Date, limit: number): Promise<readonly EscrowView[]> {
    return this.select(
      this.underReview,
      (view) => reviewEnd(view) <= now.getTime() && view.dispute?.status !== 'open',
      (a, b) => reviewEnd(a) - reviewEnd(b),
      limit,
    );
  }

  async listUnfinishedPayments(fundedBy: Date, limit: number): Promise<readonly EscrowView[]> {
    return this.select(
      this.unfinishedPayments,
      (view) => view.fundedAt.getTime() <= fundedBy.getTime(),
      (a, b) => a.fundedAt.getTime() - b.fundedAt.getTime(),
      limit,
    );
  }

  async listByDisputeStatus(status: DisputeStatus, page: PageRequest): Promise<readonly EscrowView[]> {
    return this.select(
      this.byDisputeStatus.get(status) ?? [],
      (view) => view.dispute !== null && isAfterInOldestFirst(view.dispute.openedAt, view.id, page.after),
      (a, b) => disputeOpened(a) - disputeOpened(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
      page.limit,
    );
  }

  /**
   * The operators' queues: every view is looked at (the embedded default holds few; the database
   * answers them from its indexes), kept by the domain's own rule.
   */
  async listQueue(queue: EscrowQueue, page: { readonly after: QueueCursor | null; readonly limit: number }): Promise<EscrowQueuePage> {
    const positioned: { view: EscrowView; position: QueueCursor }[] = [];
    for (const id of this.escrowsById.keys()) {
      const view = this.projectionOf(id);
      if (view !== undefined && inEscrowQueue(queue, view)) positioned.push({ view, position: { at: escrowQueueTime(queue, view), id } });
    }
    positioned.sort((a, b) => compareQueuePositions(a.position, b.position));
    const { after } = page;
    const rest = after === null ? positioned : positioned.filter(({ position }) => compareQueuePositions(position, after) > 0);
    const items = rest.slice(0, page.limit);
    const last = items.at(-1);
    return {
      items: items.map(({ view }) => view),
      total: positioned.length,
      next: rest.length > page.limit && last !== undefined ? last.position : null,
    };
  }

  /** Every escrow held, folded from its stream, for invariant checks in tests and operators of the embedded default. */
  async allStates(): Promise<readonly EscrowState[]> {
    return [...this.escrowsById.values()].map((escrow) => foldEscrow(escrow, this.eventsOf(escrow.id)));
  }

  /** Every escrow held, for invariant checks in tests and for operators of the embedded default. */
  all(): readonly Escrow[] {
    return [...this.escrowsById.values()];
  }

  /** The whole stream: a view does not carry the state it was made from. Only the repair pass comes here. */
  protected fold(escrowId: string): EscrowView | null {
    const escrow = this.escrowsById.get(escrowId);
    return escrow === undefined ? null : viewOfEscrow(foldEscrow(escrow, this.eventsOf(escrowId)));
  }

  protected indexed(next: EscrowView, previous: EscrowView | undefined): void {
    // The funding (client, time) never changes: a view is indexed by it once, at the claim.
    if (previous === undefined) {
      let payments = this.byClient.get(next.clientId);
      if (payments === undefined) this.byClient.set(next.clientId, (payments = new IdsByTime()));
      payments.add(next.id, next.fundedAt);
    }
    if (next.contractId === null && next.settledAt === null) this.unfinishedPayments.add(next.id);
    else this.unfinishedPayments.delete(next.id);
    if (next.resolution === null && next.review !== null && next.chargeback?.status !== 'open') this.underReview.add(next.id);
    else this.underReview.delete(next.id);
    const [was, is] = [previous?.dispute?.status, next.dispute?.status];
    if (was === is) return;
    if (was !== undefined) this.byDisputeStatus.get(was)?.delete(next.id);
    if (is === undefined) return;
    let disputes = this.byDisputeStatus.get(is);
    if (disputes === undefined) this.byDisputeStatus.set(is, (disputes = new Set()));
    disputes.add(next.id);
  }

  /** The views of `ids` that `keep` keeps, in `order`, at most `limit`. */
  private select(
    ids: Iterable<string>,
    keep: (view: EscrowView) => boolean,
    order: (a: EscrowView, b: EscrowView) => number,
    limit: number,
  ): readonly EscrowView[] {
    const views: EscrowView[] = [];
    for (const id of ids) {
      const view = this.projectionOf(id);
      if (view !== undefined && keep(view)) views.push(view);
    }
    return views.sort(order).slice(0, limit);
  }
}

/** Where the lists of the review timer and of disputes sort: views without one go last. */
function reviewEnd(view: EscrowView): number {
  return view.review?.endsAt.getTime() ?? Number.POSITIVE_INFINITY;
}

function disputeOpened(view: EscrowView): number {
  return view.dispute?.openedAt.getTime() ?? Number.POSITIVE_INFINITY;
}
