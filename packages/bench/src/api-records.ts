import { Agent } from 'node:http';
import type { Db, Document, IndexDescription } from 'mongodb';
import { accessToken } from './access-tokens.ts';
import { send, type BenchRequest } from './http-load.ts';
import { idAt } from './record-clone.ts';
import type { BenchServer } from './server-process.ts';
import { paidCheckout, webhookDelivery } from './stripe-deliveries.ts';
import type { WireCommand, WireProxy } from './wire-proxy.ts';

/** The ids of the records the API wrote for the template flow; copies replace each. */
export interface TemplateIds {
  readonly clientId: string;
  readonly clientName: string;
  readonly freelancerId: string;
  readonly freelancerName: string;
  /** The job hired through the paid checkout. */
  readonly hiredJobId: string;
  readonly contractId: string;
  readonly escrowId: string;
  readonly checkoutSessionId: string;
  readonly paymentIntentId: string;
  /** A second job of the client, posted and left open. */
  readonly openJobId: string;
}

export type RecordsByCollection = Readonly<Record<string, readonly Document[]>>;

/**
 * Everything the API wrote, in its own database, for: a freelancer and a client calling it (and so
 * entering its directory), the client posting two jobs, and Stripe's paid checkout hiring the
 * freelancer on the first. Sorted by what each record belongs to, so the seed can copy each part.
 */
export interface ApiRecords {
  readonly ids: TemplateIds;
  readonly hiredAt: Date;
  readonly amountPaise: number;
  readonly client: Document;
  readonly freelancer: Document;
  /** The records of the paid hire: the job, its contract, the escrow, their events. */
  readonly hire: RecordsByCollection;
  /** The records of the job left open. */
  readonly openJob: RecordsByCollection;
  /** Records that name none of the flow's ids (the migration marker): written once per database. */
  readonly databaseWide: RecordsByCollection;
  readonly indexes: Readonly<Record<string, readonly IndexDescription[]>>;
  /** The commands of the one webhook delivery, in order. */
  readonly deliveryTrace: readonly WireCommand[];
}

const TEMPLATE_RATE_INR = 500;

async function call(api: BenchServer, agent: Agent, benchRequest: BenchRequest, expected: number): Promise<Document> {
  const response = await send(api.url, agent, benchRequest);
  if (response.status !== expected) {
    throw new Error(
      `${benchRequest.method} ${benchRequest.path}: expected ${expected}, got ${response.status} ${response.body}\n${api.output()}`,
    );
  }
  return JSON.parse(response.body) as Document;
}

function bearer(token: string, json?: unknown): Pick<BenchRequest, 'headers' | 'body'> {
  return json === undefined
    ? { headers: { authorization: `Bearer ${token}` } }
    : { headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(json) };
}

/** The strings of a record, at any depth. */
function stringsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, into);
  else if (value !== null && typeof value === 'object' && !(value instanceof Date))
    for (const item of Object.values(value)) stringsOf(item, into);
  return into;
}

function add(into: Record<string, Document[]>, collection: string, document: Document): void {
  (into[collection] ??= []).push(document);
}

/**
 * Runs the template flow through the API's HTTP interface on its own empty database, then reads
 * back every record and index. A record that belongs to none of the known parts stops the run.
 */
export async function captureApiRecords(options: {
  readonly api: BenchServer;
  readonly db: Db;
  readonly proxy: WireProxy;
  readonly jwtSecret: string;
  readonly webhookSecret: string;
}): Promise<ApiRecords> {
  const { api, db, proxy } = options;
  const agent = new Agent({ keepAlive: true });
  const client = { id: idAt(new Date()), role: 'client' as const, name: 'Template Client' };
  const freelancer = { id: idAt(new Date()), role: 'freelancer' as const, name: 'Template Freelancer' };
  const clientToken = accessToken(client, options.jwtSecret);
  const freelancerToken = accessToken(freelancer, options.jwtSecret);

  await call(api, agent, { method: 'GET', path: `/api/freelancer/wallet/earnings/${freelancer.id}`, ...bearer(freelancerToken) }, 200);
  const job = { title: 'React dashboard', description: 'A dashboard in React and TypeScript', rate: TEMPLATE_RATE_INR };
  const hiredJob = await call(api, agent, { method: 'POST', path: '/api/client/job/create-job', ...bearer(clientToken, job) }, 201);
  const openJob = await call(api, agent, { method: 'POST', path: '/api/client/job/create-job', ...bearer(clientToken, job) }, 201);
  const hiredJobId = (hiredJob['job'] as Document)['_id'] as string;
  const openJobId = (openJob['job'] as Document)['_id'] as string;

  const amountPaise = TEMPLATE_RATE_INR * 100;
  const checkout = paidCheckout({ jobId: hiredJobId, clientId: client.id, freelancerId: freelancer.id, amountPaise });
  proxy.startRecording();
  await call(api, agent, webhookDelivery(checkout, options.webhookSecret), 200);
  const deliveryTrace = proxy.stopRecording();
  agent.destroy();

  const escrow = await db.collection('escrows').findOne({ checkoutSessionId: checkout.checkoutSessionId });
  if (escrow === null) throw new Error('the template delivery made no escrow');
  const ids: TemplateIds = {
    clientId: client.id,
    clientName: client.name,
    freelancerId: freelancer.id,
    freelancerName: freelancer.name,
    hiredJobId,
    contractId: escrow['contractId'] as string,
    escrowId: String(escrow['_id']),
    checkoutSessionId: checkout.checkoutSessionId,
    paymentIntentId: escrow['paymentIntentId'] as string,
    openJobId,
  };
  const hireIds = new Set([ids.hiredJobId, ids.contractId, ids.escrowId, ids.checkoutSessionId]);

  const hire: Record<string, Document[]> = {};
  const open: Record<string, Document[]> = {};
  const databaseWide: Record<string, Document[]> = {};
  const users = new Map<string, Document>();
  const indexes: Record<string, IndexDescription[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    indexes[name] = (await db.collection(name).indexes()).filter((index) => index.name !== '_id_');
    for (const document of await db.collection(name).find().toArray()) {
      const strings = stringsOf(document);
      const ofHire = [...hireIds].some((id) => strings.has(id));
      const ofOpenJob = strings.has(ids.openJobId);
      if (ofHire && ofOpenJob) throw new Error(`${name} holds a record of both jobs; the seed cannot copy it: ${JSON.stringify(document)}`);
      if (ofHire) add(hire, name, document);
      else if (ofOpenJob) add(open, name, document);
      else if (name === 'users') users.set(String(document['_id']), document);
      else if (strings.has(ids.clientId) || strings.has(ids.freelancerId)) {
        throw new Error(
          `${name} holds a record of a user that is no job's; the seed does not know how to copy it: ${JSON.stringify(document)}`,
        );
      } else add(databaseWide, name, document);
    }
  }
  const clientDocument = users.get(ids.clientId);
  const freelancerDocument = users.get(ids.freelancerId);
  if (clientDocument === undefined || freelancerDocument === undefined || users.size !== 2) {
    throw new Error(`the directory should hold the template's client and freelancer, it holds ${JSON.stringify([...users.values()])}`);
  }
  const hiredAt = (hire['contracts']?.[0]?.['createdAt'] as Date | undefined) ?? new Date();
  return {
    ids,
    hiredAt,
    amountPaise,
    client: clientDocument,
    freelancer: freelancerDocument,
    hire,
    openJob: open,
    databaseWide,
    indexes,
    deliveryTrace,
  };
}
