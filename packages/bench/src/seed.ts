import { stripeTestId } from '@skillhouse/test-servers';
import type { Db, Document, IndexDescription } from 'mongodb';
import type { ApiRecords, RecordsByCollection } from './api-records.ts';
import { cloneRecord, idAt } from './record-clone.ts';
import type { OpenJob } from './stripe-deliveries.ts';

/** Each freelancer of the seed holds this many contracts. */
const CONTRACTS_PER_FREELANCER = 10;
/** Seeded contracts are one this far apart, the newest two days old: none is in the start-up repair's last day. */
const CONTRACT_SPACING_MS = 4 * 60 * 1000;
const NEWEST_SEED_AGE_MS = 2 * 24 * 60 * 60 * 1000;
const INSERT_BATCH = 1000;

export interface SeededDatabase {
  readonly contracts: number;
  /** Clients holding `contractsPerClient` contracts each, for the list. */
  readonly listClients: readonly string[];
  /** Jobs open for hire, separate for each server so neither hires the other's. */
  readonly openJobs: { readonly api: readonly OpenJob[]; readonly floor: readonly OpenJob[] };
}

class Batches {
  private readonly pending = new Map<string, Document[]>();
  constructor(private readonly db: Db) {}

  async add(records: RecordsByCollection, replacements: ReadonlyMap<string, string>, shiftMs: number): Promise<void> {
    for (const [collection, documents] of Object.entries(records)) {
      for (const document of documents) await this.push(collection, cloneRecord(document, { replacements, shiftMs }));
    }
  }

  async push(collection: string, document: Document): Promise<void> {
    const batch = this.pending.get(collection) ?? [];
    batch.push(document);
    this.pending.set(collection, batch);
    if (batch.length >= INSERT_BATCH) await this.write(collection);
  }

  async flush(): Promise<void> {
    for (const collection of [...this.pending.keys()]) await this.write(collection);
  }

  private async write(collection: string): Promise<void> {
    const batch = this.pending.get(collection) ?? [];
    this.pending.set(collection, []);
    if (batch.length > 0) await this.db.collection(collection).insertMany(batch, { ordered: false });
  }
}

async function createIndexesLike(db: Db, indexes: ApiRecords['indexes']): Promise<void> {
  for (const [collection, specs] of Object.entries(indexes)) {
    if (specs.length === 0) {
      await db.createCollection(collection);
      continue;
    }
    const described: IndexDescription[] = specs.map(({ key, name, unique }) => ({
      key,
      ...(name === undefined ? {} : { name }),
      ...(unique === undefined ? {} : { unique }),
    }));
    await db.collection(collection).createIndexes(described);
  }
}

/**
 * Fills an empty database with copies of the records the API wrote for the template flow: `contracts`
 * paid hires, each on a job of its own, among clients holding `contractsPerClient` contracts each,
 * dated from two days ago backwards; and `openJobsPerServer` open jobs for each server, each of a
 * client of its own. Indexes are the API's. Written with the driver, in batches.
 */
export async function seedDatabase(
  db: Db,
  records: ApiRecords,
  options: { readonly contracts: number; readonly contractsPerClient: number; readonly openJobsPerServer: number; readonly now: Date },
): Promise<SeededDatabase> {
  const { ids } = records;
  await createIndexesLike(db, records.indexes);
  const batches = new Batches(db);
  const newest = options.now.getTime() - NEWEST_SEED_AGE_MS;
  const oldest = new Date(newest - options.contracts * CONTRACT_SPACING_MS);

  const user = async (template: Document, id: string, name: string, at: Date, templateName: string, templateId: string) => {
    const replacements = new Map([
      [templateId, id],
      [templateName, name],
    ]);
    await batches.push('users', cloneRecord(template, { replacements, shiftMs: at.getTime() - records.hiredAt.getTime() }));
  };
  const clients = Array.from({ length: Math.ceil(options.contracts / options.contractsPerClient) }, () => idAt(oldest));
  const freelancers = Array.from({ length: Math.ceil(options.contracts / CONTRACTS_PER_FREELANCER) }, () => idAt(oldest));
  for (const [index, id] of clients.entries()) await user(records.client, id, `Client ${index + 1}`, oldest, ids.clientName, ids.clientId);
  for (const [index, id] of freelancers.entries()) {
    await user(records.freelancer, id, `Freelancer ${index + 1}`, oldest, ids.freelancerName, ids.freelancerId);
  }
  await batches.add(records.databaseWide, new Map(), 0);

  const contractsOf = new Map<string, number>();
  for (let index = 0; index < options.contracts; index += 1) {
    const clientId = clients[Math.floor(index / options.contractsPerClient)]!;
    contractsOf.set(clientId, (contractsOf.get(clientId) ?? 0) + 1);
    const at = new Date(newest - (options.contracts - index) * CONTRACT_SPACING_MS);
    const replacements = new Map([
      [ids.hiredJobId, idAt(at)],
      [ids.contractId, idAt(at)],
      [ids.escrowId, idAt(at)],
      [ids.checkoutSessionId, stripeTestId('cs')],
      [ids.paymentIntentId, stripeTestId('pi')],
      [ids.clientId, clientId],
      [ids.freelancerId, freelancers[index % freelancers.length]!],
    ]);
    await batches.add(records.hire, replacements, at.getTime() - records.hiredAt.getTime());
  }

  const openJobs = async (count: number, offset: number): Promise<OpenJob[]> => {
    const jobs: OpenJob[] = [];
    for (let index = 0; index < count; index += 1) {
      const at = new Date(newest + (offset + index) * 1000);
      const jobId = idAt(at);
      const clientId = idAt(at);
      await user(records.client, clientId, `Hiring client ${offset + index + 1}`, at, ids.clientName, ids.clientId);
      await batches.add(
        records.openJob,
        new Map([
          [ids.openJobId, jobId],
          [ids.clientId, clientId],
        ]),
        at.getTime() - records.hiredAt.getTime(),
      );
      jobs.push({ jobId, clientId, freelancerId: freelancers[(offset + index) % freelancers.length]!, amountPaise: records.amountPaise });
    }
    return jobs;
  };
  const api = await openJobs(options.openJobsPerServer, 0);
  const floor = await openJobs(options.openJobsPerServer, options.openJobsPerServer);
  await batches.flush();
  const listClients = clients.filter((id) => contractsOf.get(id) === options.contractsPerClient);
  return { contracts: options.contracts, listClients, openJobs: { api, floor } };
}
