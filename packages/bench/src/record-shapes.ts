import { ObjectId, type Db, type Document } from 'mongodb';

/** Fields whose values, not only their types, say what a record is. */
const TELLING_FIELDS = new Set(['type', 'status', 'sequence', 'releaseFundStatus', 'role']);

/** The structure of a value: types, sorted keys, and the values of telling fields. */
export function shapeOf(value: unknown, key = ''): unknown {
  if (TELLING_FIELDS.has(key) && (typeof value === 'string' || typeof value === 'number')) return value;
  if (value === null) return 'null';
  if (value instanceof Date) return 'date';
  if (value instanceof ObjectId) return 'objectId';
  if (Array.isArray(value)) return value.map((item) => shapeOf(item));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((field) => [field, shapeOf((value as Document)[field], field)]),
    );
  }
  return typeof value;
}

/**
 * The shapes of every record a paid checkout led to: its escrow, the contract and job it names, and
 * the three streams, in sequence order. Two deliveries wrote the same records when these are equal.
 */
export async function recordShapesOfCheckout(db: Db, checkoutSessionId: string): Promise<string> {
  const escrow = await db.collection('escrows').findOne({ checkoutSessionId });
  if (escrow === null) return `no escrow for ${checkoutSessionId}`;
  const { contractId, jobId } = escrow as Document as { contractId: string; jobId: string };
  const byId = (collection: string, id: string) => db.collection<Document & { _id: string }>(collection).find({ _id: id }).toArray();
  const stream = (collection: string, id: unknown) => db.collection(collection).find({ streamId: id }).sort({ sequence: 1 }).toArray();
  const records: Record<string, Document[]> = {
    escrows: [escrow],
    escrow_events: await stream('escrow_events', escrow['_id']),
    contracts: await byId('contracts', contractId),
    contract_events: await stream('contract_events', contractId),
    jobs: await byId('jobs', jobId),
    job_events: await stream('job_events', jobId),
  };
  return Object.entries(records)
    .map(([collection, documents]) => `${collection}: ${JSON.stringify(documents.map((document) => shapeOf(document)))}`)
    .join('\n');
}
