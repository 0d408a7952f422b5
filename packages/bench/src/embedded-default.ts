/**
 * Times the embedded default: the marketplace's use cases over the in-memory adapters, wired as the
 * API wires them with no configuration (`createInMemoryPorts()`, the system clock and ids). A
 * script, never a test: times vary with the machine, so it prints numbers and asserts nothing.
 *
 *   pnpm bench:embedded [lists | calls]   (either part alone; both by default)
 *
 * 1. A client's contract list (the same client, 20 contracts) with 100 and with 10,000 contracts
 *    held, every one hired through post job, checkout and payment: the adapter's `list` and the
 *    use case that populates it (`listForClient`). Goal: the same cost at both sizes.
 * 2. Use-case calls per second on one core (one thread, each call awaited before the next) for the
 *    whole hire-to-release flow: post job, checkout, record payment, accept, two status steps
 *    (the second is the delivery), request release, release. Goal: at least 100,000.
 */
import { checkoutMetadata, createMarketplace, paiseToInr, type Actor, type CheckoutRequest, type Marketplace } from '@skillhouse/domain';
import { createInMemoryPorts, type InMemoryPorts } from '@skillhouse/in-memory';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';

const clock = new SystemClock();
const ids = new RandomObjectIds();
const admin: Actor = { userId: ids.newId(), role: 'admin' };
const freelancer: Actor = { userId: ids.newId(), role: 'freelancer' };
const AMOUNT_PAISE = 50_000;
/** How many contracts the listed client holds, at every size, and so how long the list is. */
const LISTED_CONTRACTS = 20;

interface Embedded {
  readonly ports: InMemoryPorts;
  readonly service: Marketplace;
}

async function embedded(): Promise<Embedded> {
  const ports = createInMemoryPorts();
  await ports.users.register({ id: freelancer.userId, role: 'freelancer', displayName: 'Freelancer', blocked: false });
  await ports.users.register({ id: admin.userId, role: 'admin', displayName: 'Admin', blocked: false });
  return { ports, service: createMarketplace({ ...ports, clock, ids }) };
}

async function newClient({ ports }: Embedded): Promise<Actor> {
  const client: Actor = { userId: ids.newId(), role: 'client' };
  await ports.users.register({ id: client.userId, role: 'client', displayName: 'Client', blocked: false });
  return client;
}

/** Post job, checkout, record payment: three use-case calls; returns the funded contract's id. */
async function hire({ ports, service }: Embedded, client: Actor): Promise<string> {
  const job = await service.postJob.execute({
    actor: client,
    title: 'Logo design',
    description: 'A logo for a bakery',
    rate: paiseToInr(AMOUNT_PAISE),
  });
  const session = await service.createCheckout.execute({
    actor: client,
    jobId: job.id,
    title: job.title,
    rate: paiseToInr(AMOUNT_PAISE),
    freelancerId: freelancer.userId,
  });
  const paid = await service.recordPayment.execute({
    checkoutSessionId: session.sessionId,
    paymentIntentId: `pi_${session.sessionId}`,
    amountPaidPaise: AMOUNT_PAISE,
    currency: 'inr',
    paid: true,
    // What the processor's webhook carries back: the metadata the checkout put on its session.
    metadata: checkoutMetadata(sessionRequest(ports, session.sessionId)),
  });
  if (paid.outcome !== 'recorded' || paid.escrow.contractId === null)
    throw new Error(`the payment funded no contract: ${JSON.stringify(paid)}`);
  return paid.escrow.contractId;
}

function sessionRequest(ports: InMemoryPorts, sessionId: string): CheckoutRequest {
  const request = ports.payments.sessions.get(sessionId);
  if (request === undefined) throw new Error(`the processor holds no checkout session ${sessionId}`);
  return request;
}

/** The rest of the flow after a hire: five use-case calls, ending with the escrow released. */
async function workAndRelease({ service }: Embedded, client: Actor, contractId: string): Promise<void> {
  await service.acceptContract.execute({ actor: freelancer, contractId, freelancerId: freelancer.userId });
  await service.updateContractStatus.execute({ actor: freelancer, contractId, status: 'Ongoing' });
  await service.updateContractStatus.execute({ actor: freelancer, contractId, status: 'Completed' });
  await service.requestRelease.execute({ actor: client, contractId });
  const released = await service.releaseEscrow.execute({ actor: admin, contractId });
  if (released.status !== 'released') throw new Error(`the escrow was not released: ${released.status}`);
}

