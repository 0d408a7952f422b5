import { awaitsPayment, evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { decideFollowEscrow } from '../contract/contract.decide.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import { decideEscrow, type EscrowCommand } from '../escrow/escrow.decide.ts';
import { EscrowAlreadyResolved } from '../escrow/escrow.errors.ts';
import {
  evolveEscrow,
  foldEscrow,
  viewOfEscrow,
  isChargebackOpen,
  isClientRefundDue,
  isDisputeOpen,
  refundRefusalsOf,
  stripeKeyForClientRefund,
  type Escrow,
  type EscrowEvent,
  type EscrowState,
} from '../escrow/escrow.ts';
import { decideHire, evolveJob, hireOfOpenJob, type Hire, type Job, type JobEvent } from '../job/job.ts';
import type { LoadedEscrow } from '../ports/escrow-repository.port.ts';
import type { OperationSubject } from '../ports/operation-journal.port.ts';
import { PaymentGatewayError } from '../payment/payment.errors.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';
import { assert, DomainError } from '../shared/domain-error.ts';
import { processorTransfers, resolutionTransfers } from '../ledger/escrow-transfers.ts';
import type { MarketplacePolicy, MarketplacePorts } from './marketplace-ports.ts';
import { APPEND_ATTEMPTS_MAX, decideAndAppend, foldRead } from './stream-append.ts';

/** Why a payment that could not fund a contract went back whole: the client sees it. */
export const PAYMENT_RETURN_REASONS = {
  unmatched: 'The payment could not be matched to a contract that needed funding.',
  freelancer_blocked: 'The freelancer was blocked before the payment arrived.',
  not_a_freelancer: 'The person hired is not a freelancer.',
  self_hire: 'A client cannot hire themselves.',
} as const;
export type PaymentReturnReason = keyof typeof PAYMENT_RETURN_REASONS;

/**
 * The process that carries a payment through the marketplace: one payment's escrow hires the
 * freelancer, creates and funds the contract; a delivery starts the client's review period; a
 * change request sends the contract back to work; a lapsed review releases the escrow; a resolution
 * moves its money and ends the contract. Each reaction reads the streams, decides with the
 * deciders and appends; a reaction already made decides nothing. So the live path, the review timer
 * and recovery all call `advance`, in any order, any number of times, and reach the same end.
 *
 * Every append goes through `changeContract`, `changeEscrow` or `changeJob` (or `decideOnEscrow`,
 * with the caller's projection step), which also rewrite the projection: the one place where a
 * projection follows its stream. Two steps write it once for two appends: a payment's new contract
 * is projected already funded (`fundContract`), and a resolution settled without the processor is
 * projected settled (`resolve`).
 */
export class EscrowFlow {
  constructor(
    private readonly ports: MarketplacePorts,
    private readonly policy: Pick<MarketplacePolicy, 'refundSplit' | 'reviewPeriodMs'>,
  ) {}

  // ── Reading the streams ────────────────────────────────────────────────────────────────────

  // Each read is one await on the port, folded in place: an async step more per read costs a
  // measurable share of a use case in memory.

  async readContract(contractId: string): Promise<Contract | null> {
    return foldRead(await this.ports.contracts.read(contractId), evolveContract).state;
  }

  async requireContract(contractId: string): Promise<Contract> {
    const contract = foldRead(await this.ports.contracts.read(contractId), evolveContract).state;
    if (contract === null) throw new ContractNotFound(contractId);
    return contract;
  }

  async readJob(jobId: string): Promise<Job | null> {
    return foldRead(await this.ports.jobs.read(jobId), evolveJob).state;
  }

  async readEscrow(escrow: Escrow): Promise<EscrowState> {
    return foldStored({ escrow, events: await this.ports.escrows.read(escrow.id) });
  }

  /** The escrow a contract holds, folded; null when none is attached. */
  async escrowOf(contract: Contract): Promise<EscrowState | null> {
    if (contract.escrowId === null) return null;
    const loaded = await this.ports.escrows.load(contract.escrowId);
    assert(loaded !== null, 'an attached escrow exists');
    return foldStored(loaded);
  }

  // ── Appending: decide, append, project ─────────────────────────────────────────────────────

  /**
   * The caller may hand the state it holds (`known`): the first attempt then decides on it without a
   * read, and the stream's unique key catches a stale one. The projection is rewritten only when an
   * event was appended.
   */
  async changeContract(
    contractId: string,
    decide: (contract: Contract) => ContractEvent | null,
    known: Contract | null = null,
  ): Promise<Contract> {
    const { state: contract, appended } = await decideAndAppend<Contract, ContractEvent>(
      this.ports.contracts,
      contractId,
      evolveContract,
      (current) => {
        if (current === null) throw new ContractNotFound(contractId);
        return decide(current);
      },
      known,
    );
    assert(contract !== null, 'a changed contract exists');
    if (appended) await this.ports.contracts.project(contract);
    return contract;
  }

  async changeJob(jobId: string, decide: (job: Job | null) => JobEvent | null, known: Job | null = null): Promise<Job | null> {
    const { state: job, appended } = await decideAndAppend<Job, JobEvent>(this.ports.jobs, jobId, evolveJob, decide, known);
    if (appended && job !== null) await this.ports.jobs.project(job);
    return job;
  }

  /** Decides `command` (built afresh from the latest state on each attempt) and appends its event. */
  async changeEscrow(
    escrow: Escrow,
    command: (state: EscrowState) => EscrowCommand | null,
    known: EscrowState | null = null,
  ): Promise<EscrowState> {
    return (await this.decideOnEscrow(escrow, command, known)).state;
  }

  /** As changeEscrow, also telling whether this call appended (false: nothing to do, or another writer did it). */
  async decideOnEscrow(
    escrow: Escrow,
    command: (state: EscrowState) => EscrowCommand | null,
    known: EscrowState | null = null,
    project: (changed: EscrowState) => Promise<void> = (changed) => this.projectEscrow(changed),
  ): Promise<{ state: EscrowState; appended: boolean }> {
    let held = known;
    for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
      const state = held ?? (await this.readEscrow(escrow));
      held = null;
      const next = command(state);
      const event: EscrowEvent | null = next === null ? null : decideEscrow(next, state);
      if (event === null) return { state, appended: false };
      const appended = await this.ports.escrows.append(escrow.id, state.sequence, event);
      if (appended.outcome === 'sequenceTaken') continue;
      const changed = evolveEscrow(state, event);
      await project(changed);
      return { state: changed, appended: true };
    }
    throw new TooManyWriters('escrow', { escrowId: escrow.id });
  }

  /**
   * Writes the escrow's view where it is kept: in the projection of the contract it funds (for the
   * contract lists), then in its own document. In that order: the repair finds a view behind its
   * stream, and rewrites both.
   */
  async projectEscrow(state: EscrowState): Promise<void> {
    if (state.contractId !== null) await this.ports.contracts.projectEscrow(viewOfEscrow(state));
    await this.ports.escrows.project(state);
  }

  /**
   * Claims the escrow's one resolution, then settles it. One already resolved is refused, after its
   * remaining steps are finished: a retry after a crash completes the first resolution's work.
   * `known`: the escrow as the caller read it, on which the first attempt decides (the stream's
   * unique key catches a stale one); `contract`: its contract as the caller read it, saving a read
   * when the contract follows.
   */
  async resolve(known: EscrowState, command: (state: EscrowState) => EscrowCommand | null, contract?: Contract): Promise<EscrowState> {
    const { escrow } = known;
    let resolved: EscrowState;
    try {
      // A resolution that settles without the processor is projected once, settled (settle's last
      // step): two writes fewer. One that sends the client a refund is projected now, so its view
      // shows it resolved while the processor answers, or fails. A crash in between leaves the view
      // behind its stream, which the repair rewrites, and the operation open, which recovery finishes.
      const projectWhenWaiting = (changed: EscrowState) => (isClientRefundDue(changed) ? this.projectEscrow(changed) : Promise.resolve());
      let decided = await this.decideOnEscrow(escrow, command, known, projectWhenWaiting);
      // Nothing decided on the caller's state may be that state gone stale (no append checked it):
      // decide again on the stream.
      if (!decided.appended && decided.state === known) decided = await this.decideOnEscrow(escrow, command, null, projectWhenWaiting);
      resolved = decided.state;
    } catch (error) {
      if (error instanceof EscrowAlreadyResolved) await this.advance(escrow);
      throw error;
    }
    return this.advance(escrow, { state: resolved, contract });
  }

  // ── Recording an operation for recovery ────────────────────────────────────────────────────

  /**
   * Opens a journal entry for recovery, runs the operation, closes the entry. A refusal closes it
   * too: nothing is half-done after a refusal. Any other failure leaves it open for recovery, and so
   * do a payment processor failure and losing too many races, which can both come after a write.
   */
  async journaled<T>(subject: OperationSubject, operation: () => Promise<T>): Promise<T> {
    const operationId = this.ports.ids.newId();
    await this.ports.operations.open({ id: operationId, subject, openedAt: this.ports.clock.now() });
    try {
      const result = await operation();
      await this.ports.operations.close(operationId);
      return result;
    } catch (error) {
      const refused = error instanceof DomainError && !(error instanceof PaymentGatewayError) && !(error instanceof TooManyWriters);
      if (refused) await this.ports.operations.close(operationId);
      throw error;
    }
  }

  /**
   * Recovery's entry point: whatever the operation was about, advance it to where its records say,
   * then rewrite the projections it touched, since a crash between an append and its projection
   * leaves a projection behind its stream.
   */
  async advanceSubject(subject: Exclude<OperationSubject, { type: 'withdrawal' }>): Promise<void> {
    if (subject.type === 'job') {
      await this.advanceJob(subject.id);
      await this.reprojectJob(subject.id);
      return;
    }
    const escrow =
      subject.type === 'escrow'
        ? await this.ports.escrows.findById(subject.id)
        : await this.ports.escrows.findByCheckoutSession(subject.id);
    if (escrow === null) return;
    await this.projectEscrow(await this.advance(escrow));
    await this.reprojectJob(escrow.jobId);
  }

  private async reprojectJob(jobId: string): Promise<void> {
    const job = await this.readJob(jobId);
    if (job === null) return;
    await this.ports.jobs.reproject(jobId);
    for (const hire of job.hires) await this.ports.contracts.reproject(hire.contractId);
  }

  // ── The reactions ──────────────────────────────────────────────────────────────────────────

  /**
   * Brings an escrow and its contract to where their records say they should be. What the caller
   * already holds (`held`: records its own operation just read or wrote) saves reading it again. A
   * decision on a held record that appends is checked by the stream's unique key (a stale one loses
   * the sequence, and the stream is read); `settle` confirms on the stream a held contract on which
   * it would decide nothing.
   */
  async advance(escrow: Escrow, held: HeldRecords = {}): Promise<EscrowState> {
    let state = held.state ?? (await this.readEscrow(escrow));
    let contract: Contract | null = held.contract?.id === state.contractId ? held.contract : null;
    if (state.resolution === null && state.contractId === null) {
      ({ state, contract } = await this.fundContract(state, held.openJobRevision ?? null));
    }
    if (state.resolution === null && (state.outsideRefundedPaise > 0 || state.chargeback?.status === 'lost')) {
      // The processor gave the money back on its own: that resolves the escrow before anything the parties asked.
      state = await this.changeEscrow(escrow, () => ({ type: 'ResolveByProcessor', at: this.ports.clock.now() }), state);
    }
    if (state.resolution === null && state.contractId !== null) {
      ({ state, contract } = await this.followContract(state, contract ?? (await this.requireContract(state.contractId))));
    }
    if (state.resolution !== null && state.settledAt === null) return this.settle(state, contract);
    if (state.settledAt !== null) state = await this.followProcessor(state);
    if (state.contractId !== null) {
      const followed = state;
      await this.changeContract(state.contractId, (current) => decideFollowEscrow(current, followed, this.ports.clock.now()), contract);
    }
    return state;
  }

  /**
   * A hire is claimed on the job's stream before its contract exists, and a cancellation is recorded
   * on the contract before the job reopens; this completes either second step.
   */
  async advanceJob(jobId: string): Promise<Job | null> {
    const job = await this.readJob(jobId);
    if (job === null) return null;
    if (job.liveHire === null) return job;
    const contract = await this.ensureContractCreated(job, job.liveHire);
    if (contract.status !== 'Canceled') return job;
    return this.reopenJob(job, contract);
  }

  private reopenJob(job: Job, canceled: Contract): Promise<Job | null> {
    return this.changeJob(
      job.id,
      (current) =>
        current?.liveHire?.contractId === canceled.id
          ? { type: 'JobReopened', data: { contractId: canceled.id, at: this.ports.clock.now() } }
          : null,
      job,
    );
  }

  /** The contract of a hire, created if the hire is still without one: funded from its first event when its payment hired. */
  async ensureContractCreated(job: Job, hire: Hire, escrowId: string | null = null): Promise<Contract> {
    const existing = await this.readContract(hire.contractId);
    if (existing !== null) return existing;
    const { contract, created } = await this.createContract(job.id, hire, escrowId);
    if (created) await this.ports.contracts.project(contract);
    return contract;
  }

  /**
   * Appends the hire's ContractCreated without reading first: the unique key says whether it
   * existed. Not projected here: the caller projects it, once (funded, when a payment created it).
   */
  private async createContract(jobId: string, hire: Hire, escrowId: string | null): Promise<{ contract: Contract; created: boolean }> {
    const created: ContractEvent = {
      type: 'ContractCreated',
      data: {
        contractId: hire.contractId,
        jobId,
        clientId: hire.clientId,
        freelancerId: hire.freelancerId,
        amountPaise: hire.amountPaise,
        escrowId,
        at: hire.at,
      },
    };
    const appended = await this.ports.contracts.append(hire.contractId, 0, created);
    if (appended.outcome === 'sequenceTaken') return { contract: await this.requireContract(hire.contractId), created: false };
    return { contract: evolveContract(null, created), created: true };
  }

  /** The payment funds the contract it was made for, or goes back whole with the reason. */
  private async fundContract(
    state: EscrowState,
    openJobRevision: number | null,
  ): Promise<{ state: EscrowState; contract: Contract | null }> {
    // The payment is in the ledger already: the escrow's claim is its payment held (Ledger).
    const { escrow } = state;
    const matched = await this.attachEscrow(escrow, openJobRevision);
    const now = this.ports.clock.now();
    if (typeof matched === 'string') {
      const returned = await this.changeEscrow(
        escrow,
        () => ({ type: 'Return', reason: matched, reasonDescription: PAYMENT_RETURN_REASONS[matched], at: now }),
        state,
      );
      return { state: returned, contract: null };
    }
    const { contract, projected } = matched;
    const record = () => ({ type: 'RecordContract', contractId: contract.id, at: now }) as const;
    if (projected) return { state: await this.changeEscrow(escrow, record, state), contract };
    // The contract this payment just created is projected once, already funded: its projection and
    // the escrow's view in one write, then the escrow's document.
    const recorded = await this.decideOnEscrow(escrow, record, state, async (changed) => {
      await this.ports.contracts.project(contract, viewOfEscrow(changed));
      await this.ports.escrows.project(changed);
    });
    if (!recorded.appended) {
      // Another writer (recovery) funded it meanwhile, perhaps before this contract had a projection.
      await this.ports.contracts.project(contract);
      if (recorded.state.contractId !== null) await this.ports.contracts.projectEscrow(viewOfEscrow(recorded.state));
    }
    return { state: recorded.state, contract };
  }

  /** What the escrow does after its contract moved: a delivery starts a review, a refund order is carried out, a lapsed review releases. */
  private async followContract(state: EscrowState, contract: Contract): Promise<{ state: EscrowState; contract: Contract }> {
    const { escrow } = state;
    const contractId = contract.id;
    const now = this.ports.clock.now();
    const { deliveredAt } = contract;
    if (contract.status === 'Completed' && contract.deliveries > state.reviewRounds && deliveredAt !== null) {
      const endsAt = new Date(deliveredAt.getTime() + this.policy.reviewPeriodMs);
      state = await this.changeEscrow(escrow, () => ({ type: 'StartReview', round: contract.deliveries, endsAt, at: now }), state);
    }
    const refundOrder = contract.status === 'Canceled' && contract.cancellation?.forRefund === true ? contract.cancellation : null;
    const stage = refundOrder === null || refundOrder.from === 'Completed' ? null : refundOrder.from;
    if (refundOrder !== null && stage !== null && !isFrozen(state)) {
      state = await this.changeEscrow(
        escrow,
        (current) =>
          current.resolution !== null || isFrozen(current)
            ? null
            : {
                type: 'Refund',
                decidedBy: { userId: refundOrder.by, role: refundOrder.byRole },
                contractId,
                stage,
                stoppedBy: refundOrder.byRole,
                policy: this.policy.refundSplit,
                reason: refundOrder.reason,
                reasonDescription: refundOrder.description,
                at: now,
              },
        state,
      );
    }
    state = await this.changeEscrow(escrow, () => ({ type: 'ReleaseOnLapse', contractId, at: now }), state);
    return { state, contract };
  }

  /**
   * Moves the money the resolution decided, each movement under its own idempotency key, then
   * lets the contract and the job follow, and only then records the escrow settled: recovery
   * advances any escrow not yet settled, so a crash at any step is finished later.
   */
  private async settle(state: EscrowState, contract: Contract | null = null): Promise<EscrowState> {
    const { escrow, resolution } = state;
    assert(resolution !== null, 'only a resolved escrow is settled');
    if (isClientRefundDue(state)) state = await this.sendClientRefund(state);
    await this.ports.ledger.record([...resolutionTransfers(escrow, resolution), ...processorTransfers(state)]);
    if (resolution.contractId !== null) {
      const settled = state;
      const follow = (current: Contract) => decideFollowEscrow(current, settled, this.ports.clock.now());
      // A held contract decides only when it leads to an append, which the unique key checks; that
      // it needs nothing, which also decides whether the job reopens, is read from the stream.
      const known = contract?.id === resolution.contractId && follow(contract) !== null ? contract : null;
      const followed = await this.changeContract(resolution.contractId, follow, known);
      if (followed.status === 'Canceled') await this.advanceJob(followed.jobId);
    }
    return this.changeEscrow(escrow, () => ({ type: 'MarkSettled', at: this.ports.clock.now() }), state);
  }

  /**
   * The client's share, sent back through the processor under the escrow's key: the processor's
   * adapter finds a refund already made for the escrow (a retry after a crash) and makes a new one
   * only after the last one failed. One the processor refuses for good is recorded as failed.
   */
  private async sendClientRefund(state: EscrowState): Promise<EscrowState> {
    const { escrow, resolution } = state;
    assert(resolution !== null, 'only a resolved escrow refunds its client');
    const refund = await this.ports.payments.refundPayment({
      paymentIntentId: escrow.paymentIntentId,
      amountPaise: resolution.clientRefundPaise,
      idempotencyKey: stripeKeyForClientRefund(escrow.id, refundRefusalsOf(state)),
      escrowId: escrow.id,
    });
    const at = this.ports.clock.now();
    // Refused for good, it waits for an admin like a refund that failed later: retried, or settled by hand.
    if (refund.outcome === 'refused')
      return this.changeEscrow(escrow, () => ({ type: 'RecordRefundRefusal', reason: refund.reason, at }), state);
    return this.changeEscrow(escrow, () => ({ type: 'RecordClientRefund', refundId: refund.refundId, at }), state);
  }

  /**
   * A settled escrow follows what the processor did afterwards and the admin's answers: a retried
   * refund is sent, and the transfers of the processor's movements are written (none, on almost
   * every escrow: then nothing is sent to the database).
   */
  private async followProcessor(settled: EscrowState): Promise<EscrowState> {
    const state = isClientRefundDue(settled) ? await this.sendClientRefund(settled) : settled;
    const transfers = processorTransfers(state);
    if (transfers.length > 0) await this.ports.ledger.record(transfers);
    return state;
  }

  /**
   * For what happens to an escrow after its payment was matched, from outside its own steps: a
   * report of the processor's (a refund failed, a refund made outside this service, a chargeback) or
   * an admin's answer to a failed refund. The command is decided (a report already recorded decides
   * nothing, a refusal throws and changes nothing), and what follows is done, also on a repeat,
   * which finishes what a crash left of the first delivery. `ownRefundFirst`: a refunded total is
   * weighed against this service's own refund, so one a crash left unsent or unrecorded (a
   * settlement, a retry) is finished first; no other report waits on it, since a refund the
   * processor keeps refusing must not keep a chargeback or a failure from being recorded.
   */
  async decideThenFollow(
    escrow: Escrow,
    command: (state: EscrowState) => EscrowCommand | null,
    ownRefundFirst = false,
  ): Promise<{ state: EscrowState; recorded: boolean }> {
    let current = await this.readEscrow(escrow);
    if (ownRefundFirst && current.resolution !== null) {
      if (current.settledAt === null) current = await this.settle(current);
      else if (isClientRefundDue(current)) current = await this.sendClientRefund(current);
    }
    const { state, appended } = await this.decideOnEscrow(escrow, command, current);
    return { state: await this.advance(escrow, { state }), recorded: appended };
  }

  // ── Matching a payment to its contract ─────────────────────────────────────────────────────

  /**
   * Finds or makes the contract this payment funds: the payment's own proposed contract, or a live
   * contract of the same client and freelancer for the job that holds no escrow yet. Returns why
   * not when none can be (the job is unknown, someone else's, already funded, or the hire is no
   * longer allowed), and the money goes back.
   */
  private async attachEscrow(escrow: Escrow, openJobRevision: number | null): Promise<Matched | PaymentReturnReason> {
    if (openJobRevision !== null) {
      const refused = await this.hireRefusal(escrow);
      if (refused !== null) return refused;
      const hired = await this.hireOnOpenJob(escrow, openJobRevision);
      if (hired !== null) return hired;
    }
    for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
      const job = await this.jobToMatch(escrow.jobId, attempt);
      if (job?.clientId !== escrow.clientId) return 'unmatched';
      const proposed = job.hires.find((hire) => hire.contractId === escrow.proposedContractId);
      if (proposed !== undefined) {
        const contract = await this.ensureContractCreated(job, proposed, escrow.id);
        if (contract.escrowId === escrow.id) return { contract, projected: true };
        // Canceled before its payment attached: nothing was worked for, so the money goes back whole.
        if (contract.escrowId !== null || contract.status === 'Canceled') return 'unmatched';
        const attached = await this.attach(contract, escrow);
        if (attached !== null) return { contract: attached, projected: true };
        continue;
      }
      const funded = await this.contractFundedBy(job, escrow);
      if (funded !== null) return { contract: funded, projected: true };
      const refused = await this.hireRefusal(escrow);
      if (refused !== null) return refused;
      // What appends to the job is decided on its stream (the next attempt), never on its projection,
      // which a crash can leave ahead of the stream (JobRepository.projectHire).
      const fromProjection = attempt === 0;
      if (job.liveHire === null) {
        if (fromProjection) continue;
        const hired = await this.hire(job, escrow);
        if (hired !== null) return hired;
        continue;
      }
      const live = await this.ensureContractCreated(job, job.liveHire);
      if (live.status === 'Canceled') {
        if (!fromProjection) await this.reopenJob(job, live);
        continue;
      }
      if (live.escrowId === escrow.id) return { contract: live, projected: true };
      if (!awaitsPayment(live, escrow)) return 'unmatched';
      const attached = await this.attach(live, escrow);
      if (attached !== null) return { contract: attached, projected: true };
    }
    throw new TooManyWriters('job', { jobId: escrow.jobId });
  }

  /**
   * The job a payment is matched against. The first attempt takes the projection (one read by id),
   * for the answers that append nothing to the job: the client never changes, and a live hire changes
   * only once its contract, read from its stream, is Canceled. A hire or a reopening goes round
   * again, on the stream. A job without a projection is read from its stream.
   */
  private async jobToMatch(jobId: string, attempt: number): Promise<Job | null> {
    const projected = attempt === 0 ? await this.ports.jobs.findProjected(jobId) : null;
    return projected ?? this.readJob(jobId);
  }

  /** Hires for the payment's own contract, created funded; null when another writer took the job's next sequence. */
  private async hire(job: Job, escrow: Escrow): Promise<Matched | null> {
    const hire = this.hireFor(escrow);
    const hiring = decideHire(job, hire);
    const hired = await this.ports.jobs.append(job.id, job.sequence, hiring);
    if (hired.outcome === 'sequenceTaken') return null;
    await this.ports.jobs.project(evolveJob(job, hiring));
    return this.createHiredContract(job.id, hire, escrow);
  }

  /**
   * A fresh payment whose checkout saw the job Open at `revision` hires there without reading the
   * job: the job's state at a sequence never changes, and the checkout checked it is the client's.
   * No contract can hold this escrow yet (any other match needs a later event of the job), so the
   * checks of the loop below would answer nothing. Null when the job moved on (the unique key
   * refuses the append): the loop then reads it and decides again.
   */
  private async hireOnOpenJob(escrow: Escrow, revision: number): Promise<Matched | null> {
    const hire = this.hireFor(escrow);
    const hired = await this.ports.jobs.append(escrow.jobId, revision, hireOfOpenJob(hire));
    if (hired.outcome === 'sequenceTaken') return null;
    await this.ports.jobs.projectHire(escrow.jobId, revision, hire);
    return this.createHiredContract(escrow.jobId, hire, escrow);
  }

  private hireFor(escrow: Escrow): Hire {
    return {
      contractId: escrow.proposedContractId,
      clientId: escrow.clientId,
      freelancerId: escrow.freelancerId,
      amountPaise: escrow.amountPaise,
      at: this.ports.clock.now(),
    };
  }

  private async createHiredContract(jobId: string, hire: Hire, escrow: Escrow): Promise<Matched | null> {
    const { contract, created } = await this.createContract(jobId, hire, escrow.id);
    // Someone finishing the hire (recovery, a racing create-contract) may have created it unfunded: attach on the next turn.
    return contract.escrowId === escrow.id ? { contract, projected: !created } : null;
  }

  /** Attaches the escrow to a contract made without a payment; null when another writer changed the contract first. */
  private async attach(contract: Contract, escrow: Escrow): Promise<Contract | null> {
    const attach: ContractEvent = { type: 'EscrowAttached', data: { escrowId: escrow.id, at: this.ports.clock.now() } };
    const attached = await this.ports.contracts.append(contract.id, contract.sequence, attach);
    if (attached.outcome === 'sequenceTaken') return null;
    const withEscrow = evolveContract(contract, attach);
    await this.ports.contracts.project(withEscrow);
    return withEscrow;
  }

  private async contractFundedBy(job: Job, escrow: Escrow): Promise<Contract | null> {
    for (const hire of job.hires) {
      if (hire.clientId !== escrow.clientId) continue;
      const contract = await this.readContract(hire.contractId);
      if (contract?.escrowId === escrow.id) return contract;
    }
    return null;
  }

  /** Hiring is checked again when the money arrives: the freelancer may have been blocked since the checkout opened. */
  private async hireRefusal(escrow: Escrow): Promise<PaymentReturnReason | null> {
    if (escrow.freelancerId === escrow.clientId) return 'self_hire';
    const freelancer = await this.ports.users.find(escrow.freelancerId);
    if (freelancer === null) return null;
    if (freelancer.role !== 'freelancer') return 'not_a_freelancer';
    return freelancer.blocked ? 'freelancer_blocked' : null;
  }
}

/** A dispute or a chargeback holds the money where it is: a refund the contract ordered waits for it to close. */
function isFrozen(state: EscrowState): boolean {
  return isDisputeOpen(state) || isChargebackOpen(state);
}

/** What a caller of `advance` already holds, each saving a read. */
export interface HeldRecords {
  /** The escrow's state (a fresh claim has an empty stream). */
  readonly state?: EscrowState;
  /** The escrow's contract (used only when it is the contract the escrow funds). */
  readonly contract?: Contract | undefined;
  /** The job's sequence at which the checkout saw it Open, when the payment carries it: the hire is tried there without reading the job. */
  readonly openJobRevision?: number | null;
}

/** The contract a payment funds, and whether its projection was written yet (not when the payment just created it). */
interface Matched {
  readonly contract: Contract;
  readonly projected: boolean;
}

/** The escrow's state: its claim folded with its stream's events. */
function foldStored({ escrow, events }: LoadedEscrow): EscrowState {
  return foldEscrow(
    escrow,
    events.map((stored) => stored.event),
  );
}
