import { awaitsPayment, evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import type { Escrow } from '../escrow/escrow.ts';
import { decideHire, evolveJob, type Hire, type Job, type JobEvent } from '../job/job.ts';
import { PaymentGatewayError } from '../payment/payment.errors.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { OperationSubject } from '../ports/operation-journal.port.ts';
import type { MarketplacePorts } from './marketplace-ports.ts';
import type { EscrowSettlement } from './escrow-settlement.ts';
import { APPEND_ATTEMPTS_MAX, decideAndAppend, readFolded } from './stream-append.ts';

/**
 * Finishes whatever an operation left half-done, judging only from the authoritative records
 * (streams, claims, journal). Every step is idempotent, so it is safe to run while the operation
 * itself is still running, any number of times, after a crash at any point.
 */
export class Reconciliation {
  constructor(
    private readonly ports: MarketplacePorts,
    private readonly settlement: EscrowSettlement,
  ) {}

  async readContract(contractId: string): Promise<Contract | null> {
    return (await readFolded<Contract, ContractEvent>(this.ports.contracts, contractId, evolveContract)).state;
  }

  async requireContract(contractId: string): Promise<Contract> {
    const contract = await this.readContract(contractId);
    if (contract === null) throw new ContractNotFound(contractId);
    return contract;
  }

  async readJob(jobId: string): Promise<Job | null> {
    return (await readFolded<Job, JobEvent>(this.ports.jobs, jobId, evolveJob)).state;
  }

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
   * Recovery's entry point: finishes the subject's work, then rewrites the projections it touched,
   * since a crash between an append and its reproject leaves a projection behind its stream.
   */
  async reconcile(subject: OperationSubject): Promise<void> {
    const jobId = await this.reconcileSubject(subject);
    if (jobId !== null) await this.reprojectJobAndContracts(jobId);
  }

  private async reconcileSubject(subject: OperationSubject): Promise<string | null> {
    switch (subject.type) {
      case 'job':
        await this.reconcileJob(subject.id);
        return subject.id;
      case 'escrow':
      case 'checkoutSession': {
        const escrow =
          subject.type === 'escrow'
            ? await this.ports.escrows.findById(subject.id)
            : await this.ports.escrows.findByCheckoutSession(subject.id);
        if (escrow === null) return null;
        await this.reconcileEscrow(escrow);
        return escrow.jobId;
      }
    }
  }

  private async reprojectJobAndContracts(jobId: string): Promise<void> {
    const job = await this.readJob(jobId);
    if (job === null) return;
    await this.ports.jobs.reproject(jobId);
    for (const hire of job.hires) await this.ports.contracts.reproject(hire.contractId);
  }

  /**
   * A hire is claimed on the job's stream before its contract exists, and a cancellation is recorded
   * on the contract before the job reopens; this completes either second step.
   */
  async reconcileJob(jobId: string): Promise<Job | null> {
    const job = await this.readJob(jobId);
    if (job === null || job.liveHire === null) return job;
    const contract = await this.ensureContractCreated(job, job.liveHire);
    if (contract.status !== 'Canceled') return job;
    const reopened = await decideAndAppend<Job, JobEvent>(this.ports.jobs, jobId, evolveJob, (current) =>
      current?.liveHire?.contractId === contract.id
        ? { type: 'JobReopened', data: { contractId: contract.id, at: this.ports.clock.now() } }
        : null,
    );
    await this.ports.jobs.reproject(jobId);
    return reopened;
  }

  async ensureContractCreated(job: Job, hire: Hire): Promise<Contract> {
    const existing = await this.readContract(hire.contractId);
    if (existing !== null) return existing;
    const created: ContractEvent = {
      type: 'ContractCreated',
      data: {
        contractId: hire.contractId, jobId: job.id, clientId: hire.clientId,
        freelancerId: hire.freelancerId, amountPaise: hire.amountPaise, at: hire.at,
      },
    };
    await this.ports.contracts.append(hire.contractId, 0, created);
    await this.ports.contracts.reproject(hire.contractId);
    return this.requireContract(hire.contractId);
  }

  /** Brings an escrow to where its records say it should be: attached, and settled if resolved. */
  async reconcileEscrow(escrow: Escrow): Promise<void> {
    await this.reconcileJob(escrow.jobId);
    const resolution = await this.ports.escrows.findResolution(escrow.id);
    if (resolution !== null) {
      await this.settlement.settle(escrow, resolution);
      return;
    }
    const contract = await this.attachEscrow(escrow);
    if (contract === null) {
      await this.settlement.claimAndSettle(escrow, this.settlement.returnWhole(escrow));
      return;
    }
    await this.ports.escrows.recordContract(escrow.id, contract.id);
    if (contract.cancellation?.forRefund) {
      await this.settlement.claimAndSettle(escrow, this.settlement.refundFor(escrow, contract, contract.cancellation.by, null, null));
    }
  }

  /**
   * Finds or makes the contract this payment funds. The payment's own proposed contract, or a live
   * contract of the same client and freelancer for the job that holds no escrow yet; null when
   * neither can be (the job is unknown, someone else's, or already funded), and the money goes back.
   */
  private async attachEscrow(escrow: Escrow): Promise<Contract | null> {
    for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
      const job = await this.reconcileJob(escrow.jobId);
      if (job === null || job.clientId !== escrow.clientId) return null;
      const funded = await this.contractFundedBy(job, escrow);
      if (funded !== null) return funded;

      const target = await this.attachTarget(job, escrow);
      if (target === 'none') return null;
      // Another delivery of this payment may have attached it since contractFundedBy looked.
      if (target !== 'hire' && target.escrowId === escrow.id) return target;
      if (target === 'hire') {
        const hire: Hire = {
          contractId: escrow.proposedContractId, clientId: escrow.clientId, freelancerId: escrow.freelancerId,
          amountPaise: escrow.amountPaise, at: this.ports.clock.now(),
        };
        const hired = await this.ports.jobs.append(job.id, job.sequence, decideHire(job, hire));
        if (hired.outcome === 'appended') await this.ports.jobs.reproject(job.id);
        continue;
      }
      const attach: ContractEvent = { type: 'EscrowAttached', data: { escrowId: escrow.id, at: this.ports.clock.now() } };
      const attached = await this.ports.contracts.append(target.id, target.sequence, attach);
      if (attached.outcome === 'appended') {
        await this.ports.contracts.reproject(target.id);
        return evolveContract(target, attach);
      }
    }
    throw new TooManyWriters('job', { jobId: escrow.jobId });
  }

  private async contractFundedBy(job: Job, escrow: Escrow): Promise<Contract | null> {
    for (const hire of job.hires) {
      if (hire.clientId !== escrow.clientId) continue;
      const contract = await this.readContract(hire.contractId);
      if (contract?.escrowId === escrow.id) return contract;
    }
    return null;
  }

  private async attachTarget(job: Job, escrow: Escrow): Promise<Contract | 'hire' | 'none'> {
    const proposed = job.hires.find((hire) => hire.contractId === escrow.proposedContractId);
    if (proposed !== undefined) {
      const contract = await this.ensureContractCreated(job, proposed);
      // Canceled before its payment attached: nothing was worked for, so the money goes back whole.
      if (contract.escrowId === escrow.id || (contract.escrowId === null && contract.status !== 'Canceled')) return contract;
      return 'none';
    }
    if (job.liveHire === null) return 'hire';
    const live = await this.requireContract(job.liveHire.contractId);
    return live.escrowId === escrow.id || awaitsPayment(live, escrow) ? live : 'none';
  }
}
