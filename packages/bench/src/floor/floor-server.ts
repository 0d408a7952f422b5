import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { MongoClient, MongoServerError, type Db, type Document, type WriteConcernSettings } from 'mongodb';

/**
 * The floor: a bare node:http server on the MongoDB driver that answers the benchmark's requests
 * with the fewest driver calls that write, or read, the same records the API does. It is what the
 * API's cost is compared with; it is not a second implementation of the marketplace:
 * - the webhook handles only a paid checkout for an open job of the paying client (what the
 *   benchmark sends): any other job is acknowledged and ignored, where the API returns the money;
 * - it keeps no journal for recovery, and a crash between its writes leaves them half done;
 * - the contract list renders only what the benchmark's records hold (no review, dispute,
 *   cancellation or resolution); the benchmark checks its bytes equal the API's before measuring.
 * Run with PORT, MONGODB_URI, STRIPE_WEBHOOK_SECRET, PLATFORM_FEE_BPS and LIST_LIMIT.
 */

const WEBHOOK_TOLERANCE_SECONDS = 300;
const BODY_BYTES_MAX = 1024 * 1024;
const BASIS_POINTS_WHOLE = 10_000;
/** The API's money write concern: event appends and claims. */
/** Records keyed by the domain's 24-hex ids, as the API stores them. */
interface Stored {
  _id: string;
  [field: string]: unknown;
}

/** What the floor's update of a job names: `$push` needs the array's type. */
interface StoredJob {
  _id: string;
  hires: unknown[];
}

const MONEY_WRITE: { writeConcern: WriteConcernSettings } = { writeConcern: { w: 'majority', journal: true } };

function required(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
}

const port = Number(required('PORT'));
const webhookSecret = required('STRIPE_WEBHOOK_SECRET');
const platformFeeBps = Number(required('PLATFORM_FEE_BPS'));
const listLimit = Number(required('LIST_LIMIT'));
const mongo = new MongoClient(required('MONGODB_URI'), { maxPoolSize: 20, serverSelectionTimeoutMS: 5_000 });

