import {
  assertLookupBound,
  escrowStatusOf,
  type ClaimResult,
  type Escrow,
  type EscrowRepository,
  type EscrowResolution,
  type EscrowView,
  type ResolutionProgress,
} from '@skillhouse/domain';

type Resolution = EscrowResolution & ResolutionProgress;

/** Escrows unique by checkout session, resolutions unique by escrow: the two unique keys of the real store. */
export class InMemoryEscrowRepository implements EscrowRepository {
  private readonly escrowsById = new Map<string, Escrow>();
  private readonly escrowIdBySession = new Map<string, string>();
  private readonly contractIdByEscrow = new Map<string, string>();
  private readonly resolutions = new Map<string, Resolution>();

  async claim(escrow: Escrow): Promise<ClaimResult<Escrow>> {
    const existingId = this.escrowIdBySession.get(escrow.checkoutSessionId);
    if (existingId !== undefined) return { outcome: 'alreadyClaimed', existing: structuredClone(this.escrowsById.get(existingId)!) };
    this.escrowsById.set(escrow.id, structuredClone(escrow));
    this.escrowIdBySession.set(escrow.checkoutSessionId, escrow.id);
    return { outcome: 'claimed' };
  }

  async findById(escrowId: string): Promise<Escrow | null> {
    return structuredClone(this.escrowsById.get(escrowId) ?? null);
  }

  async findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null> {
    const id = this.escrowIdBySession.get(checkoutSessionId);
    return id === undefined ? null : this.findById(id);
  }

  async claimResolution(resolution: EscrowResolution): Promise<ClaimResult<Resolution>> {
    const existing = this.resolutions.get(resolution.escrowId);
    if (existing !== undefined) return { outcome: 'alreadyClaimed', existing: structuredClone(existing) };
    this.resolutions.set(resolution.escrowId, structuredClone({ ...resolution, stripeRefundId: null, completedAt: null }));
    return { outcome: 'claimed' };
  }

  async findResolution(escrowId: string): Promise<Resolution | null> {
    return structuredClone(this.resolutions.get(escrowId) ?? null);
  }

  async recordProgress(escrowId: string, progress: Partial<ResolutionProgress>): Promise<void> {
    const resolution = this.resolutions.get(escrowId);
    if (resolution === undefined) return;
    this.resolutions.set(escrowId, {
      ...resolution,
      stripeRefundId: progress.stripeRefundId ?? resolution.stripeRefundId,
      completedAt: resolution.completedAt ?? progress.completedAt ?? null,
    });
  }

  async recordContract(escrowId: string, contractId: string): Promise<void> {
    this.contractIdByEscrow.set(escrowId, contractId);
  }

  async view(escrowId: string): Promise<EscrowView | null> {
    const escrow = await this.findById(escrowId);
    if (escrow === null) return null;
    const resolution = await this.findResolution(escrowId);
    return {
      ...escrow,
      contractId: this.contractIdByEscrow.get(escrowId) ?? resolution?.contractId ?? null,
      status: escrowStatusOf(resolution),
      resolution,
    };
  }

  async viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]> {
    assertLookupBound(escrowIds, 'viewMany');
    const views: EscrowView[] = [];
    for (const id of escrowIds) {
      const view = await this.view(id);
      if (view !== null) views.push(view);
    }
    return views;
  }

  /** Every escrow held, for invariant checks in tests and for operators of the embedded default. */
  all(): readonly Escrow[] {
    return structuredClone([...this.escrowsById.values()]);
  }
}
