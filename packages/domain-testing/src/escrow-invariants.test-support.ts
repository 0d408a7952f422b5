import { expect } from 'vitest';
import {
  balanceOf,
  foldContract,
  foldJob,
  isTerminal,
  type Contract,
  type ContractEvent,
  type EscrowView,
  type Job,
  type JobEvent,
  type LedgerEntry,
  type MarketplacePorts,
  type OpenOperation,
  type Review,
  type StoredEvent,
} from '@skillhouse/domain';

/** The ids a test knows of; everything else is discovered from the records (a job's hires, an escrow's contract). */
export interface KnownRecords {
  readonly jobIds: readonly string[];
  readonly contractIds: readonly string[];
  readonly checkoutSessionIds: readonly string[];
  readonly userIds: readonly string[];
}

/** A refund the payment processor made; the same refund id seen twice is one refund. */
export interface GatewayRefund {
  readonly escrowId: string;
  readonly refundId: string;
  readonly amountPaise: number;
}

export interface ObservedEscrow {
  readonly view: EscrowView;
  readonly ledger: readonly LedgerEntry[];
}

/** Everything the records hold about the known ids, read through port methods only. */
export interface ObservedState {
  readonly jobs: Readonly<Record<string, readonly StoredEvent<JobEvent>[]>>;
  readonly contracts: Readonly<Record<string, readonly StoredEvent<ContractEvent>[]>>;
  readonly escrowsBySession: Readonly<Record<string, ObservedEscrow | null>>;
  readonly reviewsByFreelancer: Readonly<Record<string, readonly Review[]>>;
  readonly wallets: Readonly<Record<string, { readonly balancePaise: number; readonly entries: readonly LedgerEntry[] }>>;
  readonly openOperations: readonly OpenOperation[];
  readonly gatewayRefunds: readonly GatewayRefund[];
}

const LIST_LIMIT = 10_000;
const FAR_FUTURE = new Date('2999-01-01T00:00:00.000Z');

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

async function readEach<T>(ids: readonly string[], read: (id: string) => Promise<T>): Promise<Record<string, T>> {
  const entries: [string, T][] = [];
  for (const id of unique(ids)) entries.push([id, await read(id)]);
  return Object.fromEntries(entries);
}

export async function observeState(
  ports: MarketplacePorts,
  known: KnownRecords,
  gatewayRefunds: () => readonly GatewayRefund[],
): Promise<ObservedState> {
  const jobs = await readEach(known.jobIds, (id) => ports.jobs.read(id));
  const escrowsBySession = await readEach(known.checkoutSessionIds, async (sessionId): Promise<ObservedEscrow | null> => {
    const escrow = await ports.escrows.findByCheckoutSession(sessionId);
    if (escrow === null) return null;
    const view = await ports.escrows.view(escrow.id);
    expect(view, `escrow ${escrow.id} can be viewed`).not.toBeNull();
    return { view: view!, ledger: await ports.ledger.listByEscrow(escrow.id) };
  });
  const hiredContractIds = Object.values(jobs).flatMap((events) => foldJob(events.map((stored) => stored.event))?.hires ?? []).map((hire) => hire.contractId);
  const escrowContractIds = Object.values(escrowsBySession).flatMap((escrow) => (escrow?.view.contractId ? [escrow.view.contractId] : []));
  const contracts = await readEach([...known.contractIds, ...hiredContractIds, ...escrowContractIds], (id) => ports.contracts.read(id));
  const reviewsByFreelancer = await readEach(known.userIds, (id) => ports.reviews.listByFreelancer(id, LIST_LIMIT));
  const wallets = await readEach(known.userIds, async (id) => ({
    balancePaise: await ports.ledger.balanceOf(id),
    entries: await ports.ledger.listByOwner(id, LIST_LIMIT),
  }));
  const openOperations = await ports.operations.listOpen(FAR_FUTURE, LIST_LIMIT);
  return { jobs, contracts, escrowsBySession, reviewsByFreelancer, wallets, openOperations, gatewayRefunds: [...gatewayRefunds()] };
}

function foldedContracts(state: ObservedState): Map<string, Contract> {
  const contracts = new Map<string, Contract>();
  for (const [id, events] of Object.entries(state.contracts)) {
    const contract = foldContract(events.map((stored) => stored.event));
    if (contract !== null) contracts.set(id, contract);
  }
  return contracts;
}

