import type { Model, UpdateQuery } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';

/**
 * Writes a folded document unless the stored one is at least as new. The filter on `sequence`
 * makes an older fold match nothing; the upsert then tries to insert under the same `_id` and gets
 * a duplicate key, which means the stored projection is already newer. On FerretDB v1 the filter and
 * the write are not one atomic step, so a racing older fold can win for a moment: that leaves a lag,
 * which the next reproject of the id repairs. Nothing is ever decided from a projection.
 */
export async function writeProjection<T extends { readonly _id: string; readonly sequence: number }>(model: Model<T>, document: T): Promise<void> {
  const { _id: id, ...fields } = document;
  try {
    await model.updateOne({ _id: id, sequence: { $lt: document.sequence } }, { $set: fields } as UpdateQuery<T>, { upsert: true });
  } catch (error) {
    if (!isDuplicateKeyOn(error, ['_id'])) throw error;
  }
}
