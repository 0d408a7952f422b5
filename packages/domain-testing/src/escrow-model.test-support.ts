import fc from 'fast-check';
import { expect } from 'vitest';
import {
  applyBasisPoints,
  checkoutMetadata,
  createMarketplace,
  DAY_MS,
  paiseToInr,
  DomainError,
  foldContract,
  foldJob,
  inrToPaise,
  walletAccount,
  isTerminal,
  type Actor,
  type CheckoutOutcome,
  type Contract,
  type EscrowView,
  type Job,
  type Marketplace,
  type MarketplacePorts,
  type ProcessorReport,
  ownRefundsStandingPaise,
  foldEscrow,
} from '@skillhouse/domain';
import type { InMemoryPaymentGateway } from '@skillhouse/in-memory';
import { hexId } from './escrow-fixtures.test-support.ts';
import type { SteppingClock } from './stepping-clock.test-support.ts';
import { expectInvariants, observeState, type GatewayRefund, type ObservedState } from './escrow-invariants.test-support.ts';

/**
 * A model-based test of the whole service: fast-check draws sequences of actions by random actors
 * (the parties, an admin, strangers, impostors), many of them in the wrong state, and after every
 * step the invariants of escrow-invariants are checked against what the ports hold. The model only
 * remembers which ids exist; what must be true is read back from the records. Everything goes
 * through port methods, so the same model runs against any adapter set.
 */
export type ModelPorts = MarketplacePorts & {
  readonly clock: SteppingClock;
  /** The processor in memory, which can be told a refund failed later, as Stripe reports one. */
  readonly payments: InMemoryPaymentGateway;
  cleanup?: () => Promise<void>;
};

export interface EscrowModel {
  readonly jobIds: string[];
  readonly contractIds: string[];
  readonly sessions: CheckoutOutcome[];
  readonly forgedSessionIds: string[];
}

export interface EscrowSystem {
  readonly ports: MarketplacePorts;
  readonly processor: InMemoryPaymentGateway;
  /** Moves only when told: a command lets review periods lapse. */
  readonly clock: SteppingClock;
  readonly service: Marketplace;
  readonly gatewayRefunds: GatewayRefund[];
  /** The metadata each checkout session carries, as the processor hands it back with the payment. */
  readonly sessionMetadata: Map<string, Readonly<Record<string, string>>>;
  /** How often each action succeeded or was refused (by code), to show the runs went deep. */
  readonly tally: Map<string, number>;
  previous: ObservedState | null;
}

type EscrowCommand = fc.AsyncCommand<EscrowModel, EscrowSystem>;

const CLIENT_IDS = [hexId('c1'), hexId('c2')];
const FREELANCER_IDS = [hexId('f1'), hexId('f2')];
const BLOCKED_FREELANCER_ID = hexId('fb');
/** Signed up elsewhere: the directory has never seen them, and they may still be hired. */
const UNKNOWN_FREELANCER_ID = hexId('f9');
const ADMIN_ID = hexId('ad');
const USER_IDS = [...CLIENT_IDS, ...FREELANCER_IDS, BLOCKED_FREELANCER_ID, UNKNOWN_FREELANCER_ID, ADMIN_ID];

/** A negative pick is the latest item: most actions follow up on what was just made. */
function choose<T>(items: readonly T[], pick: number): T {
  const item = pick < 0 ? items.at(-1) : items[pick % items.length];
  if (item === undefined) throw new Error('choose from an empty list');
  return item;
}

async function startSystem(ports: ModelPorts, tally: Map<string, number>): Promise<EscrowSystem> {
  for (const id of CLIENT_IDS) await ports.users.save({ id, role: 'client', displayName: `client ${id}`, blocked: false });
  for (const id of FREELANCER_IDS) await ports.users.save({ id, role: 'freelancer', displayName: `freelancer ${id}`, blocked: false });
  await ports.users.save({ id: BLOCKED_FREELANCER_ID, role: 'freelancer', displayName: 'blocked freelancer', blocked: true });
  await ports.users.save({ id: ADMIN_ID, role: 'admin', displayName: 'admin', blocked: false });
  // The first freelancer can be paid out; the second connected an account whose onboarding never finished.
  const [payable, unfinished] = FREELANCER_IDS;
  for (const userId of [payable, unfinished]) {
    if (userId === undefined) continue;
    const { account } = await createMarketplace(ports).connectPayoutAccount.execute({ actor: { userId, role: 'freelancer' } });
    if (userId === payable) {
      await ports.payoutAccounts.recordPayoutsEnabled(account.accountId ?? '', true, ports.clock.now());
    }
  }
  const gatewayRefunds: GatewayRefund[] = [];
  const sessionMetadata = new Map<string, Readonly<Record<string, string>>>();
  const { payments } = ports;
  const recorded: MarketplacePorts = {
    ...ports,
    payments: {
      createCheckoutSession: async (request) => {
        const session = await payments.createCheckoutSession(request);
        sessionMetadata.set(session.sessionId, checkoutMetadata(request));
        return session;
      },
      refundPayment: async (request) => {
        const result = await payments.refundPayment(request);
        if (result.outcome === 'sent')
          gatewayRefunds.push({ escrowId: request.escrowId, refundId: result.refundId, amountPaise: request.amountPaise });
        return result;
      },
      createPayoutAccount: (request) => payments.createPayoutAccount(request),
      createOnboardingLink: (accountId) => payments.createOnboardingLink(accountId),
      sendPayout: (request) => payments.sendPayout(request),
      paymentRecord: (paymentIntentId) => payments.paymentRecord(paymentIntentId),
      payoutRecords: (withdrawalId) => payments.payoutRecords(withdrawalId),
    },
  };
  return {
    ports: recorded,
    processor: ports.payments,
    clock: ports.clock,
    service: createMarketplace(recorded),
    gatewayRefunds,
    sessionMetadata,
    tally,
    previous: null,
  };
}

