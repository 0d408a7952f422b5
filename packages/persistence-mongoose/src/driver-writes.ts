import type { Model, mongo } from 'mongoose';
import { driverCollection } from './driver-collection.ts';
import { writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/**
 * The writes of the streams and projections (every event appended, an escrow's claim, every
 * projection written: all a webhook delivery or a status change writes) go straight to the
 * collection (`driverCollection`), past Mongoose's document layer. For each insert Mongoose builds
 * a document (casting, defaults, validation, a save's state machine and an error made in advance
 * for a parallel save) and for each update it casts the update: together about a fifth of the API's
 * CPU per webhook delivery (docs/performance.md). What the schema checked at run time is checked
 * before it: the document types of models.ts name every field, null where there is nothing, so the
 * compiler refuses a document the schema would; and `stored-documents.int.test.ts` checks what
 * whole flows store against the schemas. An undefined field is not stored (`ignoreUndefined`), as
 * Mongoose left it out. The other writes (users, reviews, payout accounts, the journal,
 * migrations) are rare and keep Mongoose's schema.
 */
/** What a write's filter and update see: documents keyed by a string `_id` (models.ts), any other field. */
type KeyedDocument = mongo.Document & { readonly _id: string };

export async function insertDocument<T extends mongo.Document>(
  model: Model<T>,
  document: T,
  concern?: WriteConcernSettings,
): Promise<void> {
  // The driver adds an ObjectId `_id` to a document without one (the events), as Mongoose did.
  await driverCollection<T, mongo.Document>(model).insertOne(
    { ...document },
    { ignoreUndefined: true, ...(concern === undefined ? {} : writeOptionsFor(concern)) },
  );
}

/** Applies `update` to the first document `filter` matches; answers whether one matched. */
export async function updateDocument<T>(
  model: Model<T>,
  filter: mongo.Filter<KeyedDocument>,
  update: mongo.UpdateFilter<KeyedDocument>,
): Promise<boolean> {
  const result = await driverCollection<T, KeyedDocument>(model).updateOne(filter, update, { ignoreUndefined: true });
  return result.matchedCount > 0;
}

/** Applies `update` to the document of `id`; answers the document it replaced (null: none). */
export function updateDocumentById<T extends KeyedDocument>(model: Model<T>, id: string, update: mongo.UpdateFilter<T>): Promise<unknown> {
  // The driver's `Filter` of a generic document cannot see that its `_id` is a string.
  const byId = { _id: id } as mongo.Filter<T>;
  return driverCollection<T, T>(model).findOneAndUpdate(byId, update, { ignoreUndefined: true });
}
