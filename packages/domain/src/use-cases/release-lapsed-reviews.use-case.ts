import { fundingOf } from '../escrow/escrow.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** The most escrows one run of the review timer releases: the rest wait for the next run. */
export const LAPSED_REVIEWS_BATCH_MAX = 100;

export interface LapsedReviewsReport {
  readonly due: number;
  readonly released: number;
  readonly failed: number;
}

/**
 * The review timer: releases every escrow whose client let the review period lapse. The due time is
 * stored with the escrow, so any process may run this at any time; the release itself is claimed on
 * the escrow's stream, so processes racing here, or a change request or dispute racing them,
 * release at most once. A failure is left to the next run (and to recovery, through the journal).
 */
export class ReleaseLapsedReviews {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'escrows' | 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(options: { readonly onFailure?: (escrowId: string, error: unknown) => void } = {}): Promise<LapsedReviewsReport> {
    const due = await this.ports.escrows.listReviewsLapsedBy(this.ports.clock.now(), LAPSED_REVIEWS_BATCH_MAX);
    let released = 0;
    let failed = 0;
    for (const view of due) {
      try {
        const escrow = fundingOf(view);
        const contractId = view.contractId;
        if (contractId === null) continue;
        const releasedHere = await this.flow.journaled({ type: 'escrow', id: view.id }, async () => {
          const { appended } = await this.flow.decideOnEscrow(escrow, () => ({
            type: 'ReleaseOnLapse',
            contractId,
            at: this.ports.clock.now(),
          }));
          await this.flow.advance(escrow);
          return appended;
        });
        // Another process may have released it first: only the run that appended the release counts it.
        if (releasedHere) released += 1;
      } catch (error) {
        failed += 1;
        options.onFailure?.(view.id, error);
      }
    }
    return { due: due.length, released, failed };
  }
}