function observe(model: EscrowModel, system: EscrowSystem): Promise<ObservedState> {
  return observeState(
    system.ports,
    {
      jobIds: model.jobIds,
      contractIds: model.contractIds,
      checkoutSessionIds: [...model.sessions.map((session) => session.checkoutSessionId), ...model.forgedSessionIds],
      userIds: USER_IDS,
    },
    () => system.gatewayRefunds,
  );
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

/** Runs one action; a refusal must be a DomainError and must leave every record as it was. */
async function attempt<T>(model: EscrowModel, system: EscrowSystem, label: string, action: () => Promise<T>): Promise<Attempt<T>> {
  const before = await observe(model, system);
  try {
    const value = await action();
    count(system.tally, `${label}: done`);
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    count(system.tally, `${label}: ${error.code}`);
    expect(await observe(model, system), `refused with ${error.code}, yet the records changed`).toEqual(before);
    return { ok: false, error };
  }
}

function count(tally: Map<string, number>, key: string): void {
  tally.set(key, (tally.get(key) ?? 0) + 1);
}

async function checkStep(model: EscrowModel, system: EscrowSystem): Promise<void> {
  const state = await observe(model, system);
  expectInvariants(state, system.previous);
  system.previous = state;
}

function remember(ids: string[], id: string | null): void {
  if (id !== null && !ids.includes(id)) ids.push(id);
}

async function readContract(system: EscrowSystem, contractId: string): Promise<Contract> {
  const contract = foldContract((await system.ports.contracts.read(contractId)).map((stored) => stored.event));
  expect(contract, `contract ${contractId} the model remembers`).not.toBeNull();
  return contract!;
}

async function readJob(system: EscrowSystem, jobId: string): Promise<Job> {
  const job = foldJob((await system.ports.jobs.read(jobId)).map((stored) => stored.event));
  expect(job, `job ${jobId} the model remembers`).not.toBeNull();
  return job!;
}

type ContractRole = 'client' | 'freelancer' | 'admin' | 'otherClient' | 'otherFreelancer' | 'impostor';
type JobRole = 'owner' | 'otherClient' | 'freelancer' | 'admin';

const CONTRACT_ROLES: readonly ContractRole[] = ['client', 'freelancer', 'admin', 'otherClient', 'otherFreelancer', 'impostor'];

/** Mostly the actor the action is meant for, so runs get deep; anyone else often enough to be refused. */
function contractRoleArb(...meantFor: ContractRole[]): fc.Arbitrary<ContractRole> {
  return fc.oneof({ arbitrary: fc.constantFrom(...meantFor), weight: 5 }, { arbitrary: fc.constantFrom(...CONTRACT_ROLES), weight: 1 });
}

const jobRoleArb: fc.Arbitrary<JobRole> = fc.oneof(
  { arbitrary: fc.constant('owner' as const), weight: 8 },
  { arbitrary: fc.constantFrom('otherClient' as const, 'freelancer' as const, 'admin' as const), weight: 1 },
);

function contractActor(role: ContractRole, contract: Contract): Actor {
  switch (role) {
    case 'client':
      return { userId: contract.clientId, role: 'client' };
    case 'freelancer':
      return { userId: contract.freelancerId, role: 'freelancer' };
    case 'admin':
      return { userId: ADMIN_ID, role: 'admin' };
    case 'otherClient':
      return { userId: CLIENT_IDS.find((id) => id !== contract.clientId)!, role: 'client' };
    case 'otherFreelancer':
      return { userId: FREELANCER_IDS.find((id) => id !== contract.freelancerId)!, role: 'freelancer' };
    case 'impostor':
      return { userId: contract.freelancerId, role: 'client' };
  }
}

function jobActor(role: JobRole, job: Job): Actor {
  switch (role) {
    case 'owner':
      return { userId: job.clientId, role: 'client' };
    case 'otherClient':
      return { userId: CLIENT_IDS.find((id) => id !== job.clientId)!, role: 'client' };
    case 'freelancer':
      return { userId: FREELANCER_IDS[0]!, role: 'freelancer' };
    case 'admin':
      return { userId: ADMIN_ID, role: 'admin' };
  }
}

const hiredIdArb = fc.oneof(
  { arbitrary: fc.constantFrom(...FREELANCER_IDS), weight: 8 },
  { arbitrary: fc.constantFrom(BLOCKED_FREELANCER_ID, UNKNOWN_FREELANCER_ID, CLIENT_IDS[0]!), weight: 1 },
);

/** INR as the API receives it: mostly valid, sometimes not a chargeable amount at all. */
const inrArb: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 20_000 }), weight: 8 },
  { arbitrary: fc.constantFrom<unknown>(0, -5, 0.001, 1e7, 'abc', 12.5, '99.99', Number.NaN), weight: 1 },
);

class PostJobCommand implements EscrowCommand {
  constructor(
    readonly actor: Actor,
    readonly rate: unknown,
  ) {}
  check = () => true;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const posted = await attempt(model, system, 'postJob', () =>
      system.service.postJob.execute({ actor: this.actor, title: 'Job', description: 'Work', rate: this.rate }),
    );
    if (posted.ok) remember(model.jobIds, posted.value.id);
    await checkStep(model, system);
  }
  toString = () => `postJob(${this.actor.role} ${this.actor.userId}, rate ${String(this.rate)})`;
}

