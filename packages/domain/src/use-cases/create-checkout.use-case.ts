import { awaitsPayment } from '../contract/contract.ts';
import { JobErrors, JobNotFound } from '../job/job.errors.ts';
import { requireJobOwner } from '../job/job.ts';
import { inrToPaise } from '../money/money.ts';
import { requireText } from '../shared/bounded-text.ts';
import { ConflictError } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { CheckoutSession } from '../ports/payment-gateway.port.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import { JOB_TITLE_LENGTH_MAX } from './post-job.use-case.ts';
import { requireHireableFreelancer } from '../application/user-checks.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

export interface CreateCheckoutCommand {
  readonly actor: Actor;
  readonly jobId: unknown;
  readonly title: unknown;
  readonly rate: unknown;
  readonly freelancerId: unknown;
}

/**
 * Opens a Stripe Checkout for hiring a freelancer on one of the client's open jobs, or for funding
 * the contract the client already made for that job with create-contract (same freelancer, same
 * amount). Nothing is recorded here: the escrow and the contract come from the payment processor's
 * word that it was paid.
 */
export class CreateCheckout {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'payments' | 'users'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: CreateCheckoutCommand): Promise<CheckoutSession> {
    requireRole(command.actor, 'client');
    const jobId = requireObjectId(command.jobId, 'jobId');
    const freelancerId = requireObjectId(command.freelancerId, 'freelancerId');
    const title = requireText(command.title, 'title', JOB_TITLE_LENGTH_MAX);
    const amountPaise = inrToPaise(command.rate, 'rate');
    await requireHireableFreelancer(this.ports.users, freelancerId);
    const job = await this.flow.advanceJob(jobId);
    if (job === null) throw new JobNotFound(jobId);
    requireJobOwner(job, command.actor);
    if (job.liveHire !== null) {
      const payment = { clientId: command.actor.userId, freelancerId, amountPaise };
      const live = await this.flow.requireContract(job.liveHire.contractId);
      if (!awaitsPayment(live, payment)) {
        throw new ConflictError(JobErrors.AlreadyHired, 'this job already has a live contract that this payment cannot fund', {
          jobId,
          contractId: live.id,
        });
      }
    }
    return this.ports.payments.createCheckoutSession({
      jobId,
      clientId: command.actor.userId,
      freelancerId,
      title,
      amountPaise,
      jobRevision: job.sequence,
      jobOpen: job.status === 'Open',
    });
  }
}
