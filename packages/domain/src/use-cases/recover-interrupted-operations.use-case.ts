import type { EscrowPorts } from './escrow-ports.ts';
import type { Reconciliation } from './reconciliation.ts';

export const RECOVERY_BATCH_MAX = 100;

export interface RecoveryReport {
  readonly examined: number;
  readonly finished: number;
  readonly failed: number;
}

/**
 * Finishes operations a crash left open: each journal entry names what the operation was about,
 * and reconciling that subject from its authoritative records completes any step that is missing.
 * Safe to run at any time and from several processes at once, since every step is idempotent.
 */
export class RecoverInterruptedOperations {
  constructor(
    private readonly ports: Pick<EscrowPorts, 'operations' | 'clock'>,
    private readonly reconciliation: Reconciliation,
  ) {}

  /** `graceMs` leaves alone operations young enough to still be running. */
  async execute(options: { graceMs: number; onFailure?: (error: unknown, operationId: string) => void }): Promise<RecoveryReport> {
    const openedBefore = new Date(this.ports.clock.now().getTime() - options.graceMs);
    const open = await this.ports.operations.listOpen(openedBefore, RECOVERY_BATCH_MAX);
    let finished = 0;
    let failed = 0;
    for (const operation of open) {
      try {
        await this.reconciliation.reconcile(operation.subject);
        await this.ports.operations.close(operation.id);
        finished += 1;
      } catch (error) {
        failed += 1;
        options.onFailure?.(error, operation.id);
      }
    }
    return { examined: open.length, finished, failed };
  }
}