class CreateContractCommand implements EscrowCommand {
  constructor(
    readonly jobPick: number,
    readonly role: JobRole,
    readonly freelancerId: string,
    readonly amount: unknown,
  ) {}
  check = (model: Readonly<EscrowModel>) => model.jobIds.length > 0;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const job = await readJob(system, choose(model.jobIds, this.jobPick));
    const created = await attempt(model, system, 'createContract', () =>
      system.service.createContract.execute({
        actor: jobActor(this.role, job),
        jobId: job.id,
        freelancerId: this.freelancerId,
        amount: this.amount,
      }),
    );
    if (created.ok) {
      expect(created.value).toMatchObject({ status: 'Pending', jobId: job.id, freelancerId: this.freelancerId, escrowId: null });
      remember(model.contractIds, created.value.id);
    }
    await checkStep(model, system);
  }
  toString = () => `createContract(job#${this.jobPick} by ${this.role}, freelancer ${this.freelancerId}, ${String(this.amount)})`;
}

class OpenCheckoutCommand implements EscrowCommand {
  constructor(
    readonly jobPick: number,
    readonly role: JobRole,
    readonly freelancerId: string,
    readonly rate: unknown,
    readonly paidPaise: number | null,
  ) {}
  check = (model: Readonly<EscrowModel>) => model.jobIds.length > 0;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const job = await readJob(system, choose(model.jobIds, this.jobPick));
    const actor = jobActor(this.role, job);
    const opened = await attempt(model, system, 'createCheckout', () =>
      system.service.createCheckout.execute({ actor, jobId: job.id, title: job.title, rate: this.rate, freelancerId: this.freelancerId }),
    );
    if (opened.ok && !model.sessions.some((session) => session.checkoutSessionId === opened.value.sessionId)) {
      model.sessions.push({
        checkoutSessionId: opened.value.sessionId,
        paymentIntentId: `pi_${opened.value.sessionId}`,
        amountPaidPaise: this.paidPaise ?? inrToPaise(this.rate, 'rate'),
        currency: 'inr',
        paid: false,
        metadata: system.sessionMetadata.get(opened.value.sessionId) ?? {},
      });
    }
    await checkStep(model, system);
  }
  toString = () =>
    `openCheckout(job#${this.jobPick} by ${this.role}, freelancer ${this.freelancerId}, rate ${String(this.rate)}, pays ${this.paidPaise ?? 'the rate'})`;
}

/** Stripe delivering a session's event: again and again, late, unpaid, in any order. */
class DeliverPaymentCommand implements EscrowCommand {
  constructor(
    readonly sessionPick: number,
    readonly paid: boolean,
    readonly deliveries: number,
  ) {}
  check = (model: Readonly<EscrowModel>) => model.sessions.length > 0;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const session = { ...choose(model.sessions, this.sessionPick), paid: this.paid };
    for (let delivery = 0; delivery < this.deliveries; delivery += 1) {
      const recorded = await attempt(model, system, 'recordPayment', () => system.service.recordPayment.execute(session));
      expect(recorded.ok, 'a verified checkout event is never refused').toBe(true);
      if (!recorded.ok) return;
      expect(recorded.value.outcome).toBe(this.paid ? 'recorded' : 'ignored');
      if (recorded.value.outcome === 'recorded') {
        remember(model.contractIds, recorded.value.escrow.contractId);
        if (recorded.value.escrow.resolution?.kind === 'return') count(system.tally, 'recordPayment: returned whole');
      }
      await checkStep(model, system);
    }
  }
  toString = () => `deliverPayment(session#${this.sessionPick}, paid ${String(this.paid)}, ×${this.deliveries})`;
}

const FORGERIES: readonly ((outcome: CheckoutOutcome) => CheckoutOutcome)[] = [
  (outcome) => ({ ...outcome, metadata: { ...outcome.metadata, jobId: undefined } }),
  (outcome) => ({ ...outcome, metadata: { ...outcome.metadata, freelancerId: 'not-an-id' } }),
  (outcome) => ({ ...outcome, currency: 'usd' }),
  (outcome) => ({ ...outcome, paymentIntentId: null }),
  (outcome) => ({ ...outcome, amountPaidPaise: 0 }),
];

class DeliverUnusableCheckoutCommand implements EscrowCommand {
  constructor(
    readonly jobPick: number,
    readonly forgery: number,
  ) {}
  check = (model: Readonly<EscrowModel>) => model.jobIds.length > 0;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const sessionId = `cs_unusable_${model.forgedSessionIds.length}`;
    model.forgedSessionIds.push(sessionId);
    const outcome = choose(
      FORGERIES,
      this.forgery,
    )({
      checkoutSessionId: sessionId,
      paymentIntentId: `pi_${sessionId}`,
      amountPaidPaise: 10_000,
      currency: 'inr',
      paid: true,
      metadata: { jobId: choose(model.jobIds, this.jobPick), clientId: CLIENT_IDS[0], freelancerId: FREELANCER_IDS[0] },
    });
    const recorded = await attempt(model, system, 'recordUnusablePayment', () => system.service.recordPayment.execute(outcome));
    expect(recorded.ok ? 'recorded' : recorded.error.code).toBe('PAYMENT.UNUSABLE_CHECKOUT');
    await checkStep(model, system);
  }
  toString = () => `deliverUnusableCheckout(job#${this.jobPick}, forgery ${this.forgery % FORGERIES.length})`;
}

