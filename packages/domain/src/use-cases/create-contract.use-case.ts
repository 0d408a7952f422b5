import type { Contract } from '../contract/contract.ts';
import { JobNotFound } from '../job/job.errors.ts';
import { decideHire, evolveJob, requireJobOwner, type Hire } from '../job/job.ts';
import { inrToPaise } from '../money/money.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import { APPEND_ATTEMPTS_MAX } from '../application/stream-append.ts';
import { requireHireableFreelancer } from '../application/user-checks.ts';

export interface CreateContractCommand {
  readonly actor: Actor;
  readonly jobId: unknown;
  readonly freelancerId: unknown;
  readonly amount: unknown;
}

/**
 * The client hires a freelancer on their open job. The hire is claimed on the job's stream first
 * (one live contract per job), then the contract is created from it.
 */
export class CreateContract {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'jobs' | 'users' | 'clock' | 'ids'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: CreateContractCommand): Promise<Contract> {
    requireRole(command.actor, 'client');
    const jobId = requireObjectId(command.jobId, 'jobId');
    const freelancerId = requireObjectId(command.freelancerId, 'freelancerId');
    const amountPaise = inrToPaise(command.amount, 'amount');
    await requireHireableFreelancer(this.ports.users, freelancerId);
    return this.flow.journaled({ type: 'job', id: jobId }, async () => {
      const hire: Hire = {
        contractId: this.ports.ids.newId(),
        clientId: command.actor.userId,
        freelancerId,
        amountPaise,
        at: this.ports.clock.now(),
      };
      for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
        const job = await this.flow.advanceJob(jobId);
        if (job === null) throw new JobNotFound(jobId);
        requireJobOwner(job, command.actor);
        const hiring = decideHire(job, hire);
        const hired = await this.ports.jobs.append(jobId, job.sequence, hiring);
        if (hired.outcome === 'sequenceTaken') continue;
        await this.ports.jobs.project(evolveJob(job, hiring));
        return this.flow.ensureContractCreated(job, hire);
      }
      throw new TooManyWriters('job', { jobId });
    });
  }
}
