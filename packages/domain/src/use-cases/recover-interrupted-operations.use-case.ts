import type { OperationSubject } from '../ports/operation-journal.port.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { PayoutFlow } from '../application/payout-flow.ts';

/**
 * How long recovery keeps the operation of a withdrawal whose debit has not landed before closing it:
 * well past the 2 minutes an Idempotency-Key's claim holds, so that a run that outlived its claim and
 * then took a second debit beside its retry still has an open entry, whose recovery gives it back.
 */
export const WITHDRAWAL_DEBIT_WAIT_MS = 10 * 60 * 1_000;

export const RECOVERY_BATCH_MAX = 100;

/** The wait before retrying an operation that failed: doubling from a minute (unless told otherwise), at most a day. */
export const RECOVERY_RETRY_DELAY_MS_MIN = 60_000;
export const RECOVERY_RETRY_DELAY_MS_MAX = 24 * 60 * 60 * 1_000;

export function recoveryRetryDelayMs(failedAttempts: number, firstDelayMs: number = RECOVERY_RETRY_DELAY_MS_MIN): number {
  const doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(firstDelayMs * 2 ** doublings, RECOVERY_RETRY_DELAY_MS_MAX);
}

export interface RecoveryFailure {
  readonly error: unknown;
  /** The journal entry; null for a payment, whose escrow claim is its entry. */
  readonly operationId: string | null;
  readonly subject: OperationSubject;
  readonly failedAttempts: number;
  readonly retryAt: Date;
}

/** An open operation that has failed at least the stuck threshold of recovery attempts: it needs a person. */
export interface StuckOperation {
  readonly operationId: string;
  readonly subject: OperationSubject;
  readonly failedAttempts: number;
  readonly openedAt: Date;
  readonly dueAt: Date;
}

export interface RecoveryReport {
  readonly examined: number;
  readonly finished: number;
  readonly failed: number;
  /** Contract, job and escrow projections rewritten by the repair pass. */
  readonly reprojected: number;
  /** Operations still open after the pass, due or not (counted up to RECOVERY_BACKLOG_COUNT_MAX). */
  readonly backlog: number;
  /** Those of the backlog that failed `stuckAfterAttempts` times or more. */
  readonly stuck: readonly StuckOperation[];
}

/** The most open operations a pass counts into its backlog (and looks through for stuck ones). */
export const RECOVERY_BACKLOG_COUNT_MAX = 1_000;
/** Failed attempts after which an operation is reported as stuck, unless the caller says otherwise. */
export const RECOVERY_STUCK_ATTEMPTS_DEFAULT = 5;
/** Due before this is every open operation, whenever it is due. */
const EVERY_DUE_TIME = new Date(8.64e15);

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
  /** The wait after an operation's first failed attempt, doubling after each further one (default RECOVERY_RETRY_DELAY_MS_MIN). */
  readonly firstRetryDelayMs?: number;
  /** Failed attempts from which an open operation is reported in `stuck` (default RECOVERY_STUCK_ATTEMPTS_DEFAULT). */
  readonly stuckAfterAttempts?: number;
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

  /**
   * An operation that fails to finish is postponed with a growing delay, so a few that keep failing
   * never block the rest; one that failed `stuckAfterAttempts` times is reported in `stuck` on every
   * pass until it finishes, so it is never retried silently.
   */
  async execute(options: RecoveryOptions): Promise<RecoveryReport> {
    const now = this.ports.clock.now();
    const open = await this.ports.operations.listOpen(new Date(now.getTime() - options.graceMs), RECOVERY_BATCH_MAX);
    let finished = 0;
    let failed = 0;
    for (const operation of open) {
      try {
        const { subject } = operation;
        if (subject.type === 'withdrawal') {
          const withdrawal = await this.payouts.advance(subject.id);
          const waitsUntil = operation.openedAt.getTime() + WITHDRAWAL_DEBIT_WAIT_MS;
          if (withdrawal === null && now.getTime() < waitsUntil) {
            // No debit yet: its run may still be alive and take it (beside a retry of its request key), so the entry stays for a while.
            await this.ports.operations.postpone(operation.id, operation.failedAttempts, new Date(waitsUntil));
            continue;
          }
        } else await this.flow.advanceSubject(subject);
        await this.ports.operations.close(operation.id);
        finished += 1;
      } catch (error) {
        failed += 1;
        const failedAttempts = operation.failedAttempts + 1;
        const retryAt = new Date(now.getTime() + recoveryRetryDelayMs(failedAttempts, options.firstRetryDelayMs));
        await this.ports.operations.postpone(operation.id, failedAttempts, retryAt);
        options.onFailure?.({ error, operationId: operation.id, subject: operation.subject, failedAttempts, retryAt });
      }
    }
    const payments = await this.finishPayments(new Date(now.getTime() - options.graceMs), options);
    const reprojected = options.projectionsRecordedSince === undefined ? 0 : await this.repairProjections(options.projectionsRecordedSince);
    const backlog = await this.ports.operations.listOpen(EVERY_DUE_TIME, RECOVERY_BACKLOG_COUNT_MAX);
    const stuckAfterAttempts = options.stuckAfterAttempts ?? RECOVERY_STUCK_ATTEMPTS_DEFAULT;
    const stuck = backlog
      .filter((operation) => operation.failedAttempts >= stuckAfterAttempts)
      .map(({ id, subject, failedAttempts, openedAt, dueAt }) => ({ operationId: id, subject, failedAttempts, openedAt, dueAt }));
    return {
      examined: open.length + payments.examined,
      finished: finished + payments.finished,
      failed: failed + payments.failed,
      reprojected,
      // Open operations, and the payments this pass found unfinished (they keep no journal entry).
      backlog: backlog.length + payments.failed,
      stuck,
    };
  }

  /**
   * Payments keep no journal entry: the escrow's claim is one, until the escrow is matched to a
   * contract or settled. A payment that fails again is tried again on the next run; at most a batch
   * is taken per run, earliest first.
   */
  private async finishPayments(fundedBy: Date, options: RecoveryOptions): Promise<{ examined: number; finished: number; failed: number }> {
    const unfinished = await this.ports.escrows.listUnfinishedPayments(fundedBy, RECOVERY_BATCH_MAX);
    let finished = 0;
    for (const view of unfinished) {
      const subject = { type: 'escrow', id: view.id } as const;
      try {
        await this.flow.advanceSubject(subject);
        finished += 1;
      } catch (error) {
        // No attempts are counted for a payment: the next run takes it again (retryAt: now).
        options.onFailure?.({ error, operationId: null, subject, failedAttempts: 1, retryAt: this.ports.clock.now() });
      }
    }
    return { examined: unfinished.length, finished, failed: unfinished.length - finished };
  }

  private async repairProjections(since: Date): Promise<number> {
    const contracts = await this.ports.contracts.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    const jobs = await this.ports.jobs.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    const escrows = await this.ports.escrows.reprojectRecordedSince(since, PROJECTION_REPAIR_MAX);
    return contracts + jobs + escrows;
  }
}