/** A contract pick meaning "the latest contract this action could succeed on", so runs reach deep states. */
const FITTING_CONTRACT = -2;

/** An action on one remembered contract by an actor chosen relative to it. */
abstract class ContractCommand implements EscrowCommand {
  constructor(
    readonly contractPick: number,
    readonly role: ContractRole,
  ) {}
  check = (model: Readonly<EscrowModel>) => model.contractIds.length > 0;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const contract =
      this.contractPick === FITTING_CONTRACT
        ? await this.fittingContract(model, system)
        : await readContract(system, choose(model.contractIds, this.contractPick));
    await this.act(model, system, contract, contractActor(this.role, contract));
    await checkStep(model, system);
  }
  private async fittingContract(model: EscrowModel, system: EscrowSystem): Promise<Contract> {
    const contracts = await Promise.all(model.contractIds.map((id) => readContract(system, id)));
    const escrows = await Promise.all(
      contracts.map((contract) => (contract.escrowId === null ? Promise.resolve(null) : system.ports.escrows.view(contract.escrowId))),
    );
    return contracts.findLast((contract, index) => this.fits(contract, escrows[index] ?? null)) ?? contracts.at(-1)!;
  }
  protected abstract fits(contract: Contract, escrow: EscrowView | null): boolean;
  protected abstract act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void>;
  abstract name(): string;
  toString = () => `${this.name()}(contract#${this.contractPick === FITTING_CONTRACT ? 'fitting' : this.contractPick} by ${this.role})`;
}

class AcceptCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly pathNamesCaller: boolean,
  ) {
    super(contractPick, role);
  }
  protected fits = (contract: Contract) => contract.status === 'Pending';
  name = () => `accept[path ${this.pathNamesCaller ? 'caller' : 'contract freelancer'}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const freelancerId = this.pathNamesCaller ? actor.userId : contract.freelancerId;
    const accepted = await attempt(model, system, 'accept', () =>
      system.service.acceptContract.execute({ actor, contractId: contract.id, freelancerId }),
    );
    if (accepted.ok) expect(accepted.value.status).toBe('Started');
  }
}

const NEXT_STATUS: Partial<Record<string, string>> = { Pending: 'Started', Started: 'Ongoing', Ongoing: 'Completed' };

/** Any status at all, or 'next': the one a freelancer moving the work forward would send. */
class UpdateStatusCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly status: string,
  ) {
    super(contractPick, role);
  }
  protected fits = (contract: Contract) => !isTerminal(contract.status) && contract.escrowId !== null;
  name = () => `updateStatus[${this.status}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const status = this.status === 'next' ? (NEXT_STATUS[contract.status] ?? 'Completed') : this.status;
    const updated = await attempt(model, system, `updateStatus ${status}`, () =>
      system.service.updateContractStatus.execute({ actor, contractId: contract.id, status }),
    );
    if (updated.ok) expect(updated.value.status).toBe(status);
  }
}

class CancelCommand extends ContractCommand {
  protected fits = (contract: Contract) => !isTerminal(contract.status);
  name = () => 'cancel';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const canceled = await attempt(model, system, 'cancel', () =>
      system.service.cancelContract.execute({ actor, contractId: contract.id, reason: 'changed plans' }),
    );
    if (canceled.ok)
      expect(canceled.value.cancellation).toMatchObject({ by: actor.userId, from: contract.status, reason: 'changed plans' });
  }
}

class RequestReleaseCommand extends ContractCommand {
  protected fits = (contract: Contract) =>
    contract.status === 'Completed' && contract.escrowId !== null && contract.releaseFundStatus === 'NotRequested';
  name = () => 'requestRelease';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const requested = await attempt(model, system, 'requestRelease', () =>
      system.service.requestRelease.execute({ actor, contractId: contract.id }),
    );
    if (requested.ok) expect(requested.value.releaseFundStatus).toBe('Requested');
  }
}

class ReleaseCommand extends ContractCommand {
  protected fits = (contract: Contract) => contract.releaseFundStatus === 'Requested';
  name = () => 'release';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const released = await attempt(model, system, 'release', () =>
      system.service.releaseEscrow.execute({ actor, contractId: contract.id }),
    );
    if (released.ok) expect(released.value).toMatchObject({ status: 'released', contractId: contract.id });
  }
}

class RefundCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly pathNamesCaller: boolean,
  ) {
    super(contractPick, role);
  }
  protected fits = (contract: Contract) => contract.escrowId !== null && contract.status !== 'Completed';
  name = () => `refund[path ${this.pathNamesCaller ? 'caller' : 'contract client'}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const clientId = this.pathNamesCaller ? actor.userId : contract.clientId;
    const refunded = await attempt(model, system, 'refund', () =>
      system.service.refundEscrow.execute({ actor, contractId: contract.id, clientId, cancelReason: 'not delivered' }),
    );
    if (refunded.ok) expect(refunded.value).toMatchObject({ status: 'refunded', contractId: contract.id });
  }
}

class ReviewCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly rating: number,
    readonly namesContractFreelancer: boolean,
  ) {
    super(contractPick, role);
  }
  protected fits = (contract: Contract) => contract.status === 'Completed';
  name = () => `review[rating ${this.rating}, ${this.namesContractFreelancer ? 'its' : 'another'} freelancer]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const freelancerId = this.namesContractFreelancer ? contract.freelancerId : FREELANCER_IDS.find((id) => id !== contract.freelancerId)!;
    await attempt(model, system, 'review', () =>
      system.service.rateFreelancer.execute({
        actor,
        clientId: actor.userId,
        freelancerId,
        contractId: contract.id,
        rating: this.rating,
        description: 'Good work',
      }),
    );
  }
}

