import { describe, expect, it } from 'vitest';
import type { Marketplace, RecoveryOptions, RecoveryReport } from '@skillhouse/domain';
import { createLogger } from '../logging/logger.ts';
import { recoverOnce } from './recovery-schedule.ts';
import { RecoveryStatus } from './recovery-status.ts';

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

function capturingLogger() {
  const lines: LogLine[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

/** A marketplace whose recovery answers `outcome` and records the options it was given. */
function marketplaceRecovering(outcome: RecoveryReport | Error, seen: RecoveryOptions[] = []): Marketplace {
  return {
    recoverInterruptedOperations: {
      execute: (options: RecoveryOptions) => {
        seen.push(options);
        return outcome instanceof Error ? Promise.reject(outcome) : Promise.resolve(outcome);
      },
    },
  } as unknown as Marketplace;
}

const ERROR_LEVEL = 50;
const INFO_LEVEL = 30;

describe('recoverOnce', () => {
  it('passes the grace period and stuck threshold on, logs the backlog, and each stuck operation at error with its id and attempts', async () => {
    const { logger, lines } = capturingLogger();
    const status = new RecoveryStatus();
    const seen: RecoveryOptions[] = [];
    const stuck = {
      operationId: 'aa'.repeat(12),
      subject: { type: 'escrow', id: 'bb'.repeat(12) },
      failedAttempts: 6,
      openedAt: new Date('2026-01-01T00:00:00Z'),
      dueAt: new Date('2026-01-02T00:00:00Z'),
    } as const;
    const report: RecoveryReport = { examined: 0, finished: 0, failed: 0, reprojected: 0, backlog: 3, stuck: [stuck] };

    await recoverOnce(marketplaceRecovering(report, seen), logger, {
      graceMs: 7_000,
      firstRetryDelayMs: 3_000,
      stuckAfterAttempts: 6,
      repairWindowMs: 1_000,
      status,
    });

    expect(seen[0]).toMatchObject({ graceMs: 7_000, firstRetryDelayMs: 3_000, stuckAfterAttempts: 6 });
    expect(lines.find((line) => line.msg === 'recovery pass finished')).toMatchObject({ level: INFO_LEVEL, backlog: 3, stuck: 1 });
    expect(lines.filter((line) => line.level === ERROR_LEVEL)).toEqual([
      expect.objectContaining({ operationId: stuck.operationId, failedAttempts: 6, subject: stuck.subject }),
    ]);
    expect(status.read()).toMatchObject({ lastPassFailed: false, backlog: 3, stuck: [stuck] });
  });

  it('records a pass that could not run, keeping what the last one saw', async () => {
    const { logger, lines } = capturingLogger();
    const status = new RecoveryStatus();
    const report: RecoveryReport = { examined: 1, finished: 1, failed: 0, reprojected: 0, backlog: 2, stuck: [] };
    await recoverOnce(marketplaceRecovering(report), logger, {
      graceMs: 1_000,
      firstRetryDelayMs: 1_000,
      stuckAfterAttempts: 5,
      repairWindowMs: 1_000,
      status,
    });

    expect(
      await recoverOnce(marketplaceRecovering(new Error('database away')), logger, {
        graceMs: 1_000,
        firstRetryDelayMs: 1_000,
        stuckAfterAttempts: 5,
        repairWindowMs: 1_000,
        status,
      }),
    ).toBeNull();
    expect(status.read()).toMatchObject({ lastPassFailed: true, backlog: 2 });
    expect(lines.at(-1)).toMatchObject({ level: ERROR_LEVEL, msg: 'recovery could not run' });
  });
});
