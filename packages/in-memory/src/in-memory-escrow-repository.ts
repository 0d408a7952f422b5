import {
  assertLookupBound,
  foldEscrow,
  initialEscrowState,
  viewOfEscrow,
  type ClaimResult,
  type DisputeStatus,
  type Escrow,
  type EscrowEvent,
  type EscrowRepository,
  type EscrowState,
  type EscrowView,
} from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

/**
 * Escrows unique by checkout session, their streams unique by (escrowId, sequence): the unique keys
 * of the real store. Views are kept as projected, like the documents of the real store.
 */
export class InMemoryEscrowRepository extends InMemoryEventStream<EscrowEvent> implements EscrowRepository {
  private readonly escrowsById = new Map<string, Escrow>();
  private readonly escrowIdBySession = new Map<string, string>();
  private readonly views = new Map<string, EscrowView>();

  async claim(escrow: Escrow): Promise<ClaimResult<Escrow>> {
    // No await before the claim is recorded: simultaneous claims see each other, as under a unique index.
    const existingId = this.escrowIdBySession.get(escrow.checkoutSessionId);
    const existing = existingId === undefined ? undefined : this.escrowsById.get(existingId);
    if (existing !== undefined) return { outcome: 'alreadyClaimed', existing: structuredClone(existing) };
    this.escrowsById.set(escrow.id, structuredClone(escrow));
    this.escrowIdBySession.set(escrow.checkoutSessionId, escrow.id);
    this.views.set(escrow.id, viewOfEscrow(initialEscrowState(structuredClone(escrow))));
    return { outcome: 'claimed' };
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    return structuredClone(this.escrowsById.get(escrowId) ?? null);
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const id = this.escrowIdBySession.get(checkoutSessionId);
    return id === undefined ? null : this.findById(id);
  }

  async project(state: EscrowState): Promise<void> {
    const stored = this.views.get(state.escrow.id);
    if (stored !== undefined && stored.sequence >= state.sequence) return;
    this.views.set(state.escrow.id, viewOfEscrow(structuredClone(state)));
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    return structuredClone(this.views.get(escrowId) ?? null);
  }

  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    return escrowIds.flatMap((id) => {
      const view = this.views.get(id);
      return view === undefined ? [] : [structuredClone(view)];
    });
  }

  /**
   * Rewrites the views left behind their stream (a crash between an append and its project). In
   * memory every stream is at hand, so the time window is not needed to find them.
   */
  async reprojectRecordedSince(_since: Date, limit: number): Promise<number> {
    let repaired = 0;
    for (const escrow of this.escrowsById.values()) {
      if (repaired >= limit) break;
      const events = await this.read(escrow.id);
      if ((this.views.get(escrow.id)?.sequence ?? 0) >= events.length) continue;
      await this.project(foldEscrow(escrow, events.map((stored) => stored.event)));
      repaired += 1;
    }
    return repaired;
  }

  async listByClient(clientId: string, limit: number): Promise<readonly EscrowView[]> {
    return this.select((view) => view.clientId === clientId, (a, b) => b.fundedAt.getTime() - a.fundedAt.getTime(), limit);
  }

  async listReviewsLapsedBy(now: Date, limit: number): Promise<readonly EscrowView[]> {
    return this.select(
      (view) => view.resolution === null && view.review !== null && view.review.endsAt <= now && view.dispute?.status !== 'open',
      (a, b) => (a.review?.endsAt.getTime() ?? 0) - (b.review?.endsAt.getTime() ?? 0),
      limit,
    );
  }

  async listByDisputeStatus(status: DisputeStatus, limit: number): Promise<readonly EscrowView[]> {
    return this.select((view) => view.dispute?.status === status, (a, b) => (a.dispute?.openedAt.getTime() ?? 0) - (b.dispute?.openedAt.getTime() ?? 0), limit);
  }

  private select(keep: (view: EscrowView) => boolean, order: (a: EscrowView, b: EscrowView) => number, limit: number): readonly EscrowView[] {
    return structuredClone([...this.views.values()].filter(keep).sort(order).slice(0, limit));
  }

  /** Every escrow held, folded from its stream, for invariant checks in tests and operators of the embedded default. */
  async allStates(): Promise<readonly EscrowState[]> {
    return Promise.all([...this.escrowsById.values()].map(async (escrow) => foldEscrow(escrow, (await this.read(escrow.id)).map((stored) => stored.event))));
  }

  /** Every escrow held, for invariant checks in tests and for operators of the embedded default. */
  all(): readonly Escrow[] {
    return structuredClone([...this.escrowsById.values()]);
  }
}