/** The client sends a delivery back during its review period. */
class RequestChangesCommand extends ContractCommand {
  protected fits = (contract: Contract) => contract.status === 'Completed' && contract.releaseFundStatus === 'NotRequested';
  name = () => 'requestChanges';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const changed = await attempt(model, system, 'requestChanges', () =>
      system.service.requestChanges.execute({ actor, contractId: contract.id, note: 'Please fix the colours' }),
    );
    if (changed.ok) expect(changed.value).toMatchObject({ status: 'Ongoing', changeRequests: contract.changeRequests + 1 });
  }
}

const DISPUTE_REASON_PICKS = ['quality', 'not_delivered', 'scope', 'bogus'] as const;

const disputeOpen = (escrow: EscrowView | null) => escrow?.dispute?.status === 'open';

class OpenDisputeCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly reason: (typeof DISPUTE_REASON_PICKS)[number],
  ) {
    super(contractPick, role);
  }
  protected fits = (_contract: Contract, escrow: EscrowView | null) =>
    escrow !== null && escrow.resolution === null && !disputeOpen(escrow);
  name = () => `openDispute[${this.reason}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const opened = await attempt(model, system, 'openDispute', () =>
      system.service.openDispute.execute({
        actor,
        contractId: contract.id,
        reason: this.reason,
        description: 'We disagree about the work',
      }),
    );
    if (opened.ok) expect(opened.value).toMatchObject({ status: 'open', openedBy: actor.userId, reason: this.reason });
  }
}

class AddStatementCommand extends ContractCommand {
  protected fits = (_contract: Contract, escrow: EscrowView | null) => disputeOpen(escrow);
  name = () => 'addDisputeStatement';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const added = await attempt(model, system, 'addDisputeStatement', () =>
      system.service.addDisputeStatement.execute({
        actor,
        contractId: contract.id,
        text: 'Here is what happened',
        mediaUrls: ['https://media.example/proof.png'],
      }),
    );
    if (added.ok) expect(added.value.statements.at(-1)).toMatchObject({ by: actor.userId, text: 'Here is what happened' });
  }
}

class WithdrawDisputeCommand extends ContractCommand {
  protected fits = (_contract: Contract, escrow: EscrowView | null) => disputeOpen(escrow);
  name = () => 'withdrawDispute';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const withdrawn = await attempt(model, system, 'withdrawDispute', () =>
      system.service.withdrawDispute.execute({ actor, contractId: contract.id }),
    );
    if (withdrawn.ok) expect(withdrawn.value).toMatchObject({ status: 'withdrawn', openedBy: actor.userId });
  }
}

/** The admin's decision: the freelancer's share in INR, mostly valid, sometimes over the earning or malformed. */
class DecideDisputeCommand extends ContractCommand {
  constructor(
    contractPick: number,
    role: ContractRole,
    readonly shareBps: number,
    readonly refundPlatformFee: boolean,
    readonly malformed: number | string | undefined,
  ) {
    super(contractPick, role);
  }
  protected fits = (_contract: Contract, escrow: EscrowView | null) => disputeOpen(escrow);
  name = () =>
    `decideDispute[${this.malformed === undefined ? `${this.shareBps} bps` : String(this.malformed)}, fee ${this.refundPlatformFee ? 'back' : 'kept'}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    // Without an escrow the decision is refused anyway; the contract's amount stands in for the earning.
    const escrow = contract.escrowId === null ? null : await system.ports.escrows.view(contract.escrowId);
    const payoutPaise = applyBasisPoints(escrow?.freelancerEarningPaise ?? contract.amountPaise, this.shareBps);
    const freelancerPayout = this.malformed ?? paiseToInr(payoutPaise);
    const decided = await attempt(model, system, 'decideDispute', () =>
      system.service.decideDispute.execute({
        actor,
        contractId: contract.id,
        freelancerPayout,
        refundPlatformFee: this.refundPlatformFee,
        note: 'Decided on the statements',
      }),
    );
    if (decided.ok) expect(decided.value.resolution).toMatchObject({ kind: 'dispute', decidedBy: actor.userId });
  }
}

// ── The processor's own reports: each delivered again, some out of order, never refused ──

async function deliverReport(model: EscrowModel, system: EscrowSystem, label: string, report: ProcessorReport): Promise<void> {
  const delivered = await attempt(model, system, label, () => system.service.recordProcessorReport.execute(report));
  expect(delivered.ok, 'a report of the processor is never refused').toBe(true);
  if (delivered.ok) {
    expect(delivered.value, 'the payment is one of ours').not.toBeNull();
    count(system.tally, `${label}: ${delivered.value?.recorded === true ? 'recorded' : 'nothing new'}`);
  }
}

async function escrowStateOf(system: EscrowSystem, escrowId: string) {
  const escrow = await system.ports.escrows.findById(escrowId);
  expect(escrow).not.toBeNull();
  return foldEscrow(
    escrow!,
    (await system.ports.escrows.read(escrowId)).map((stored) => stored.event),
  );
}

