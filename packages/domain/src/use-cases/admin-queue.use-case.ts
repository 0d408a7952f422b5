import type { Contract } from '../contract/contract.ts';
import { compareQueuePositions } from '../escrow/escrow-queue.ts';
import type { EscrowView } from '../escrow/escrow.ts';
import type { Job } from '../job/job.ts';
import type { EscrowQueue, QueueCursor } from '../ports/escrow-repository.port.ts';
import { assert, ValidationError } from '../shared/domain-error.ts';
import { LOOKUP_IDS_MAX } from '../shared/ids.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor, User } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/**
 * What needs an operator, one list each: releases the client requested, open disputes, funded
 * escrows of canceled contracts (a refund is due), auto-releases due within the horizon, payments
 * returned whole (for the record), client refunds the processor reported failed (retry, or settle
 * by hand) and open chargebacks (the card network decides; evidence goes to Stripe).
 */
export const ADMIN_QUEUES = [
  'release-requested',
  'disputes',
  'refunds-due',
  'auto-releases',
  'returned-payments',
  'failed-refunds',
  'chargebacks',
] as const;
export type AdminQueueName = (typeof ADMIN_QUEUES)[number];

/** How far ahead the auto-release queue looks. */
export const AUTO_RELEASE_HORIZON_MS = 48 * 60 * 60 * 1_000;
export const QUEUE_PAGE_SIZE_DEFAULT = 20;
export const QUEUE_PAGE_SIZE_MAX = 100;

/** One escrow needing an operator, with what a row shows: its contract, job and parties. */
export interface QueueEntry {
  readonly escrow: EscrowView;
  readonly contract: Contract | null;
  readonly job: Job | null;
  readonly client: User | null;
  readonly freelancer: User | null;
}

export interface QueuePage {
  readonly queue: AdminQueueName;
  readonly entries: readonly QueueEntry[];
  /** Every entry of the queue, not only this page's. */
  readonly total: number;
  /** The cursor of the next page, null on the last. */
  readonly next: string | null;
}

export interface QueueQuery {
  readonly actor: Actor;
  readonly queue: unknown;
  readonly limit?: unknown;
  readonly cursor?: unknown;
}

/** Escrows the held list is read in, to find those whose contract puts them in a queue. */
const HELD_BATCH = 500;
const CURSOR_PATTERN = /^(\d{1,15})\.([0-9a-f]{24})$/;

function invalidPage(field: string, problem: string): ValidationError {
  return new ValidationError(ValidationErrors.InvalidPage, `${field} ${problem}`, { fields: { [field]: problem } });
}

export function encodeQueueCursor(cursor: QueueCursor): string {
  return `${cursor.at.getTime()}.${cursor.id}`;
}

function decodeQueueCursor(value: unknown): QueueCursor | null {
  if (value === undefined || value === null || value === '') return null;
  const match = typeof value === 'string' ? CURSOR_PATTERN.exec(value) : null;
  if (match?.[1] === undefined || match[2] === undefined) throw invalidPage('cursor', 'must be a cursor a queue page gave');
  return { at: new Date(Number(match[1])), id: match[2] };
}

function requireQueueName(value: unknown): AdminQueueName {
  const name = ADMIN_QUEUES.find((queue) => queue === value);
  if (name !== undefined) return name;
  const allowed = `must be one of ${ADMIN_QUEUES.join(', ')}`;
  throw new ValidationError(ValidationErrors.InvalidChoice, `queue ${allowed}`, { fields: { queue: allowed } });
}

function requirePageSize(value: unknown): number {
  if (value === undefined) return QUEUE_PAGE_SIZE_DEFAULT;
  if (Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= QUEUE_PAGE_SIZE_MAX) return value as number;
  throw invalidPage('limit', `must be a whole number from 1 to ${QUEUE_PAGE_SIZE_MAX}`);
}

/** The queues whose membership depends on the contract, not only on the escrow: their escrow is held, their contract decides. */
const CONTRACT_QUEUES: Partial<Record<AdminQueueName, (contract: Contract) => boolean>> = {
  'release-requested': (contract) => contract.status === 'Completed' && contract.releaseFundStatus === 'Requested',
  'refunds-due': (contract) => contract.status === 'Canceled',
};

/**
 * The operators' queues, oldest first, one page at a time (keyset cursors, so a page stays right as
 * entries come and go), each with its size. The escrow-only lists are answered by the escrows' own
 * indexes; the two that depend on the contract walk the escrows still holding money (what the
 * marketplace holds now, not its history) and keep those whose contract is in the state. An open
 * dispute freezes an escrow, so a disputed escrow shows in the disputes queue only.
 */
