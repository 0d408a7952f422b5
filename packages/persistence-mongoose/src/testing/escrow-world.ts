import {
  createMarketplace,
  foldContract,
  foldJob,
  type Actor,
  type CheckoutOutcome,
  type Clock,
  type Contract,
  type Job,
  type Marketplace,
  type MarketplacePolicy,
  type MarketplacePorts,
} from '@skillhouse/domain';
import { openingBalance } from '@skillhouse/domain-testing';
import { InMemoryMediaStorage, InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';
import type { PersistencePorts } from '../mongoose-ports.ts';

/** The real use cases over the Mongoose ports; only the processor and media live in memory here. */
export interface EscrowWorld {
  readonly ports: MarketplacePorts & { readonly payments: InMemoryPaymentGateway };
  readonly policy: Partial<MarketplacePolicy>;
  readonly service: Marketplace;
}

/** The wall clock moved forward on demand: the review timer's tests jump past a review period. */
export class ShiftedClock implements Clock {
  private shiftMs = 0;

  now(): Date {
    return new Date(Date.now() + this.shiftMs);
  }

  advance(milliseconds: number): void {
    this.shiftMs += milliseconds;
  }
}

export interface EscrowWorldOptions {
  readonly payments?: InMemoryPaymentGateway;
  readonly clock?: Clock;
  readonly policy?: Partial<MarketplacePolicy>;
}

export function createEscrowWorld(persistence: PersistencePorts, options: EscrowWorldOptions = {}): EscrowWorld {
  const ports = {
    ...persistence,
    payments: options.payments ?? new InMemoryPaymentGateway(),
    media: new InMemoryMediaStorage(),
    clock: options.clock ?? new SystemClock(),
    ids: new RandomObjectIds(),
  };
  const policy = options.policy ?? {};
  return { ports, policy, service: createMarketplace(ports, policy) };
}

export interface Parties {
  readonly client: Actor;
  readonly freelancer: Actor;
  readonly admin: Actor;
}

/** New people for every scenario, so scenarios sharing a database never see each other's records. */
export function newParties(): Parties {
  const ids = new RandomObjectIds();
  return {
    client: { userId: ids.newId(), role: 'client' },
    freelancer: { userId: ids.newId(), role: 'freelancer' },
    admin: { userId: ids.newId(), role: 'admin' },
  };
}

/** New parties, each registered in the user directory (a payment checks the freelancer there). */
export async function registeredParties(world: EscrowWorld): Promise<Parties> {
  const parties = newParties();
  const names = { client: 'Client', freelancer: 'Freelancer', admin: 'Admin' } as const;
  for (const role of ['client', 'freelancer', 'admin'] as const) {
    await world.ports.users.register({ id: parties[role].userId, role, displayName: names[role], blocked: false });
  }
  return parties;
}

/** A new freelancer whose wallet holds `balancePaise` and whose connected payout account is paid out to. */
export async function payableFreelancer(world: EscrowWorld, balancePaise: number): Promise<Actor> {
  const { freelancer } = newParties();
  const now = new Date();
  await world.ports.payoutAccounts.claim({
    userId: freelancer.userId,
    accountId: `acct_${freelancer.userId}`,
    payoutsEnabled: true,
    createdAt: now,
    reportedAt: now,
  });
  await world.ports.ledger.record([openingBalance(freelancer.userId, balancePaise, now)]);
  return freelancer;
}

export const AMOUNT_PAISE = 50_000;

export interface Checkout {
  readonly job: Job;
  readonly outcome: CheckoutOutcome;
}

/** The client posts a job and checks out for the freelancer; `outcome` is what the processor then reports. */
export async function checkOut(world: EscrowWorld, parties: Parties): Promise<Checkout> {
  const job = await world.service.postJob.execute({
    actor: parties.client,
    title: 'Shop logo',
    description: 'A logo for a tea shop',
    rate: 500,
  });
  const session = await world.service.createCheckout.execute({
    actor: parties.client,
    jobId: job.id,
    title: job.title,
    rate: 500,
    freelancerId: parties.freelancer.userId,
  });
  const outcome: CheckoutOutcome = {
    checkoutSessionId: session.sessionId,
    paymentIntentId: `pi_${session.sessionId}`,
    amountPaidPaise: AMOUNT_PAISE,
    currency: 'inr',
    paid: true,
    metadata: world.ports.payments.metadataOf(session.sessionId),
  };
  return { job, outcome };
}

export interface FundedContract {
  readonly jobId: string;
  readonly contractId: string;
  readonly escrowId: string;
  readonly checkoutSessionId: string;
}

export async function fundContract(world: EscrowWorld, parties: Parties): Promise<FundedContract> {
  const { job, outcome } = await checkOut(world, parties);
  const paid = await world.service.recordPayment.execute(outcome);
  if (paid.outcome !== 'recorded' || paid.escrow.contractId === null)
    throw new Error(`the payment funded no contract: ${JSON.stringify(paid)}`);
  return { jobId: job.id, contractId: paid.escrow.contractId, escrowId: paid.escrow.id, checkoutSessionId: outcome.checkoutSessionId };
}

const WORK_STEPS = ['Started', 'Ongoing', 'Completed'] as const;

/** The freelancer moves the funded contract forward up to `to`. */
export async function progressTo(world: EscrowWorld, parties: Parties, contractId: string, to: (typeof WORK_STEPS)[number]): Promise<void> {
  const { freelancer } = parties;
  await world.service.acceptContract.execute({ actor: freelancer, contractId, freelancerId: freelancer.userId });
  for (const status of WORK_STEPS.slice(1, WORK_STEPS.indexOf(to) + 1)) {
    await world.service.updateContractStatus.execute({ actor: freelancer, contractId, status });
  }
}

/** Completed, and the client has asked for the release. */
export async function readyForRelease(world: EscrowWorld, parties: Parties): Promise<FundedContract> {
  const funded = await fundContract(world, parties);
  await progressTo(world, parties, funded.contractId, 'Completed');
  await world.service.requestRelease.execute({ actor: parties.client, contractId: funded.contractId });
  return funded;
}

export async function foldedContract(world: EscrowWorld, contractId: string): Promise<Contract | null> {
  return foldContract((await world.ports.contracts.read(contractId)).map(({ event }) => event));
}

export async function foldedJob(world: EscrowWorld, jobId: string): Promise<Job | null> {
  return foldJob((await world.ports.jobs.read(jobId)).map(({ event }) => event));
}

/**
 * Where the money of one escrow went. Conserved when the client's refunds at the processor, the
 * freelancer's ledger credits and the platform fee of the resolution add up to what was paid.
 */
export async function moneyOf(world: EscrowWorld, escrowId: string) {
  const view = await world.ports.escrows.view(escrowId);
  if (view === null) throw new Error(`no escrow ${escrowId}`);
  const refunds = world.ports.payments.refunds().filter((refund) => refund.escrowId === escrowId);
  const entries = (await world.ports.ledger.listByEscrow(escrowId)).filter((transfer) => transfer.kind === 'freelancer_payout');
  const creditedPaise = entries.reduce((sum, transfer) => sum + transfer.amountPaise, 0);
  const refundedPaise = refunds.reduce((sum, refund) => sum + refund.amountPaise, 0);
  const feePaise = view.resolution?.platformFeePaise ?? 0;
  return {
    paidPaise: view.amountPaise,
    status: view.status,
    refundCount: refunds.length,
    refundedPaise,
    creditCount: entries.length,
    creditedPaise,
    settledPaise: refundedPaise + creditedPaise + feePaise,
  };
}