/** Stripe reports the client's standing refund failed (`refund.failed`), once or twice. */
class RefundFailsCommand extends ContractCommand {
  constructor(
    contractPick: number,
    readonly deliveries: number,
  ) {
    super(contractPick, 'admin');
  }
  protected fits = (_contract: Contract, escrow: EscrowView | null) => escrow?.clientRefundId != null && escrow.refundFailure === null;
  name = () => `refundFails[×${this.deliveries}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract): Promise<void> {
    const escrow = contract.escrowId === null ? null : await system.ports.escrows.view(contract.escrowId);
    if (escrow?.clientRefundId == null) return;
    system.processor.failStandingRefund(escrow.clientRefundId);
    for (let delivery = 0; delivery < this.deliveries; delivery += 1) {
      await deliverReport(model, system, 'refundFailed', {
        kind: 'refundFailed',
        refundId: escrow.clientRefundId,
        escrowId: escrow.id,
        paymentIntentId: escrow.paymentIntentId,
        reason: 'expired_or_canceled_card',
        reportedAt: system.clock.now(),
      });
    }
  }
}

class RetryRefundCommand extends ContractCommand {
  protected fits = (_contract: Contract, escrow: EscrowView | null) => escrow?.refundFailure != null;
  name = () => 'retryRefund';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const retried = await attempt(model, system, 'retryRefund', () =>
      system.service.retryClientRefund.execute({ actor, contractId: contract.id }),
    );
    if (retried.ok) expect(retried.value).toMatchObject({ refundFailure: null, clientRefundId: expect.any(String) });
  }
}

class SettleRefundByHandCommand extends ContractCommand {
  protected fits = (_contract: Contract, escrow: EscrowView | null) => escrow?.refundFailure != null;
  name = () => 'settleRefundByHand';
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract, actor: Actor): Promise<void> {
    const settled = await attempt(model, system, 'settleRefundByHand', () =>
      system.service.settleRefundByHand.execute({ actor, contractId: contract.id, note: 'Paid by bank transfer' }),
    );
    if (settled.ok) expect(settled.value).toMatchObject({ refundFailure: null, refundSettledByHand: { by: actor.userId } });
  }
}

/**
 * A refund made in Stripe's Dashboard (`charge.refunded`, carrying the payment's running total of
 * refunds): a share of what is left, sometimes followed by an older, smaller total delivered late.
 */
class OutsideRefundCommand extends ContractCommand {
  constructor(
    contractPick: number,
    readonly shareBps: number,
    readonly staleAfter: boolean,
  ) {
    super(contractPick, 'admin');
  }
  protected fits = (_contract: Contract, escrow: EscrowView | null) => escrow !== null;
  name = () => `outsideRefund[${this.shareBps} bps${this.staleAfter ? ', then a stale report' : ''}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract): Promise<void> {
    if (contract.escrowId === null) return;
    const state = await escrowStateOf(system, contract.escrowId);
    const known = ownRefundsStandingPaise(state) + state.outsideRefundedPaise;
    // Nothing left on the charge (a retried refund after a Dashboard refund of it all, which this
    // model's processor accepts where Stripe would refuse it): Stripe cannot refund more.
    if (known >= state.escrow.amountPaise) return;
    const outside = applyBasisPoints(state.escrow.amountPaise - known, this.shareBps);
    const report = (refundedTotalPaise: number): ProcessorReport => ({
      kind: 'paymentRefunded',
      paymentIntentId: state.escrow.paymentIntentId,
      refundedTotalPaise,
      reportedAt: system.clock.now(),
    });
    await deliverReport(model, system, 'outsideRefund', report(known + outside));
    if (this.staleAfter) await deliverReport(model, system, 'outsideRefund', report(known));
  }
}

/** A chargeback: opened, then closed won or lost; sometimes the close comes first, and each may come twice. */
class ChargebackCommand extends ContractCommand {
  constructor(
    contractPick: number,
    readonly step: 'open' | 'won' | 'lost',
    readonly shareBps: number,
    readonly twice: boolean,
  ) {
    super(contractPick, 'admin');
  }
  protected fits = (_contract: Contract, escrow: EscrowView | null) =>
    escrow !== null &&
    (this.step === 'open' ? escrow.chargeback === null : escrow.chargeback?.status !== 'won' && escrow.chargeback?.status !== 'lost');
  name = () => `chargeback[${this.step}, ${this.shareBps} bps${this.twice ? ', twice' : ''}]`;
  protected async act(model: EscrowModel, system: EscrowSystem, contract: Contract): Promise<void> {
    if (contract.escrowId === null) return;
    const state = await escrowStateOf(system, contract.escrowId);
    const common = {
      paymentIntentId: state.escrow.paymentIntentId,
      disputeId: `du_${state.escrow.id}`,
      amountPaise: state.chargeback?.amountPaise ?? Math.max(1, applyBasisPoints(state.escrow.amountPaise, this.shareBps)),
    };
    const report: ProcessorReport =
      this.step === 'open' ? { kind: 'chargebackOpened', ...common } : { kind: 'chargebackClosed', ...common, won: this.step === 'won' };
    for (let delivery = 0; delivery < (this.twice ? 2 : 1); delivery += 1)
      await deliverReport(model, system, `chargeback ${this.step}`, report);
  }
}

/**
 * A freelancer withdraws all, half, or more than the wallet holds (the first freelancer's payout
 * account is enabled, the second's never is): a withdrawal pays out at once, the wallet goes down by
 * it and never below zero; a refusal moves nothing.
 */