function escrowViews(state: ObservedState): EscrowView[] {
  return Object.values(state.escrowsBySession).flatMap((escrow) => (escrow === null ? [] : [escrow.view]));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/**
 * The rules that must hold after every finished step, whatever happened before: money is conserved
 * and moved once, wallets are their entries, histories only grow, terminal states stay, releases
 * follow requests, reviews follow completion, a job has one live contract.
 */
export function expectInvariants(state: ObservedState, previous: ObservedState | null): void {
  const contracts = foldedContracts(state);
  expectMoneyConservedPerEscrow(state);
  expectWalletsAreTheirEntries(state);
  expectEscrowsMatchTheirContracts(state, contracts);
  expectResolutionsFollowTheContract(state, contracts);
  expectContractPathsValid(contracts);
  expectReviewsValid(state, contracts);
  expectOneLiveContractPerJob(state, contracts);
  expect(state.openOperations, 'a finished step leaves no operation open').toEqual([]);
  if (previous !== null) expectHistoryOnlyGrows(previous, state);
}

function expectMoneyConservedPerEscrow(state: ObservedState): void {
  for (const [sessionId, observed] of Object.entries(state.escrowsBySession)) {
    if (observed === null) continue;
    const { view, ledger } = observed;
    const refundIds = new Map(state.gatewayRefunds.filter((refund) => refund.escrowId === view.id).map((refund) => [refund.refundId, refund]));
    const refunds = [...refundIds.values()];
    expect(view.checkoutSessionId).toBe(sessionId);
    expect(view.platformFeePaise + view.freelancerEarningPaise).toBe(view.amountPaise);
    expect(ledger.every((entry) => entry.direction === 'credit' && entry.ownerId === view.freelancerId && entry.amountPaise > 0)).toBe(true);
    expect(ledger.length, `escrow ${view.id} credits a wallet at most once`).toBeLessThanOrEqual(1);
    expect(refunds.length, `escrow ${view.id} is refunded through the processor at most once`).toBeLessThanOrEqual(1);
    const resolution = view.resolution;
    if (resolution === null) {
      expect(view.status).toBe('funded');
      expect(ledger, `unresolved escrow ${view.id} has no ledger credits`).toEqual([]);
      expect(refunds, `unresolved escrow ${view.id} has no processor refund`).toEqual([]);
      continue;
    }
    expect(resolution.completedAt, `resolution of escrow ${view.id} is finished`).not.toBeNull();
    expect(view.status).toBe(resolution.kind === 'release' ? 'released' : 'refunded');
    expect(resolution.clientRefundPaise + resolution.freelancerPayoutPaise + resolution.platformFeePaise).toBe(view.amountPaise);
    expect(sum(ledger.map((entry) => entry.amountPaise))).toBe(resolution.freelancerPayoutPaise);
    expect(sum(refunds.map((refund) => refund.amountPaise))).toBe(resolution.clientRefundPaise);
    if (resolution.kind === 'return') {
      expect(resolution).toMatchObject({ contractId: null, clientRefundPaise: view.amountPaise, freelancerPayoutPaise: 0, platformFeePaise: 0 });
    }
  }
  const escrowIds = new Set(escrowViews(state).map((view) => view.id));
  for (const refund of state.gatewayRefunds) expect(escrowIds.has(refund.escrowId), `refund of unknown escrow ${refund.escrowId}`).toBe(true);
}

function expectWalletsAreTheirEntries(state: ObservedState): void {
  const credited = Object.values(state.escrowsBySession).flatMap((escrow) => escrow?.ledger ?? []);
  const walletEntries = Object.values(state.wallets).flatMap((wallet) => wallet.entries);
  for (const [userId, wallet] of Object.entries(state.wallets)) {
    expect(wallet.entries.every((entry) => entry.ownerId === userId)).toBe(true);
    expect(wallet.balancePaise, `wallet of ${userId}`).toBe(balanceOf(wallet.entries));
  }
  expect(sum(walletEntries.map((entry) => entry.amountPaise)), 'every wallet credit comes from an escrow').toBe(sum(credited.map((entry) => entry.amountPaise)));
}

function expectEscrowsMatchTheirContracts(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const views = new Map(escrowViews(state).map((view) => [view.id, view]));
  for (const contract of contracts.values()) {
    if (contract.escrowId === null) continue;
    const escrow = views.get(contract.escrowId);
    expect(escrow, `escrow ${contract.escrowId} of contract ${contract.id} is known`).toBeDefined();
    expect(escrow).toMatchObject({ contractId: contract.id, jobId: contract.jobId, clientId: contract.clientId, freelancerId: contract.freelancerId });
  }
  for (const view of views.values()) {
    if (view.contractId === null) continue;
    expect(contracts.get(view.contractId)?.escrowId, `escrow ${view.id} is held by its contract`).toBe(view.id);
  }
}

function eventIndex(events: readonly StoredEvent<ContractEvent>[], matches: (event: ContractEvent) => boolean): number {
  return events.findIndex((stored) => matches(stored.event));
}

function expectResolutionsFollowTheContract(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const released = new Set<string>();
  for (const view of escrowViews(state)) {
    const resolution = view.resolution;
    if (resolution === null || resolution.kind === 'return') continue;
    const contract = contracts.get(resolution.contractId ?? '');
    expect(contract, `contract of resolved escrow ${view.id}`).toBeDefined();
    if (resolution.kind === 'refund') {
      expect(contract!.status).toBe('Canceled');
      expect(resolution.stage).toBe(contract!.cancellation?.from);
      continue;
    }
    released.add(contract!.id);
    expect(contract).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
    const events = state.contracts[contract!.id]!;
    const completed = eventIndex(events, (event) => event.type === 'StatusChanged' && event.data.to === 'Completed');
    const requested = eventIndex(events, (event) => event.type === 'ReleaseRequested');
    const approved = eventIndex(events, (event) => event.type === 'ReleaseApproved');
    expect(completed, 'release only after Completed and Requested').toBeGreaterThanOrEqual(0);
    expect(requested).toBeGreaterThan(completed);
    expect(approved).toBeGreaterThan(requested);
  }
  for (const contract of contracts.values()) {
    if (contract.releaseFundStatus !== 'NotRequested') expect(contract.status).toBe('Completed');
    if (contract.releaseFundStatus === 'Approved') expect(released.has(contract.id), `contract ${contract.id} approved without a release`).toBe(true);
  }
}

const FORWARD_PATH = ['Pending', 'Started', 'Ongoing', 'Completed'];

function expectContractPathsValid(contracts: ReadonlyMap<string, Contract>): void {
  for (const contract of contracts.values()) {
    const statuses = contract.statusHistory.map((entry) => entry.status);
    const forward = contract.status === 'Canceled' ? statuses.slice(0, -1) : statuses;
    expect(forward, `status history of ${contract.id}`).toEqual(FORWARD_PATH.slice(0, forward.length));
    if (contract.status === 'Canceled') expect(contract.cancellation?.from).toBe(forward.at(-1));
  }
}

function expectReviewsValid(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const reviews = Object.values(state.reviewsByFreelancer).flat();
  const contractIds = reviews.map((review) => review.contractId);
  expect(new Set(contractIds).size, 'at most one review per contract').toBe(contractIds.length);
  for (const review of reviews) {
    const contract = contracts.get(review.contractId);
    expect(contract, `contract of review ${review.id}`).toBeDefined();
    expect(contract).toMatchObject({ status: 'Completed', clientId: review.clientId, freelancerId: review.freelancerId });
  }
}

function expectOneLiveContractPerJob(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  for (const [jobId, events] of Object.entries(state.jobs)) {
    const job: Job | null = foldJob(events.map((stored) => stored.event));
    if (job === null) continue;
    for (const hire of job.hires) expect(contracts.get(hire.contractId), `contract of hire ${hire.contractId}`).toBeDefined();
    const live = job.hires.filter((hire) => contracts.get(hire.contractId)?.status !== 'Canceled');
    expect(live.length, `job ${jobId} has at most one live contract`).toBeLessThanOrEqual(1);
    expect(job.liveHire?.contractId ?? null, `job ${jobId} is Closed exactly while it has a live contract`).toBe(live[0]?.contractId ?? null);
    expect(job.status).toBe(live.length === 1 ? 'Closed' : 'Open');
  }
}

function expectHistoryOnlyGrows(previous: ObservedState, state: ObservedState): void {
  for (const [id, before] of Object.entries(previous.contracts)) {
    const after = state.contracts[id] ?? [];
    expect(after.slice(0, before.length), `contract ${id} stream is append-only`).toEqual(before);
    const statusBefore = foldContract(before.map((stored) => stored.event))?.status;
    if (statusBefore !== undefined && isTerminal(statusBefore)) {
      expect(foldContract(after.map((stored) => stored.event))?.status, `terminal contract ${id} never changes status`).toBe(statusBefore);
    }
  }
  for (const [id, before] of Object.entries(previous.jobs)) {
    expect((state.jobs[id] ?? []).slice(0, before.length), `job ${id} stream is append-only`).toEqual(before);
  }
  for (const [sessionId, before] of Object.entries(previous.escrowsBySession)) {
    if (before === null) continue;
    const after = state.escrowsBySession[sessionId];
    const { contractId: _contract, status: _status, resolution: resolutionBefore, ...claim } = before.view;
    expect(after?.view, `escrow of ${sessionId} keeps its claim`).toMatchObject(claim);
    if (resolutionBefore !== null) expect(after?.view.resolution, `resolution of ${before.view.id} is decided once`).toEqual(resolutionBefore);
    expect(after?.ledger.slice(0, before.ledger.length)).toEqual(before.ledger);
  }
}
