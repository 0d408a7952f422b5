import type { Escrow, EscrowResolution, EscrowView, ResolutionProgress } from '../escrow/escrow.ts';

export type ClaimResult<T> = { readonly outcome: 'claimed' } | { readonly outcome: 'alreadyClaimed'; readonly existing: T };

export interface EscrowRepository {
  /** Inserts the escrow under its checkout session id: one escrow per session, whoever comes first. */
  claim(escrow: Escrow): Promise<ClaimResult<Escrow>>;
  findById(escrowId: string): Promise<Escrow | null>;
  findByCheckoutSession(checkoutSessionId: string): Promise<Escrow | null>;
  /** Inserts the escrow's one resolution under its id: release and refund exclude each other here. */
  claimResolution(resolution: EscrowResolution): Promise<ClaimResult<EscrowResolution & ResolutionProgress>>;
  findResolution(escrowId: string): Promise<(EscrowResolution & ResolutionProgress) | null>;
  /** Records a finished step of the resolution; idempotent, last writer writes the same facts. */
  recordProgress(escrowId: string, progress: Partial<ResolutionProgress>): Promise<void>;
  /** Records which contract the escrow funds (a projection of that contract's EscrowAttached event). */
  recordContract(escrowId: string, contractId: string): Promise<void>;
  view(escrowId: string): Promise<EscrowView | null>;
  /** `view` of each of `escrowIds` (at most LOOKUP_IDS_MAX), in the order asked, unknown ids skipped. */
  viewMany(escrowIds: readonly string[]): Promise<readonly EscrowView[]>;
}
