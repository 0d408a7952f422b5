import type { Model, mongo } from 'mongoose';
import { driverCollection } from './driver-collection.ts';

/** Every collection of this package keys its documents by a string `_id` (models.ts). */
interface StoredDocument {
  readonly _id: string;
}

/**
 * Reads of the hot paths (lists, lookups by ids, the caller's user) go straight to the collection
 * (`driverCollection`), past Mongoose's query layer: a read needs nothing that layer adds. Ids are
 * strings, filters are built from the domain's own typed values (nothing to cast), and every
 * document read is checked field by field by `StoredFields`, as `lean()` documents were. Mongoose
 * builds a query, casts its filter and merges its options on every read: a visible share of a
 * list's CPU. The hot writes skip Mongoose's document layer too (driver-writes.ts).
 */
export function findDocuments<T>(model: Model<T>, filter: mongo.Filter<StoredDocument>, options?: mongo.FindOptions): Promise<unknown[]> {
  return driverCollection<T, StoredDocument>(model).find(filter, options).toArray();
}

/** One document by its `_id`, or null. */
export function findDocumentById<T>(model: Model<T>, id: string): Promise<unknown> {
  return driverCollection<T, StoredDocument>(model).findOne({ _id: id });
}

/**
 * The documents of `ids` in one `$in` query whatever their number (none for no id), parsed, in
 * the order asked and without the unknown ones; an id asked twice answers the same read-only
 * object, not a copy. `projection`: only these fields of each document are read (and `_id`).
 */
export async function findByIds<T, Item extends { readonly id: string }>(
  model: Model<T>,
  ids: readonly string[],
  parse: (document: unknown) => Item,
  projection?: mongo.Document,
): Promise<Item[]> {
  const distinct = [...new Set(ids)];
  if (distinct.length === 0) return [];
  const documents = await findDocuments(model, { _id: { $in: distinct } }, projection === undefined ? undefined : { projection });
  const byId = new Map(documents.map(parse).map((item) => [item.id, item]));
  return ids.flatMap((id) => {
    const item = byId.get(id);
    return item === undefined ? [] : [item];
  });
}
