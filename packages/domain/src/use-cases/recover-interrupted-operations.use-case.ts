import type { OperationSubject } from '../ports/operation-journal.port.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { PayoutFlow } from '../application/payout-flow.ts';

export const RECOVERY_BATCH_MAX = 100;

/** The wait before retrying an operation that failed: doubling from a minute, at most a day. */
export const RECOVERY_RETRY_DELAY_MS_MIN = 60_000;
export const RECOVERY_RETRY_DELAY_MS_MAX = 24 * 60 * 60 * 1_000;

export function recoveryRetryDelayMs(failedAttempts: number): number {
  const doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(RECOVERY_RETRY_DELAY_MS_MIN * 2 ** doublings, RECOVERY_RETRY_DELAY_MS_MAX);
}

export interface RecoveryFailure {
  readonly error: unknown;
  readonly operationId: string;
  readonly subject: OperationSubject;
  readonly failedAttempts: number;
  readonly retryAt: Date;
}

export interface RecoveryReport {
  readonly examined: number;
  readonly finished: number;
  readonly failed: number;
  /** Contract, job and escrow projections rewritten by the repair pass. */
  readonly reprojected: number;
}

/** The most streams one repair pass rewrites, per kind. */
export const PROJECTION_REPAIR_MAX = 1_000;

export interface RecoveryOptions {
  /** Leaves alone operations young enough to still be running. */
  readonly graceMs: number;
  /**
   * Also rewrites the projections of streams appended to since then: a single-step change whose
   * reproject failed (the request answered 500) has no journal entry, only this pass repairs it.
   */
  readonly projectionsRecordedSince?: Date;
  readonly onFailure?: (failure: RecoveryFailure) => void;
}

/**
 * Finishes operations a crash left open: each journal entry names what the operation was about,
 * and reconciling that subject from its authoritative records completes any step that is missing.
 * Safe to run at any time and from several processes at once, since every step is idempotent.
 */
export class RecoverInterruptedOperations {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'operations' | 'contracts' | 'jobs' | 'escrows' | 'clock'>,
    private readonly flow: EscrowFlow,
    private readonly payouts: PayoutFlow,
  ) {}

  /** An operation that fails to finish is postponed with a growing delay, so a few that keep failing never block the rest. */
  async execute(options: RecoveryOptions): Promise<RecoveryReport> {
    const now = this.ports.clock.now();
    const open = await this.ports.operations.listOpen(new Date(now.getTime() - options.graceMs), RECOVERY_BATCH_MAX);
    let finished = 0;
    let failed = 0;
    for (const operation of open) {
      try {
        const { subject } = operation;
        if (subject.type === 'withdrawal') await this.payouts.advance(subject.id);
        else await this.flow.advanceSubject(subject);
        await this.ports.operations.close(operation.id);
        finished += 1;
      } catch (error) {
        failed += 1;
        const failedAttempts = operation.failedAttempts + 1;
        const retryAt = new Date(now.getTime() + recoveryRetryDelayMs(failedAttempts));
        await this.ports.operations.postpone(operation.id, failedAttempts, retryAt);
        options.onFailure?.({ error, operationId: operation.id, subject: operation.subject, failedAttempts, retryAt });
      }
    }
    const reprojected = options.projectionsRecordedSince === undefined ? 0 : await this.repairProjections(options.projectionsRecordedSince);
    return { examined: open.length, finished, failed, reprojected };
  }

  private async repairProjections(since: Date): Promise<number> {
    const contracts = await this.ports.contracts.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    const jobs = await this.ports.jobs.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    const escrows = await this.ports.escrows.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    return contracts + jobs + escrows;
  }
}