export class ListAdminQueue {
  constructor(private readonly ports: Pick<MarketplacePorts, 'escrows' | 'contracts' | 'jobs' | 'users' | 'clock'>) {}

  async execute(query: QueueQuery): Promise<QueuePage> {
    requireRole(query.actor, 'admin');
    const queue = requireQueueName(query.queue);
    const limit = requirePageSize(query.limit);
    const after = decodeQueueCursor(query.cursor);
    const contractFilter = CONTRACT_QUEUES[queue];
    const page =
      contractFilter === undefined
        ? await this.escrowQueuePage(queue, after, limit)
        : await this.contractQueuePage(contractFilter, after, limit);
    return { queue, ...page, entries: await this.detailed(page.escrows, page.contracts) };
  }

  private async escrowQueuePage(queue: AdminQueueName, after: QueueCursor | null, limit: number) {
    const page = await this.ports.escrows.listQueue(this.escrowQueueOf(queue), { after, limit });
    const contractIds = page.items.flatMap((escrow) => (escrow.contractId === null ? [] : [escrow.contractId]));
    return {
      escrows: page.items,
      contracts: await this.ports.contracts.findMany(contractIds),
      total: page.total,
      next: page.next === null ? null : encodeQueueCursor(page.next),
    };
  }

  private escrowQueueOf(queue: AdminQueueName): EscrowQueue {
    switch (queue) {
      case 'disputes':
        return { kind: 'openDisputes' };
      case 'auto-releases':
        return { kind: 'autoReleaseDue', by: new Date(this.ports.clock.now().getTime() + AUTO_RELEASE_HORIZON_MS) };
      case 'failed-refunds':
        return { kind: 'refundsFailed' };
      case 'chargebacks':
        return { kind: 'openChargebacks' };
      default:
        return { kind: 'returned' };
    }
  }

  private async contractQueuePage(keep: (contract: Contract) => boolean, after: QueueCursor | null, limit: number) {
    const matching: { escrow: EscrowView; contract: Contract }[] = [];
    let cursor: QueueCursor | null = null;
    do {
      const held = await this.ports.escrows.listQueue({ kind: 'held' }, { after: cursor, limit: HELD_BATCH });
      const contracts = await this.ports.contracts.findMany(
        held.items.flatMap((escrow) => (escrow.contractId === null ? [] : [escrow.contractId])),
      );
      const contractById = new Map(contracts.map((contract) => [contract.id, contract]));
      for (const escrow of held.items) {
        const contract = escrow.contractId === null ? undefined : contractById.get(escrow.contractId);
        const frozen = escrow.dispute?.status === 'open' || escrow.chargeback?.status === 'open';
        if (contract !== undefined && !frozen && keep(contract)) matching.push({ escrow, contract });
      }
      cursor = held.next;
    } while (cursor !== null);
    const positionOf = (escrow: EscrowView): QueueCursor => ({ at: escrow.fundedAt, id: escrow.id });
    const rest = after === null ? matching : matching.filter(({ escrow }) => compareQueuePositions(positionOf(escrow), after) > 0);
    const page = rest.slice(0, limit);
    const last = page.at(-1);
    return {
      escrows: page.map(({ escrow }) => escrow),
      contracts: page.map(({ contract }) => contract),
      total: matching.length,
      next: rest.length > limit && last !== undefined ? encodeQueueCursor(positionOf(last.escrow)) : null,
    };
  }

  /** The page's jobs and parties, one batch read each. */
  private async detailed(escrows: readonly EscrowView[], contracts: readonly Contract[]): Promise<readonly QueueEntry[]> {
    const userIds = [...new Set(escrows.flatMap((escrow) => [escrow.clientId, escrow.freelancerId]))];
    const jobIds = [...new Set(escrows.map((escrow) => escrow.jobId))];
    // A page is at most QUEUE_PAGE_SIZE_MAX escrows: two people each, well inside one batch read.
    assert(userIds.length <= LOOKUP_IDS_MAX, 'a queue page names more people than one batch read takes');
    const [users, jobs] = await Promise.all([this.ports.users.findMany(userIds), this.ports.jobs.findMany(jobIds)]);
    const userById = new Map(users.map((user) => [user.id, user]));
    const jobById = new Map(jobs.map((job) => [job.id, job]));
    const contractById = new Map(contracts.map((contract) => [contract.id, contract]));
    return escrows.map((escrow) => ({
      escrow,
      contract: escrow.contractId === null ? null : (contractById.get(escrow.contractId) ?? null),
      job: jobById.get(escrow.jobId) ?? null,
      client: userById.get(escrow.clientId) ?? null,
      freelancer: userById.get(escrow.freelancerId) ?? null,
    }));
  }
}
