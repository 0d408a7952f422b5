import { expect } from 'vitest';
import {
  auditEscrow,
  LedgerAudit,
  balanceOf,
  escrowAccount,
  transfersDueFor,
  walletAccount,
  evolveEscrow as evolveEscrowProbe,
  decideEscrow,
  DomainError,
  foldContract,
  foldEscrow,
  foldJob,
  isChargebackOpen,
  isDisputeOpen,
  refundsThroughProcessor,
  viewOfEscrow,
  type Contract,
  type ContractEvent,
  type EscrowCommand,
  type EscrowEvent,
  type EscrowState,
  type EscrowView,
  type Job,
  type JobEvent,
  type Transfer,
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
  /** Folded from the escrow's stream: the truth. */
  readonly state: EscrowState;
  readonly events: readonly StoredEvent<EscrowEvent>[];
  /** The stored projection, which must have caught up once a step finished. */
  readonly view: EscrowView;
  /** The escrow's transfers in the ledger. */
  readonly ledger: readonly Transfer[];
}

/** Everything the records hold about the known ids, read through port methods only. */
export interface ObservedState {
  readonly jobs: Readonly<Record<string, readonly StoredEvent<JobEvent>[]>>;
  readonly contracts: Readonly<Record<string, readonly StoredEvent<ContractEvent>[]>>;
  readonly escrowsBySession: Readonly<Record<string, ObservedEscrow | null>>;
  readonly reviewsByFreelancer: Readonly<Record<string, readonly Review[]>>;
  readonly wallets: Readonly<Record<string, { readonly balancePaise: number; readonly entries: readonly Transfer[] }>>;
  readonly openOperations: readonly OpenOperation[];
  readonly gatewayRefunds: readonly GatewayRefund[];
  /** The whole ledger, in id order. */
  readonly transfers: readonly Transfer[];
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

/** The ports that keep records: all an observer reads. */
export type RecordPorts = Pick<MarketplacePorts, 'jobs' | 'contracts' | 'escrows' | 'ledger' | 'reviews' | 'operations'>;

export async function observeState(
  ports: RecordPorts,
  known: KnownRecords,
  gatewayRefunds: () => readonly GatewayRefund[],
): Promise<ObservedState> {
  const jobs = await readEach(known.jobIds, (id) => ports.jobs.read(id));
  const escrowsBySession = await readEach(known.checkoutSessionIds, async (sessionId): Promise<ObservedEscrow | null> => {
    const escrow = await ports.escrows.findByCheckoutSession(sessionId);
    if (escrow === null) return null;
    const view = await ports.escrows.view(escrow.id);
    expect(view, `escrow ${escrow.id} can be viewed`).not.toBeNull();
    const events = await ports.escrows.read(escrow.id);
    const state = foldEscrow(
      escrow,
      events.map((stored) => stored.event),
    );
    return { state, events, view: view!, ledger: await ports.ledger.listByEscrow(escrow.id) };
  });
  const hiredContractIds = Object.values(jobs)
    .flatMap((events) => foldJob(events.map((stored) => stored.event))?.hires ?? [])
    .map((hire) => hire.contractId);
  const escrowContractIds = Object.values(escrowsBySession).flatMap((escrow) =>
    escrow?.state.contractId ? [escrow.state.contractId] : [],
  );
  const contracts = await readEach([...known.contractIds, ...hiredContractIds, ...escrowContractIds], (id) => ports.contracts.read(id));
  const reviewsByFreelancer = await readEach(known.userIds, (id) => ports.reviews.listByFreelancer(id, { limit: LIST_LIMIT }));
  const wallets = await readEach(known.userIds, async (id) => ({
    balancePaise: (await ports.ledger.positionOf(walletAccount(id))).balancePaise,
    entries: await ports.ledger.listByAccount(walletAccount(id), LIST_LIMIT),
  }));
  const openOperations = await ports.operations.listOpen(FAR_FUTURE, LIST_LIMIT);
  const transfers = await ports.ledger.listAfter(null, LIST_LIMIT);
  return {
    jobs,
    contracts,
    escrowsBySession,
    reviewsByFreelancer,
    wallets,
    openOperations,
    gatewayRefunds: [...gatewayRefunds()],
    transfers,
  };
}

function foldedContracts(state: ObservedState): Map<string, Contract> {
  const contracts = new Map<string, Contract>();
  for (const [id, events] of Object.entries(state.contracts)) {
    const contract = foldContract(events.map((stored) => stored.event));
    if (contract !== null) contracts.set(id, contract);
  }
  return contracts;
}

function escrowStates(state: ObservedState): EscrowState[] {
  return Object.values(state.escrowsBySession).flatMap((escrow) => (escrow === null ? [] : [escrow.state]));
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
  expectProjectionsCaughtUp(state);
  expectEveryFundedEscrowHasAWayOut(state);
  expectWalletsAreTheirEntries(state);
  expectEscrowsMatchTheirContracts(state, contracts);
  expectResolutionsFollowTheContract(state, contracts);
  expectContractPathsValid(state, contracts);
  expectReviewsValid(state, contracts);
  expectOneLiveContractPerJob(state, contracts);
  expect(state.openOperations, 'a finished step leaves no operation open').toEqual([]);
  expectAuditFindsNothing(state);
  if (previous !== null) expectHistoryOnlyGrows(previous, state);
}

/** The audit command's checks, over the whole ledger and every escrow: the books balance after every step. */
function expectAuditFindsNothing(state: ObservedState): void {
  const audit = new LedgerAudit();
  for (const transfer of state.transfers) audit.add(transfer);
  const violations = [
    ...audit.violations(),
    ...Object.values(state.escrowsBySession).flatMap((observed) =>
      observed === null
        ? []
        : auditEscrow(
            observed.state,
            observed.events.map((stored) => stored.event),
            observed.ledger,
          ),
    ),
  ];
  expect(violations, 'the audit finds nothing').toEqual([]);
}

function expectMoneyConservedPerEscrow(state: ObservedState): void {
  for (const [sessionId, observed] of Object.entries(state.escrowsBySession)) {
    if (observed === null) continue;
    const { state: escrowState, ledger } = observed;
    const { escrow, resolution } = escrowState;
    const refundIds = new Map(
      state.gatewayRefunds.filter((refund) => refund.escrowId === escrow.id).map((refund) => [refund.refundId, refund]),
    );
    const refunds = [...refundIds.values()];
    expect(escrow.checkoutSessionId).toBe(sessionId);
    expect(escrow.platformFeePaise + escrow.freelancerEarningPaise).toBe(escrow.amountPaise);
    expect(byId(ledger), `escrow ${escrow.id} has exactly the transfers its records imply`).toEqual(byId(transfersDueFor(escrowState)));
    const held = balanceOf(escrowAccount(escrow.id), ledger);
    expect(held, `escrow ${escrow.id} holds the payment until settled, then nothing`).toBe(
      escrowState.settledAt === null ? escrow.amountPaise : 0,
    );
    const payouts = ledger.filter((transfer) => transfer.kind === 'freelancer_payout');
    expect(payouts.every((transfer) => transfer.creditAccount === walletAccount(escrow.freelancerId))).toBe(true);
    expect(payouts.length, `escrow ${escrow.id} credits a wallet at most once`).toBeLessThanOrEqual(1);
    // One refund through the processor, and one more after each failure an admin retried.
    expect(refunds.length, `escrow ${escrow.id} is refunded through the processor once per refund sent`).toBe(
      escrowState.clientRefundsSent,
    );
    expect(escrowState.clientRefundsSent, `escrow ${escrow.id} sends a refund again only when retried`).toBeLessThanOrEqual(
      1 + escrowState.refundRetries.length,
    );
    const resolutions = observed.events.filter((stored) => stored.event.type === 'EscrowResolved');
    expect(resolutions.length, `escrow ${escrow.id} is resolved at most once`).toBeLessThanOrEqual(1);
    if (resolution === null) {
      // Also: no money moves while a dispute is open, since an open dispute means no resolution.
      expect(payouts, `unresolved escrow ${escrow.id} has no wallet credits`).toEqual([]);
      expect(refunds, `unresolved escrow ${escrow.id} has no processor refund`).toEqual([]);
      continue;
    }
    expect(escrowState.settledAt, `resolution of escrow ${escrow.id} is settled`).not.toBeNull();
    expect(isDisputeOpen(escrowState), `resolved escrow ${escrow.id} has no open dispute`).toBe(false);
    expect(
      resolution.clientRefundPaise + resolution.freelancerPayoutPaise + resolution.platformFeePaise,
      'every paisa paid is accounted for',
    ).toBe(escrow.amountPaise);
    expect(Math.min(resolution.clientRefundPaise, resolution.freelancerPayoutPaise, resolution.platformFeePaise)).toBeGreaterThanOrEqual(0);
    expect(sum(payouts.map((transfer) => transfer.amountPaise))).toBe(resolution.freelancerPayoutPaise);
    for (const refund of refunds) expect(refund.amountPaise, 'each refund sends the client’s share').toBe(resolution.clientRefundPaise);
    if (refundsThroughProcessor(resolution.kind)) expect(refunds.length > 0).toBe(resolution.clientRefundPaise > 0);
    else expect(refunds, `escrow ${escrow.id}: what the processor gave back on its own is not refunded again`).toEqual([]);
    if (resolution.kind === 'return') {
      expect(resolution).toMatchObject({
        contractId: null,
        clientRefundPaise: escrow.amountPaise,
        freelancerPayoutPaise: 0,
        platformFeePaise: 0,
      });
    }
    if (resolution.kind === 'release' || resolution.kind === 'refund') expect(resolution.platformFeePaise).toBe(escrow.platformFeePaise);
  }
  const escrowIds = new Set(escrowStates(state).map((escrowState) => escrowState.escrow.id));
  for (const refund of state.gatewayRefunds)
    expect(escrowIds.has(refund.escrowId), `refund of unknown escrow ${refund.escrowId}`).toBe(true);
}

/** Once a step finished, every escrow's stored view is its stream folded: projections follow their streams. */
function expectProjectionsCaughtUp(state: ObservedState): void {
  for (const observed of Object.values(state.escrowsBySession)) {
    if (observed === null) continue;
    expect(observed.view, `view of escrow ${observed.state.escrow.id} follows its stream`).toEqual(viewOfEscrow(observed.state));
  }
}

const WAY_OUT_AT = new Date('2999-01-01T00:00:00.000Z');
const ADMIN_PROBE = { userId: 'ad'.padEnd(24, '0'), role: 'admin' } as const;

/**
 * A funded escrow always has a way out, whatever the parties do: from its current state either a
 * party may open a dispute that an admin may then decide, or an open dispute may be decided now, or
 * its review period ends and releases it.
 * Checked with the decider itself, so the rule it states is the one the service enforces.
 */
function expectEveryFundedEscrowHasAWayOut(state: ObservedState): void {
  for (const escrowState of escrowStates(state)) {
    if (escrowState.resolution !== null) continue;
    const { escrow } = escrowState;
    const decide = (command: EscrowCommand, on: EscrowState): EscrowEvent | null => {
      try {
        return decideEscrow(command, on);
      } catch (error) {
        if (error instanceof DomainError) return null;
        throw error;
      }
    };
    const decision: EscrowCommand = {
      type: 'DecideDispute',
      actor: ADMIN_PROBE,
      contractId: escrowState.contractId,
      freelancerPayoutPaise: 0,
      refundPlatformFee: true,
      note: 'way out',
      at: WAY_OUT_AT,
    };
    if (isChargebackOpen(escrowState)) {
      // The card network decides an open chargeback, and its close unfreezes the escrow or resolves it.
      const closed = decide(
        { type: 'CloseChargeback', disputeId: escrowState.chargeback!.disputeId, amountPaise: 1, won: false, at: WAY_OUT_AT },
        escrowState,
      );
      expect(closed, `the chargeback on escrow ${escrow.id} can close`).not.toBeNull();
      continue;
    }
    if (escrowState.review !== null && escrowState.contractId !== null) {
      // A review period that ended unanswered releases the escrow, and then no dispute opens on it.
      const lapsed = decide({ type: 'ReleaseOnLapse', contractId: escrowState.contractId, at: WAY_OUT_AT }, escrowState);
      if (lapsed !== null) continue;
    }
    let disputed = escrowState;
    if (!isDisputeOpen(escrowState)) {
      // Either party may open it: each has disputes of its own to open, and one may have used up theirs.
      const parties = [
        { userId: escrow.clientId, role: 'client' },
        { userId: escrow.freelancerId, role: 'freelancer' },
      ] as const;
      const opened = parties
        .map((actor) => decide({ type: 'OpenDispute', actor, reason: 'other', description: 'way out', at: WAY_OUT_AT }, escrowState))
        .find((event) => event !== null);
      expect(opened, `unresolved escrow ${escrow.id} can be disputed by one of its parties`).toBeDefined();
      disputed = evolveEscrowProbe(escrowState, opened!);
    }
    expect(decide(decision, disputed), `a dispute on escrow ${escrow.id} can be decided`).not.toBeNull();
  }
}

function expectWalletsAreTheirEntries(state: ObservedState): void {
  const credited = Object.values(state.escrowsBySession)
    .flatMap((escrow) => escrow?.ledger ?? [])
    .filter((transfer) => transfer.kind === 'freelancer_payout');
  let walletCredits = 0;
  for (const [userId, wallet] of Object.entries(state.wallets)) {
    const account = walletAccount(userId);
    expect(wallet.entries.every((transfer) => transfer.creditAccount === account || transfer.debitAccount === account)).toBe(true);
    expect(wallet.balancePaise, `wallet of ${userId}`).toBe(balanceOf(account, wallet.entries));
    expect(wallet.balancePaise, `wallet of ${userId} is never negative`).toBeGreaterThanOrEqual(0);
    walletCredits += sum(
      wallet.entries.filter((transfer) => transfer.kind === 'freelancer_payout').map((transfer) => transfer.amountPaise),
    );
  }
  expect(walletCredits, 'every wallet credit comes from an escrow').toBe(sum(credited.map((transfer) => transfer.amountPaise)));
}

function byId(transfers: readonly Transfer[]): Transfer[] {
  return [...transfers].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function expectEscrowsMatchTheirContracts(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const escrows = new Map(escrowStates(state).map((escrowState) => [escrowState.escrow.id, escrowState]));
  for (const contract of contracts.values()) {
    if (contract.escrowId === null) continue;
    const escrowState = escrows.get(contract.escrowId);
    expect(escrowState, `escrow ${contract.escrowId} of contract ${contract.id} is known`).toBeDefined();
    expect(escrowState!.contractId, `escrow ${contract.escrowId} records the contract it funds`).toBe(contract.id);
    expect(escrowState!.escrow).toMatchObject({ jobId: contract.jobId, clientId: contract.clientId, freelancerId: contract.freelancerId });
    // Every delivery started a review round on the escrow, and every change request sent the contract back.
    if (escrowState!.resolution === null)
      expect(escrowState!.reviewRounds, `escrow ${contract.escrowId} follows deliveries`).toBe(contract.deliveries);
    expect(escrowState!.changeRequests.length, `contract ${contract.id} follows change requests`).toBe(contract.changeRequests);
  }
  for (const escrowState of escrows.values()) {
    if (escrowState.contractId === null) continue;
    expect(contracts.get(escrowState.contractId)?.escrowId, `escrow ${escrowState.escrow.id} is held by its contract`).toBe(
      escrowState.escrow.id,
    );
  }
}

function eventIndex(events: readonly StoredEvent<ContractEvent>[], matches: (event: ContractEvent) => boolean): number {
  return events.findIndex((stored) => matches(stored.event));
}

function expectResolutionsFollowTheContract(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const released = new Set<string>();
  for (const escrowState of escrowStates(state)) {
    const { resolution, escrow } = escrowState;
    if (resolution === null || resolution.kind === 'return') continue;
    // The processor may give back a payment that was never matched to a contract.
    if (resolution.contractId === null && !refundsThroughProcessor(resolution.kind)) continue;
    const contract = contracts.get(resolution.contractId ?? '');
    expect(contract, `contract of resolved escrow ${escrow.id}`).toBeDefined();
    switch (resolution.kind) {
      case 'refund':
        expect(contract!.status).toBe('Canceled');
        expect(resolution.stage).toBe(contract!.cancellation?.from);
        if (contract!.cancellation?.byRole === 'freelancer')
          expect(resolution.freelancerPayoutPaise, 'a freelancer who stopped the work gets nothing').toBe(0);
        break;
      case 'dispute': {
        const whole = resolution.freelancerPayoutPaise === escrow.freelancerEarningPaise;
        if (whole) expect(['Completed', 'Canceled']).toContain(contract!.status);
        else expect(contract!.status).toBe('Canceled');
        break;
      }
      case 'outside_refund':
      case 'chargeback':
        // The processor gave money back: the freelancer never gets more than what was left after it.
        expect(resolution.clientRefundPaise).toBeGreaterThan(0);
        if (resolution.freelancerPayoutPaise < escrow.freelancerEarningPaise) expect(contract!.status).toBe('Canceled');
        break;
      case 'release': {
        released.add(contract!.id);
        expect(contract).toMatchObject({ status: 'Completed', releaseFundStatus: 'Approved' });
        if (resolution.decidedByRole === 'system') {
          expect(resolution.decidedAt.getTime(), 'the timer releases only after the review period').toBeGreaterThanOrEqual(
            contract!.deliveredAt!.getTime(),
          );
          break;
        }
        const events = state.contracts[contract!.id]!;
        const requested = eventIndex(events, (event) => event.type === 'ReleaseRequested');
        const approved = eventIndex(events, (event) => event.type === 'ReleaseApproved');
        expect(requested, 'an admin releases only after the client requested it').toBeGreaterThanOrEqual(0);
        expect(approved).toBeGreaterThan(requested);
        break;
      }
    }
  }
  for (const contract of contracts.values()) {
    if (contract.releaseFundStatus === 'Requested') expect(['Completed', 'Canceled']).toContain(contract.status);
    if (contract.releaseFundStatus === 'Approved')
      expect(released.has(contract.id), `contract ${contract.id} approved without a release`).toBe(true);
  }
}

/** The moves the rules allow, including a change request (Completed → Ongoing) and a dispute decision ending the contract. */
const ALLOWED_MOVES = new Set([
  'Pending>Started',
  'Started>Ongoing',
  'Ongoing>Completed',
  'Completed>Ongoing',
  'Pending>Canceled',
  'Started>Canceled',
  'Ongoing>Canceled',
  'Completed>Canceled',
  'Pending>Completed',
  'Started>Completed',
]);

function expectContractPathsValid(state: ObservedState, contracts: ReadonlyMap<string, Contract>): void {
  const endedByProcessor = new Set(
    Object.entries(state.contracts).flatMap(([id, events]) =>
      events.some((stored) => stored.event.type === 'EndedByProcessor') ? [id] : [],
    ),
  );
  for (const contract of contracts.values()) {
    const statuses = contract.statusHistory.map((entry) => entry.status);
    expect(statuses[0], `contract ${contract.id} starts Pending`).toBe('Pending');
    for (let index = 1; index < statuses.length; index += 1) {
      const move = `${statuses[index - 1]!}>${statuses[index]!}`;
      expect(ALLOWED_MOVES.has(move), `contract ${contract.id} moved ${move}`).toBe(true);
    }
    // A contract the processor ended (an outside refund, a lost chargeback) records no one's cancellation.
    if (contract.status === 'Canceled' && !endedByProcessor.has(contract.id)) expect(contract.cancellation?.from).toBe(statuses.at(-2));
    if (statuses.includes('Started')) expect(contract.escrowId, `contract ${contract.id} started only once funded`).not.toBeNull();
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
    expect(job.liveHire?.contractId ?? null, `job ${jobId} is Closed exactly while it has a live contract`).toBe(
      live[0]?.contractId ?? null,
    );
    expect(job.status).toBe(live.length === 1 ? 'Closed' : 'Open');
  }
}

function expectHistoryOnlyGrows(previous: ObservedState, state: ObservedState): void {
  for (const [id, before] of Object.entries(previous.contracts)) {
    const after = state.contracts[id] ?? [];
    expect(after.slice(0, before.length), `contract ${id} stream is append-only`).toEqual(before);
    // Canceled is terminal; Completed is terminal once its escrow is resolved (before, it may go back for changes or end by a dispute).
    const contractBefore = foldContract(before.map((stored) => stored.event));
    const escrowResolved = escrowStates(previous).some((escrowState) => escrowState.contractId === id && escrowState.resolution !== null);
    if (contractBefore !== null && (contractBefore.status === 'Canceled' || (contractBefore.status === 'Completed' && escrowResolved))) {
      expect(foldContract(after.map((stored) => stored.event))?.status, `terminal contract ${id} never changes status`).toBe(
        contractBefore.status,
      );
    }
  }
  for (const [id, before] of Object.entries(previous.jobs)) {
    expect((state.jobs[id] ?? []).slice(0, before.length), `job ${id} stream is append-only`).toEqual(before);
  }
  for (const [sessionId, before] of Object.entries(previous.escrowsBySession)) {
    if (before === null) continue;
    const after = state.escrowsBySession[sessionId];
    expect(after?.state.escrow, `escrow of ${sessionId} keeps its funding`).toEqual(before.state.escrow);
    expect(after?.events.slice(0, before.events.length), `escrow ${before.state.escrow.id} stream is append-only`).toEqual(before.events);
    const transfersAfter = new Map((after?.ledger ?? []).map((transfer) => [transfer.id, transfer]));
    for (const transfer of before.ledger)
      expect(transfersAfter.get(transfer.id), `transfer ${transfer.id} stays as recorded`).toEqual(transfer);
  }
}