const FLOW_CALLS = 8;

/** Holds `total` contracts: the listed client's 20, the rest spread 20 a client over other clients. */
async function holding(total: number): Promise<{ world: Embedded; listed: Actor }> {
  const world = await embedded();
  const listed = await newClient(world);
  for (let index = 0; index < LISTED_CONTRACTS; index += 1) await hire(world, listed);
  let other = await newClient(world);
  for (let index = LISTED_CONTRACTS; index < total; index += 1) {
    if (index % LISTED_CONTRACTS === 0) other = await newClient(world);
    const contractId = await hire(world, other);
    // A third of the others run to release, so the store holds every stage, not only funded hires.
    if (index % 3 === 0) await workAndRelease(world, other, contractId);
  }
  return { world, listed };
}

/**
 * CPU microseconds per call of `run` (this process's, so other work on a shared machine counts
 * less than in wall time): the median of `rounds` rounds, each of as many calls as fill about 20 ms
 * (one at least), after ten calls that measure how many that is, and a round to warm up.
 */
async function microsPerCall(run: () => Promise<unknown>, rounds = 15): Promise<number> {
  const timed = async (calls: number) => {
    const started = process.cpuUsage();
    for (let call = 0; call < calls; call += 1) await run();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / calls;
  };
  const perRound = Math.max(1, Math.round(20_000 / Math.max(1, await timed(10))));
  await timed(perRound);
  const perCall: number[] = [];
  for (let round = 0; round < rounds; round += 1) perCall.push(await timed(perRound));
  perCall.sort((a, b) => a - b);
  return perCall[Math.floor(perCall.length / 2)] ?? Number.NaN;
}

async function benchLists(): Promise<void> {
  console.log(`A client's contract list (${LISTED_CONTRACTS} contracts listed), CPU microseconds per call, median of 15 rounds:`);
  console.log('  held     contracts.list   listForClient');
  for (const total of [100, 10_000]) {
    const { world, listed } = await holding(total);
    const page = await world.ports.contracts.list({ clientId: listed.userId, limit: 500 });
    if (page.length !== LISTED_CONTRACTS) throw new Error(`listed ${page.length} contracts, expected ${LISTED_CONTRACTS}`);
    const adapter = await microsPerCall(() => world.ports.contracts.list({ clientId: listed.userId, limit: 500 }));
    const useCase = await microsPerCall(() => world.service.contracts.listForClient({ clientId: listed.userId }));
    console.log(`  ${String(total).padStart(6)}   ${adapter.toFixed(1).padStart(14)}   ${useCase.toFixed(1).padStart(13)}`);
  }
}

/** Whole flows for `seconds` of wall time; calls per second of wall time and of this process's CPU. */
interface FlowRate {
  readonly calls: number;
  readonly perWallSecond: number;
  readonly perCpuSecond: number;
}

async function benchFlow(world: Embedded, seconds: number): Promise<FlowRate> {
  const client = await newClient(world);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(seconds * 1e9);
  let calls = 0;
  while (process.hrtime.bigint() < deadline) {
    await workAndRelease(world, client, await hire(world, client));
    calls += FLOW_CALLS;
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { calls, perWallSecond: calls / wallSeconds, perCpuSecond: calls / ((cpu.user + cpu.system) / 1e6) };
}

async function benchCalls(): Promise<void> {
  console.log(`Use-case calls per second, whole flows (${FLOW_CALLS} calls each), one thread:`);
  console.log(`  from an empty store:     ${flowLine(await onFreshStore())}`);
  const { world } = await holding(10_000);
  const onFull = await benchFlow(world, 5);
  console.log(`  with 10,000 contracts:   ${flowLine(onFull)}`);
}

/** On a store of its own, dropped when done: the next measurement holds only its own contracts. */
async function onFreshStore(): Promise<FlowRate> {
  const fresh = await embedded();
  await benchFlow(fresh, 1);
  return benchFlow(fresh, 5);
}

function flowLine(flow: FlowRate): string {
  const cpuMicrosPerFlow = (FLOW_CALLS * 1e6) / flow.perCpuSecond;
  return (
    `${Math.round(flow.perWallSecond)} per second (${Math.round(flow.perCpuSecond)} per CPU second), ` +
    `${Math.round(cpuMicrosPerFlow)} µs of CPU per hire-to-release flow, ${flow.calls} calls`
  );
}

const which = process.argv[2];
if (which !== 'calls') await benchLists();
if (which !== 'lists') await benchCalls();
