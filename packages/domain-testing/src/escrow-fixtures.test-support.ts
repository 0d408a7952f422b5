import { createInMemoryPorts, type InMemoryPorts } from '@skillhouse/in-memory';
import {
  createMarketplace,
  type Actor,
  type CheckoutOutcome,
  type Contract,
  type Job,
  type Marketplace,
  type MarketplacePolicy,
  type MarketplacePorts,
  type PaymentGateway,
  type RefundRequest,
  type Transfer,
  paiseToInr,
  PLATFORM_ACCOUNTS,
  walletAccount,
} from '@skillhouse/domain';
import { RandomObjectIds } from '@skillhouse/system-clock-and-ids';
import { SteppingClock } from './stepping-clock.test-support.ts';
import { frozenPorts } from './frozen-ports.test-support.ts';

/** A 24-hex-digit id that reads as who it belongs to in a failure message. */
export function hexId(prefix: string): string {
  return prefix.padEnd(24, '0');
}

export const people = {
  client: { userId: hexId('c1'), role: 'client' },
  otherClient: { userId: hexId('c2'), role: 'client' },
  freelancer: { userId: hexId('f1'), role: 'freelancer' },
  otherFreelancer: { userId: hexId('f2'), role: 'freelancer' },
  admin: { userId: hexId('ad'), role: 'admin' },
} as const satisfies Record<string, Actor>;

/** One service over fresh in-memory adapters; the clock steps a millisecond per reading, so order is total. */
export interface World {
  readonly ports: InMemoryPorts & Pick<MarketplacePorts, 'clock' | 'ids'>;
  /** Moves only when told, so a test can let a review period lapse. */
  readonly clock: SteppingClock;
  readonly service: Marketplace;
}

export function createWorld(policy: Partial<MarketplacePolicy> = {}): World {
  const clock = new SteppingClock();
  // Frozen where records cross a port: the in-memory adapters share what they hold, so a use case must change none.
  const ports = frozenPorts({ ...createInMemoryPorts(), clock, ids: new RandomObjectIds() });
  return { ports, clock, service: createMarketplace(ports, policy) };
}

export async function postJob(world: World, actor: Actor = people.client, rate: unknown = 500): Promise<Job> {
  return world.service.postJob.execute({ actor, title: 'Logo design', description: 'A logo for a bakery', rate });
}

export interface UnfundedContract {
  readonly job: Job;
  readonly contract: Contract;
}

/** The client posts a job and creates the contract for it (₹500) without paying: Pending, no escrow behind it. */
export async function unfundedContract(world: World, freelancer: Actor = people.freelancer): Promise<UnfundedContract> {
  const job = await postJob(world);
  const contract = await world.service.createContract.execute({
    actor: people.client,
    jobId: job.id,
    freelancerId: freelancer.userId,
    amount: 500,
  });
  return { job, contract };
}

/** What Stripe reports for a checkout session, paid by default, for the given job and parties. */
export function checkoutOutcome(
  checkoutSessionId: string,
  fields: { jobId: string; clientId?: string; freelancerId?: string; amountPaidPaise?: number; paid?: boolean },
): CheckoutOutcome {
  return {
    checkoutSessionId,
    paymentIntentId: `pi_${checkoutSessionId}`,
    amountPaidPaise: fields.amountPaidPaise ?? 50_000,
    currency: 'inr',
    paid: fields.paid ?? true,
    metadata: {
      jobId: fields.jobId,
      clientId: fields.clientId ?? people.client.userId,
      freelancerId: fields.freelancerId ?? people.freelancer.userId,
    },
  };
}

export interface FundedHire {
  readonly job: Job;
  readonly contractId: string;
  readonly escrowId: string;
  readonly checkoutSessionId: string;
}

/** The client posts a job and opens a checkout to hire `freelancerId` for it; nothing is paid yet. */
export async function openCheckout(world: World, freelancerId = people.freelancer.userId, amountPaise = 50_000) {
  const job = await postJob(world);
  const session = await world.service.createCheckout.execute({
    actor: people.client,
    jobId: job.id,
    title: job.title,
    rate: paiseToInr(amountPaise),
    freelancerId,
  });
  return { job, session };
}

/** The usual path: the client posts a job, checks out for the freelancer, Stripe reports it paid. */
export async function hireThroughPayment(world: World, amountPaise = 50_000): Promise<FundedHire> {
  const { job, session } = await openCheckout(world, people.freelancer.userId, amountPaise);
  const paid = await world.service.recordPayment.execute(
    checkoutOutcome(session.sessionId, { jobId: job.id, amountPaidPaise: amountPaise }),
  );
  if (paid.outcome !== 'recorded' || paid.escrow.contractId === null) throw new Error(`payment was not recorded: ${JSON.stringify(paid)}`);
  return { job, contractId: paid.escrow.contractId, escrowId: paid.escrow.id, checkoutSessionId: session.sessionId };
}

