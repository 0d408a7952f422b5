import type { Model, mongo } from 'mongoose';

/** Every collection of this package keys its documents by a string `_id` (models.ts). */
interface StoredDocument {
  readonly _id: string;
}

/**
 * Reads of the hot paths (lists, lookups by ids, the caller's user) go straight to the collection
 * (Mongoose's thin wrapper of the driver's: it buffers while disconnected and throws the driver's
 * own errors), past Mongoose's query layer: a read needs nothing that layer adds. Ids are strings,
 * filters are built from the domain's own typed values (nothing to cast), and every document read
 * is checked field by field by `StoredFields`, as `lean()` documents were. Mongoose builds a query,
 * casts its filter and merges its options on every read: a visible share of a list's CPU. Writes
 * keep Mongoose's schema, whose casting and strict checks guard what is stored.
 */
export function findDocuments<T>(model: Model<T>, filter: mongo.Filter<StoredDocument>, options?: mongo.FindOptions): Promise<unknown[]> {
  return driverCollection(model).find(filter, options).toArray();
}

/** One document by its `_id`, or null. */
export function findDocumentById<T>(model: Model<T>, id: string): Promise<unknown> {
  return driverCollection(model).findOne({ _id: id });
}

/** `model.collection`, typed by what this package stores (Mongoose types it with ObjectId keys). */
function driverCollection<T>(model: Model<T>): mongo.Collection<StoredDocument> {
  return model.db.collection<StoredDocument>(model.collection.collectionName);
}
