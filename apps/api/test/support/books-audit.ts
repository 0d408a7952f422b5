import { expect } from 'vitest';
import { expectStatus, type ApiClient, type Caller } from './api-client.ts';
import { expectInvariants, observeState, type GatewayRefund, type KnownRecords, type ObservedState } from '@skillhouse/domain-testing';
import { auditDatabase, connectMongo, createMongoosePorts } from '@skillhouse/persistence-mongoose';

const EVERY_DUE_TIME = new Date('2999-01-01T00:00:00.000Z');
const SETTLE_TIMEOUT_MS = 60_000;

/**
 * The books audited after a fault: waits (bounded) for recovery to close every open operation,
 * then checks every invariant of the escrow service over the records through the ports, then runs
 * the audit the `audit` command runs (the ledger's balances, each escrow's transfers) over the
 * whole database, and returns what it read. The one place fault tests check the books.
 */
export async function expectBooksBalanced(
  mongodbUri: string,
  known: KnownRecords,
  gatewayRefunds: () => readonly GatewayRefund[],
): Promise<ObservedState> {
  const mongo = await connectMongo(mongodbUri);
  try {
    const ports = await createMongoosePorts(mongo.connection);
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    // Recovery runs in the API processes; the projections they repair may trail the last operation by a pass.
    for (;;) {
      const state = await observeState(ports, known, gatewayRefunds);
      const open = await ports.operations.listOpen(EVERY_DUE_TIME, 1_000);
      try {
        expect(open, 'recovery closed every operation').toEqual([]);
        expectInvariants(state, null);
        expect(await auditDatabase(mongo.connection), 'the audit of the whole database').toEqual([]);
        return state;
      } catch (error) {
        if (Date.now() > deadline) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await mongo.close();
  }
}

/** Longer than the API's recovery interval (60 s by default), whose repair pass rewrites a projection left behind. */
const REPAIR_WAIT_MS = 90_000;

/**
 * The audit the `audit` command runs, over the whole database an e2e suite used: every suite ends
 * with it, so no flow leaves books that do not balance. A projection behind its stream is waited
 * for, bounded: on FerretDB v1 an older view can overwrite a newer one when two processes race
 * (no atomic conditional update, docs/persistence.md), and the API's repair pass rewrites it. Any
 * other violation fails at once.
 */
export async function expectCleanAudit(mongodbUri: string): Promise<void> {
  const mongo = await connectMongo(mongodbUri);
  try {
    const deadline = Date.now() + REPAIR_WAIT_MS;
    for (;;) {
      const violations = await auditDatabase(mongo.connection);
      const onlyLagging = violations.length > 0 && violations.every((violation) => violation.rule === 'projection-caught-up');
      if (!onlyLagging || Date.now() > deadline) {
        expect(violations, 'the audit of the whole database').toEqual([]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  } finally {
    await mongo.close();
  }
}

/**
 * The same audit over HTTP (`GET /api/admin/audit`), for a suite on the embedded default, which has
 * no database to open: what the service holds in memory must balance too.
 */
export async function expectCleanAuditOverHttp(api: ApiClient, admin: Caller): Promise<void> {
  const audit = expectStatus<{ count: number; escrowsChecked: number; violations: unknown[] }>(
    await api.get('/api/admin/audit', { as: admin }),
    200,
    'audit',
  );
  expect(audit.violations, 'the audit of the embedded default').toEqual([]);
  expect(audit.count).toBe(0);
}