class WithdrawCommand implements EscrowCommand {
  constructor(
    readonly freelancer: number,
    readonly share: 'all' | 'half' | 'over',
  ) {}
  check = () => true;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const actor: Actor = { userId: FREELANCER_IDS[this.freelancer] ?? '', role: 'freelancer' };
    const account = walletAccount(actor.userId);
    const { balancePaise } = await system.ports.ledger.positionOf(account);
    const amountPaise = this.share === 'all' ? balancePaise : this.share === 'half' ? Math.floor(balancePaise / 2) : balancePaise + 100;
    const withdrawn = await attempt(model, system, 'withdraw', () =>
      system.service.withdraw.execute({ actor, amount: paiseToInr(amountPaise) }),
    );
    if (withdrawn.ok) {
      expect(withdrawn.value).toMatchObject({ status: 'paid_out', amountPaise });
      await expect(system.ports.ledger.positionOf(account)).resolves.toMatchObject({ balancePaise: balancePaise - amountPaise });
    }
    await checkStep(model, system);
  }
  toString = () => `withdraw(freelancer ${this.freelancer}, ${this.share})`;
}

/** Time passes: sometimes a little, sometimes past any review period. */
class AdvanceClockCommand implements EscrowCommand {
  constructor(readonly days: number) {}
  check = () => true;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    system.clock.advance(this.days * DAY_MS);
    await checkStep(model, system);
  }
  toString = () => `advanceClock(${this.days} days)`;
}

/** The review timer of any process: releases every lapsed review, exactly once. */
class RunReviewTimerCommand implements EscrowCommand {
  check = () => true;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const report = await system.service.releaseLapsedReviews.execute();
    expect(report.failed).toBe(0);
    count(system.tally, `reviewTimer: ${report.released > 0 ? 'released' : 'nothing due'}`);
    const again = await system.service.releaseLapsedReviews.execute();
    expect(again, 'a second run right after releases nothing more').toMatchObject({ due: 0, released: 0 });
    await checkStep(model, system);
  }
  toString = () => 'runReviewTimer()';
}

/** Recovery when nothing was interrupted: it finds nothing open and changes nothing. */
class RecoverCommand implements EscrowCommand {
  check = () => true;
  async run(model: EscrowModel, system: EscrowSystem): Promise<void> {
    const before = await observe(model, system);
    // With the projection repair pass over everything: rewriting projections changes no record.
    const report = await system.service.recoverInterruptedOperations.execute({ graceMs: 0, projectionsRecordedSince: new Date(0) });
    expect(report).toMatchObject({ examined: 0, finished: 0, failed: 0 });
    expect(await observe(model, system)).toEqual(before);
    await checkStep(model, system);
  }
  toString = () => 'recoverInterruptedOperations()';
}

const pickArb = fc.oneof({ arbitrary: fc.constant(-1), weight: 2 }, { arbitrary: fc.nat({ max: 1_000 }), weight: 1 });
const contractPickArb = fc.oneof(
  { arbitrary: fc.constant(FITTING_CONTRACT), weight: 3 },
  { arbitrary: fc.constant(-1), weight: 1 },
  { arbitrary: fc.nat({ max: 1_000 }), weight: 1 },
);

