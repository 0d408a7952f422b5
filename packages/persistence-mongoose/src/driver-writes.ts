/**
 * The writes of the streams, the projections and the operation journal (every event appended, an
 * escrow's claim, every projection inserted or updated, a journal entry opened, postponed or
 * closed: all that a webhook delivery, a status change or a release writes) go straight to the
 * collection (`driverCollection`), past Mongoose's document layer. For each insert (and each
 * upsert) Mongoose builds a document (casting, defaults, validation, a save's state machine and an
 * error made in advance for a parallel save) and it casts each update: together about a fifth of
 * the API's CPU per webhook delivery (docs/performance.md).
 *
 * What the schema checked as each document was written is checked elsewhere now. The document
 * types of models.ts name every field, null where there is nothing, so a document missing one does
 * not compile, nor does an object literal with a field the type lacks (each `$set` below is checked
 * against its document's type); a field that arrives through a spread of a domain object is not
 * seen by the compiler, and `stored-documents.int.test.ts` catches it, checking what whole flows
 * store against the schemas. Mongoose also refused a NaN or an invalid date; the domain makes its
 * numbers and dates itself (paise are checked whole, dates come from the clock or a parsed input).
 * An undefined field is not stored (`ignoreUndefined`), as Mongoose left it out. The rare writes
 * (users, reviews, payout accounts, migrations) keep Mongoose's models; the ledger inserts through
 * the driver already (mongo-ledger.ts).
 */
import type { Model, mongo } from 'mongoose';
import { driverCollection } from './driver-collection.ts';
import { writeOptionsFor, type WriteConcernSettings } from './write-concern.ts';

/** What a write's filter sees: documents keyed by a string `_id` (models.ts). */
type KeyedDocument = mongo.Document & { readonly _id: string };

/** The updates these writes make, each checked against the document's own fields. */
export interface DocumentUpdate<T> {
  readonly $set: Partial<T>;
  /** One item appended to an array field. */
  readonly $push?: { readonly [K in keyof T]?: T[K] extends readonly (infer Item)[] ? Item : never };
  readonly $inc?: { readonly [K in keyof T]?: T[K] extends number ? number : never };
}

/** The driver's options of a write: `writeConcern` when given, undefined fields left out. */
function optionsOf(concern: WriteConcernSettings | undefined): mongo.CommandOperationOptions {
  return { ignoreUndefined: true, ...(concern === undefined ? {} : writeOptionsFor(concern)) };
}

/** The update as the driver types it, which cannot relate a generic document's fields to `$push` and `$inc`. */
function driverUpdate<T>(update: DocumentUpdate<T>): mongo.UpdateFilter<KeyedDocument> {
  return update as mongo.UpdateFilter<KeyedDocument>;
}

/** Inserts `document`; a duplicate key throws the driver's error, as Mongoose let it through. */
export async function insertDocument<T extends mongo.Document>(
  model: Model<T>,
  document: T,
  concern?: WriteConcernSettings,
): Promise<void> {
  // A copy: the driver adds an ObjectId `_id` to a document without one (the events), as Mongoose did.
  await driverCollection<T, mongo.Document>(model).insertOne({ ...document }, optionsOf(concern));
}

/** Applies `update` to the first document `filter` matches; answers whether one matched. */
export async function updateDocument<T>(model: Model<T>, filter: mongo.Filter<KeyedDocument>, update: DocumentUpdate<T>): Promise<boolean> {
  const result = await driverCollection<T, KeyedDocument>(model).updateOne(filter, driverUpdate(update), optionsOf(undefined));
  return result.matchedCount > 0;
}

/** Applies `update` to the document of `id`; answers the document it replaced (null: none). */
export function updateDocumentById<T>(model: Model<T>, id: string, update: DocumentUpdate<T>): Promise<unknown> {
  return driverCollection<T, KeyedDocument>(model).findOneAndUpdate({ _id: id }, driverUpdate(update), optionsOf(undefined));
}

/** Replaces the document of `id` by `fields`, inserting it when there is none. */
export async function upsertDocumentById<T>(
  model: Model<T>,
  id: string,
  fields: Omit<T, '_id'>,
  concern: WriteConcernSettings,
): Promise<void> {
  const replacement = fields as mongo.WithoutId<KeyedDocument>;
  await driverCollection<T, KeyedDocument>(model).replaceOne({ _id: id }, replacement, { upsert: true, ...optionsOf(concern) });
}

/** Deletes the document of `id`, if there is one. */
export async function deleteDocumentById<T>(model: Model<T>, id: string): Promise<void> {
  await driverCollection<T, KeyedDocument>(model).deleteOne({ _id: id });
}