/** ObjectId-shaped like the API's ids: seconds, then 8 random bytes. */
function newId(): string {
  return (
    Math.floor(Date.now() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(8).toString('hex')
  );
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_BYTES_MAX) request.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

/** A reply as a settled promise, for a handler chosen among async ones. */
function replied(response: ServerResponse, status: number, body: unknown): Promise<void> {
  reply(response, status, body);
  return Promise.resolve();
}

/** Stripe's scheme: HMAC-SHA256 of `<t>.<raw body>` under the secret, in a `v1` of the header, `t` recent. */
function signatureValid(raw: Buffer, header: string | undefined): boolean {
  if (header === undefined) return false;
  const parts = header.split(',').map((part) => part.split('='));
  const timestamp = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = createHmac('sha256', webhookSecret).update(`${timestamp}.`).update(raw).digest();
  return parts.some(([key, value]) => {
    if (key !== 'v1' || value === undefined) return false;
    const given = Buffer.from(value, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && error.code === 11000;
}

interface CheckoutSession {
  readonly id: string;
  readonly payment_status: string;
  readonly amount_total: number;
  readonly payment_intent: string;
  readonly metadata: { readonly jobId: string; readonly clientId: string; readonly freelancerId: string };
}

/**
 * Seven commands: read the job; claim the escrow under its unique checkout session (already in its
 * funded view); claim the job's next position with JobHired; update the job; append the
 * contract's ContractCreated (carrying the escrow); insert the contract, holding the escrow's view
 * as the API's projection does; append the escrow's ContractFunded.
 */
async function recordPayment(db: Db, session: CheckoutSession): Promise<{ received: true; ignored?: string }> {
  const { jobId, clientId, freelancerId } = session.metadata;
  const job = await db.collection<Stored>('jobs').findOne({ _id: jobId }, { projection: { clientId: 1, status: 1, sequence: 1 } });
  if (job?.['status'] !== 'Open' || job['clientId'] !== clientId) return { received: true, ignored: 'the job cannot be hired' };

  const now = new Date();
  const escrowId = newId();
  const contractId = newId();
  const amountPaise = session.amount_total;
  const platformFeePaise = Math.floor((amountPaise * platformFeeBps + BASIS_POINTS_WHOLE / 2) / BASIS_POINTS_WHOLE);
  const escrow: Stored = {
    _id: escrowId,
    checkoutSessionId: session.id,
    paymentIntentId: session.payment_intent,
    jobId,
    clientId,
    freelancerId,
    amountPaise,
    platformFeePaise,
    freelancerEarningPaise: amountPaise - platformFeePaise,
    proposedContractId: contractId,
    fundedAt: now,
    sequence: 1,
    contractId,
    review: null,
    reviewRounds: 0,
    changeRequests: [],
    dispute: null,
    resolution: null,
    clientRefundId: null,
    processor: null,
    settledAt: null,
    updatedAt: now,
    status: 'funded',
    reviewDueAt: null,
    disputeStatus: null,
    disputeOpenedAt: null,
    refundFailedAt: null,
    chargebackOpenedAt: null,
  };
  try {
    await db.collection<Stored>('escrows').insertOne(escrow, MONEY_WRITE);
  } catch (error) {
    if (isDuplicateKey(error)) return { received: true };
    throw error;
  }
  const hire = { contractId, clientId, freelancerId, amountPaise, at: now };
  const jobSequence = (job['sequence'] as number) + 1;
  await db
    .collection('job_events')
    .insertOne({ streamId: jobId, sequence: jobSequence, type: 'JobHired', data: hire, recordedAt: now }, MONEY_WRITE);
  await db.collection<StoredJob>('jobs').updateOne(
    { _id: jobId },
    {
      $set: { hiredFreelancerId: freelancerId, liveHire: hire, sequence: jobSequence, status: 'Closed', updatedAt: now },
      $push: { hires: hire },
    },
  );
  await db.collection('contract_events').insertOne(
    {
      streamId: contractId,
      sequence: 1,
      type: 'ContractCreated',
      data: { contractId, jobId, clientId, freelancerId, amountPaise, escrowId, at: now },
      recordedAt: now,
    },
    MONEY_WRITE,
  );
  await db.collection<Stored>('contracts').insertOne({
    _id: contractId,
    amountPaise,
    cancellation: null,
    changeRequests: 0,
    clientId,
    createdAt: now,
    deliveredAt: null,
    deliveries: 0,
    escrowId,
    freelancerId,
    jobId,
    releaseFundStatus: 'NotRequested',
    sequence: 1,
    status: 'Pending',
    statusHistory: [{ status: 'Pending', at: now, by: clientId }],
    updatedAt: now,
    escrow,
  });
  await db
    .collection('escrow_events')
    .insertOne({ streamId: escrowId, sequence: 1, type: 'ContractFunded', data: { contractId, at: now }, recordedAt: now }, MONEY_WRITE);
  return { received: true };
}

async function webhook(db: Db, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const raw = await readBody(request);
  const signature = request.headers['stripe-signature'];
  if (!signatureValid(raw, Array.isArray(signature) ? signature[0] : signature)) {
    reply(response, 400, { error: 'invalid signature' });
    return;
  }
  const event = JSON.parse(raw.toString('utf8')) as { type: string; data: { object: CheckoutSession } };
  if (event.type !== 'checkout.session.completed' && event.type !== 'checkout.session.async_payment_succeeded') {
    reply(response, 200, { received: true, ignored: `event type ${event.type} is not used` });
    return;
  }
  const session = event.data.object;
  if (session.payment_status !== 'paid') {
    reply(response, 200, { received: true, ignored: 'the checkout is not paid' });
    return;
  }
  reply(response, 200, await recordPayment(db, session));
}

const inr = (paise: number) => paise / 100;
const iso = (date: Date) => date.toISOString();

function userReference(id: string, user: Document | undefined) {
  return { _id: id, name: user === undefined || user['displayName'] === '' ? null : user['displayName'], role: user?.['role'] ?? null };
}

/** A list's job in summary, as the API's: no description, so a page's size does not grow with them. */
function jobReference(id: string, job: Document | undefined) {
  if (job === undefined) return { _id: id, title: null, rate: null, status: null };
  return { _id: id, title: job['title'], rate: inr(job['ratePaise']), status: job['status'] };
}

function escrowSummary(escrow: Document) {
  return {
    _id: escrow['_id'],
    contractId: escrow['contractId'],
    jobId: escrow['jobId'],
    clientId: escrow['clientId'],
    freelancerId: escrow['freelancerId'],
    amount: inr(escrow['amountPaise']),
    platformFee: inr(escrow['platformFeePaise']),
    freelancerEarning: inr(escrow['freelancerEarningPaise']),
    status: escrow['status'],
    reviewEndsAt: null,
    changeRequests: (escrow['changeRequests'] as unknown[]).length,
    dispute: null,
    resolution: null,
    refund: null,
    createdAt: iso(escrow['fundedAt']),
    resolvedAt: null,
  };
}

/** Three queries: the client's contracts (each holding its escrow's view), then their users and jobs at once. */
async function clientContracts(db: Db, clientId: string, response: ServerResponse): Promise<void> {
  // One more than the page, as the API reads: whether a next page exists, without a count.
  const fetched = await db
    .collection('contracts')
    .find({ clientId })
    .sort({ createdAt: -1, _id: -1 })
    .limit(listLimit + 1)
    .toArray();
  const contracts = fetched.slice(0, listLimit);
  const userIds = [...new Set(contracts.flatMap((contract) => [contract['clientId'], contract['freelancerId']]))];
  const jobIds = [...new Set(contracts.map((contract) => contract['jobId']))];
  const [users, jobs] = await Promise.all([
    db
      .collection<Stored>('users')
      .find({ _id: { $in: userIds } }, { projection: { role: 1, displayName: 1 } })
      .toArray(),
    db
      .collection<Stored>('jobs')
      .find({ _id: { $in: jobIds } }, { projection: { title: 1, ratePaise: 1, status: 1 } })
      .toArray(),
  ]);
  const byId = (documents: Document[]) => new Map(documents.map((document) => [document['_id'] as string, document]));
  const [userById, jobById] = [byId(users), byId(jobs)];
  const data = contracts.map((contract) => {
    const escrow = (contract['escrow'] as Document | null) ?? undefined;
    return {
      _id: contract['_id'],
      jobId: jobReference(contract['jobId'], jobById.get(contract['jobId'])),
      clientId: userReference(contract['clientId'], userById.get(contract['clientId'])),
      freelancerId: userReference(contract['freelancerId'], userById.get(contract['freelancerId'])),
      amount: inr(contract['amountPaise']),
      status: contract['status'],
      statusHistory: (contract['statusHistory'] as { status: string; at: Date; by: string | null }[]).map((entry) => ({
        status: entry.status,
        date: iso(entry.at),
        by: entry.by,
      })),
      releaseFundStatus: contract['releaseFundStatus'],
      escrowId: contract['escrowId'],
      escrow: escrow === undefined ? null : escrowSummary(escrow),
      cancelledBy: null,
      cancelReason: null,
      cancelReasonDescription: null,
      canceledFrom: null,
      reviewEndsAt: null,
      changeRequests: contract['changeRequests'],
      createdAt: iso(contract['createdAt']),
      updatedAt: iso(contract['updatedAt']),
    };
  });
  const last = contracts.at(-1);
  const nextCursor =
    fetched.length > listLimit && last !== undefined
      ? Buffer.from(`${(last['createdAt'] as Date).getTime()}.${String(last['_id'])}`, 'utf8').toString('base64url')
      : null;
  reply(response, 200, { count: data.length, data, nextCursor });
}

const CLIENT_CONTRACTS = /^\/api\/client\/get-contracts\/([0-9a-f]{24})$/;

async function main(): Promise<void> {
  await mongo.connect();
  const db = mongo.db();
  const server = createServer((request, response) => {
    const path = request.url ?? '';
    const contracts = request.method === 'GET' ? CLIENT_CONTRACTS.exec(path) : null;
    const handled =
      request.method === 'GET' && path === '/healthz'
        ? replied(response, 200, { status: 'ok' })
        : request.method === 'POST' && path === '/webhook'
          ? webhook(db, request, response)
          : contracts !== null
            ? clientContracts(db, contracts[1]!, response)
            : replied(response, 404, { error: 'not found' });
    handled.catch((error: unknown) => {
      process.stderr.write(`${request.method ?? ''} ${path}: ${(error as Error).stack ?? String(error)}\n`);
      if (!response.headersSent) reply(response, 500, { error: 'internal' });
    });
  });
  server.listen(port, '127.0.0.1');
  const stop = () => {
    server.close(() => void mongo.close().then(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`the floor could not start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