const WORK_STEPS = ['Started', 'Ongoing', 'Completed'] as const;
export type WorkStatus = (typeof WORK_STEPS)[number];

/** The contract's freelancer moves a Pending contract forward, one step at a time, up to `to`. */
export async function advanceWork(world: World, contractId: string, to: WorkStatus): Promise<void> {
  for (const status of WORK_STEPS.slice(0, WORK_STEPS.indexOf(to) + 1)) {
    await world.service.updateContractStatus.execute({ actor: people.freelancer, contractId, status });
  }
}

/** A setup for a funded hire whose freelancer moved the work up to `to`. */
export function workedUpTo(to: WorkStatus): (world: World) => Promise<FundedHire> {
  return async (world) => {
    const hire = await hireThroughPayment(world);
    await advanceWork(world, hire.contractId, to);
    return hire;
  };
}

/** A funded contract the freelancer delivered: Completed, the client's review period running. */
export async function delivered(world: World, amountPaise = 50_000): Promise<FundedHire> {
  const hire = await hireThroughPayment(world, amountPaise);
  await advanceWork(world, hire.contractId, 'Completed');
  return hire;
}

/** A funded contract whose work is Completed and whose client has asked for the release. */
export async function releaseRequested(world: World, amountPaise = 50_000): Promise<FundedHire> {
  const hire = await hireThroughPayment(world, amountPaise);
  await advanceWork(world, hire.contractId, 'Completed');
  await world.service.requestRelease.execute({ actor: people.client, contractId: hire.contractId });
  return hire;
}

/** Where a chargeback on the hire's payment stands in Stripe's report: opened, or closed won or lost. */
export type ChargebackStep = 'opened' | 'won' | 'lost';

/** Stripe reports a chargeback `disputeId` on the hire's payment (its whole 500 INR unless told) at `step`. */
export function reportChargeback(world: World, hire: FundedHire, disputeId: string, step: ChargebackStep, amountPaise = 50_000) {
  const chargeback = { paymentIntentId: `pi_${hire.checkoutSessionId}`, disputeId, amountPaise };
  return world.service.recordProcessorReport.execute(
    step === 'opened' ? { kind: 'chargebackOpened', ...chargeback } : { kind: 'chargebackClosed', ...chargeback, won: step === 'won' },
  );
}

/** Records every refund request the world's payment gateway gets, as the processor saw it (amount, idempotency key). */
export function spyOnRefunds(world: World): RefundRequest[] {
  const requests: RefundRequest[] = [];
  const gateway: PaymentGateway = world.ports.payments;
  const original = gateway.refundPayment.bind(gateway);
  gateway.refundPayment = async (request) => {
    requests.push(request);
    return original(request);
  };
  return requests;
}

/** What a party says when opening a dispute; by default the client's usual complaint. */
export interface DisputeClaim {
  readonly reason: string;
  readonly description: string;
}

export const NOT_AS_AGREED: DisputeClaim = { reason: 'quality', description: 'Not as agreed' };

/** `opener` disputes the contract through `service`: the world's own, or a racing or intercepted process's. */
export function openDisputeThrough(service: Marketplace, opener: Actor, contractId: string, claim: DisputeClaim = NOT_AS_AGREED) {
  return service.openDispute.execute({ actor: opener, contractId, ...claim });
}

/** `opener` disputes the hire's contract: the escrow is frozen until the dispute is withdrawn or decided. */
export async function disputedBy(world: World, opener: Actor, hire: FundedHire, claim: DisputeClaim = NOT_AS_AGREED): Promise<FundedHire> {
  await openDisputeThrough(world.service, opener, hire.contractId, claim);
  return hire;
}

/** An admin's decision on a dispute: the freelancer's share in INR, whether the platform gives its fee back, and why. */
export interface DisputeDecision {
  readonly freelancerPayout: number;
  readonly refundPlatformFee?: boolean;
  readonly note: string;
}

/** The admin decides the contract's open dispute through `service`; the platform keeps its fee unless the decision says not. */
export function decideDisputeThrough(service: Marketplace, contractId: string, decision: DisputeDecision) {
  return service.decideDispute.execute({ actor: people.admin, contractId, refundPlatformFee: false, ...decision });
}

/** Puts `amountPaise` in `userId`'s wallet the simplest way: a transfer from the opening balances, under `id`. */
export function openingBalance(userId: string, amountPaise: number, at: Date, id = `opening:${userId}`): Transfer {
  return {
    id,
    debitAccount: PLATFORM_ACCOUNTS.openingBalances,
    creditAccount: walletAccount(userId),
    amountPaise,
    kind: 'opening_balance',
    escrowId: null,
    contractId: null,
    withdrawalId: null,
    externalId: null,
    description: 'Opening balance',
    at,
  };
}