function escrowCommands(maxCommands: number, withdrawals: boolean, processor: boolean): fc.Arbitrary<Iterable<EscrowCommand>> {
  const postingActorArb = fc.oneof(
    { arbitrary: fc.constantFrom(...CLIENT_IDS).map((userId): Actor => ({ userId, role: 'client' })), weight: 6 },
    { arbitrary: fc.constant<Actor>({ userId: FREELANCER_IDS[0]!, role: 'freelancer' }), weight: 1 },
  );
  const paidArb = fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
  const paidPaiseArb = fc.option(fc.integer({ min: 1, max: 5_000_000 }), { freq: 3 });
  const weighted: [number, fc.Arbitrary<EscrowCommand>][] = [
    [1, fc.tuple(postingActorArb, inrArb).map(([actor, rate]) => new PostJobCommand(actor, rate))],
    [1, fc.tuple(pickArb, jobRoleArb, hiredIdArb, inrArb).map((args) => new CreateContractCommand(...args))],
    [3, fc.tuple(pickArb, jobRoleArb, hiredIdArb, inrArb, paidPaiseArb).map((args) => new OpenCheckoutCommand(...args))],
    [4, fc.tuple(pickArb, paidArb, fc.integer({ min: 1, max: 3 })).map((args) => new DeliverPaymentCommand(...args))],
    [1, fc.tuple(pickArb, pickArb).map((args) => new DeliverUnusableCheckoutCommand(...args))],
    [2, fc.tuple(contractPickArb, contractRoleArb('freelancer'), fc.boolean()).map((args) => new AcceptCommand(...args))],
    [
      1,
      fc
        .tuple(
          contractPickArb,
          contractRoleArb('freelancer'),
          fc.constantFrom('Pending', 'Started', 'Ongoing', 'Completed', 'Canceled', 'Finished'),
        )
        .map((args) => new UpdateStatusCommand(...args)),
    ],
    [6, fc.tuple(contractPickArb, contractRoleArb('freelancer'), fc.constant('next')).map((args) => new UpdateStatusCommand(...args))],
    [1, fc.tuple(contractPickArb, contractRoleArb('client', 'freelancer')).map((args) => new CancelCommand(...args))],
    [3, fc.tuple(contractPickArb, contractRoleArb('client')).map((args) => new RequestReleaseCommand(...args))],
    [3, fc.tuple(contractPickArb, contractRoleArb('admin')).map((args) => new ReleaseCommand(...args))],
    [1, fc.tuple(contractPickArb, contractRoleArb('client', 'admin'), fc.boolean()).map((args) => new RefundCommand(...args))],
    [
      2,
      fc
        .tuple(contractPickArb, contractRoleArb('client'), fc.integer({ min: 0, max: 6 }), fc.boolean())
        .map((args) => new ReviewCommand(...args)),
    ],
    [1, fc.constant(new RecoverCommand())],
    [2, fc.tuple(contractPickArb, contractRoleArb('client')).map((args) => new RequestChangesCommand(...args))],
    [
      2,
      fc
        .tuple(contractPickArb, contractRoleArb('client', 'freelancer'), fc.constantFrom(...DISPUTE_REASON_PICKS))
        .map((args) => new OpenDisputeCommand(...args)),
    ],
    [1, fc.tuple(contractPickArb, contractRoleArb('client', 'freelancer')).map((args) => new AddStatementCommand(...args))],
    [1, fc.tuple(contractPickArb, contractRoleArb('client', 'freelancer')).map((args) => new WithdrawDisputeCommand(...args))],
    [
      2,
      fc
        .tuple(
          contractPickArb,
          contractRoleArb('admin'),
          fc.integer({ min: 0, max: 10_000 }),
          fc.boolean(),
          fc.oneof(
            { arbitrary: fc.constant(undefined), weight: 6 },
            { arbitrary: fc.constantFrom<number | string>(-1, 12.345, 1e9, 'abc'), weight: 1 },
          ),
        )
        .map(([pick, role, bps, fee, malformed]) => new DecideDisputeCommand(pick, role, bps, fee, malformed)),
    ],
    [3, fc.constantFrom(1, 3, 15, 15).map((days) => new AdvanceClockCommand(days))],
    [3, fc.constant(new RunReviewTimerCommand())],
  ];
  if (withdrawals) {
    weighted.push([
      1,
      fc
        .tuple(fc.constantFrom(0, 0, 0, 1), fc.constantFrom('all' as const, 'half' as const, 'over' as const))
        .map((args) => new WithdrawCommand(...args)),
    ]);
  }
  if (processor) {
    // One slot for all of them: each freezes or ends an escrow, and runs must still reach releases often.
    // A failed refund's answers are weighed up: they apply only after a refund and its failure.
    const reportArb = fc.oneof(
      {
        arbitrary: fc.tuple(contractPickArb, fc.integer({ min: 1, max: 2 })).map((args): EscrowCommand => new RefundFailsCommand(...args)),
        weight: 3,
      },
      {
        arbitrary: fc.tuple(contractPickArb, contractRoleArb('admin')).map((args): EscrowCommand => new RetryRefundCommand(...args)),
        weight: 3,
      },
      {
        arbitrary: fc.tuple(contractPickArb, contractRoleArb('admin')).map((args): EscrowCommand => new SettleRefundByHandCommand(...args)),
        weight: 2,
      },
      {
        arbitrary: fc
          .tuple(contractPickArb, fc.constantFrom(10_000, 5_000, 100), fc.boolean())
          .map((args): EscrowCommand => new OutsideRefundCommand(...args)),
        weight: 1,
      },
      {
        arbitrary: fc
          .tuple(
            contractPickArb,
            fc.constantFrom('open' as const, 'open' as const, 'won' as const, 'lost' as const),
            fc.constantFrom(10_000, 4_000),
            fc.boolean(),
          )
          .map((args): EscrowCommand => new ChargebackCommand(...args)),
        weight: 2,
      },
    );
    weighted.push([3, reportArb]);
  }
  // fc.commands picks uniformly among its arbitraries: repeating one weighs it.
  const commandArbs = weighted.flatMap(([weight, arbitrary]) => Array.from({ length: weight }, () => arbitrary));
  return fc.commands(commandArbs, { maxCommands, size: 'max' });
}

/**
 * Runs the model `numRuns` times on fresh ports from `createPorts` (cleaned up after each run) and
 * answers how often each action succeeded or was refused, so a suite can show the runs reached the
 * deep states. Another suite runs it against the Mongoose adapters with the same invariants.
 */
export async function runEscrowModel(
  createPorts: () => Promise<ModelPorts>,
  /**
   * `withdrawals: false` and `processor: false` leave withdrawals and the processor's own reports
   * out of the commands, keeping a seeded suite's sequences as they were.
   */
  options: { numRuns: number; maxCommands?: number; seed?: number; withdrawals?: boolean; processor?: boolean },
): Promise<ReadonlyMap<string, number>> {
  const tally = new Map<string, number>();
  await fc.assert(
    fc.asyncProperty(
      escrowCommands(options.maxCommands ?? 40, options.withdrawals ?? true, options.processor ?? true),
      async (commands) => {
        const ports = await createPorts();
        try {
          const real = await startSystem(ports, tally);
          const model = await openingJobs(real);
          await fc.asyncModelRun(() => ({ model, real }), commands);
        } finally {
          await ports.cleanup?.();
        }
      },
    ),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
  return tally;
}

/** Each client starts with one open job, so actions on jobs can succeed from the first step. */
async function openingJobs(system: EscrowSystem): Promise<EscrowModel> {
  const model: EscrowModel = { jobIds: [], contractIds: [], sessions: [], forgedSessionIds: [] };
  system.previous = await observe(model, system);
  for (const userId of CLIENT_IDS) await new PostJobCommand({ userId, role: 'client' }, 500).run(model, system);
  return model;
}
