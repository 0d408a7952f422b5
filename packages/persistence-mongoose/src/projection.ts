import type { Model, UpdateQuery } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { MongoEventStream } from './mongo-event-stream.ts';
import { StoredFields } from './stored-values.ts';

/**
 * Writes a folded document unless the stored one is at least as new. The first fold of a stream
 * (sequence 1) is inserted: a duplicate `_id` means a projection is there already, as new or newer,
 * and an insert costs the same however large the collection (an update scans it on FerretDB v1).
 * A later fold is an update whose filter on `sequence` makes an older fold match nothing; when it
 * matched nothing the document is inserted, and a duplicate `_id` then means the stored one is newer.
 * (No upsert: FerretDB v1 drops a null `$setOnInsert`.) On FerretDB v1 the filter and the write are
 * not one atomic step, so a racing older fold can win for a moment: that leaves a lag, which the
 * next projection of the id or the repair ends. `onInsert`: fields written only with a new document.
 */
export async function writeProjection<T extends { readonly _id: string; readonly sequence: number }>(
  model: Model<T>,
  document: Pick<T, '_id' | 'sequence'> & Partial<T>,
  onInsert: Partial<T> = {},
): Promise<void> {
  const { _id: id, ...fields } = document;
  try {
    if (document.sequence > 1) {
      const updated = await model.updateOne({ _id: id, sequence: { $lt: document.sequence } }, { $set: fields } as UpdateQuery<T>);
      if (updated.matchedCount > 0) return;
    }
    await model.insertOne({ ...document, ...onInsert } as T);
  } catch (error) {
    if (!isDuplicateKeyOn(error, ['_id'])) throw error;
  }
}

/**
 * How many streams the repair compares with their projections at once (one query each page). As
 * many as the API's repair pass may rewrite, so a usual window takes one page.
 */
export const REPAIR_PAGE_SIZE = 1_000;

/**
 * The repair pass over one kind of stream: takes the streams appended to at or after `since`, in
 * id order, a page at a time, each with its last sequence, reads the sequences their projections
 * hold (one query per page), and hands `rewrite` only the streams whose projection is missing or
 * behind, until `limit` were rewritten. A projection at its stream's sequence is neither read
 * further nor written, however many there are. `rewrite` answers whether it wrote a projection (a
 * stream may have nothing to project). Returns how many it wrote; `limit` means there may be more.
 */
export async function reprojectLagging<T extends { readonly _id: string; readonly sequence: number }>(
  stream: Pick<MongoEventStream<never>, 'lastSequencesRecordedSince'>,
  projections: Model<T>,
  window: { readonly since: Date; readonly limit: number; readonly pageSize?: number },
  rewrite: (streamId: string) => Promise<boolean>,
): Promise<number> {
  const { since, limit, pageSize = REPAIR_PAGE_SIZE } = window;
  if (limit <= 0) return 0;
  let rewritten = 0;
  for await (const streams of stream.lastSequencesRecordedSince(since, pageSize)) {
    const stored = await storedSequences(
      projections,
      streams.map(({ streamId }) => streamId),
    );
    for (const { streamId, sequence } of streams) {
      if ((stored.get(streamId) ?? 0) >= sequence || !(await rewrite(streamId))) continue;
      rewritten += 1;
      if (rewritten === limit) return rewritten;
    }
  }
  return rewritten;
}

/** The sequence each of `ids` holds in `projections`, reading only `_id` and `sequence`, in one batch. */
async function storedSequences<T extends { readonly _id: string; readonly sequence: number }>(
  projections: Model<T>,
  ids: readonly string[],
): Promise<Map<string, number>> {
  // One more than can match: a batch filled exactly leaves the cursor open for a getMore that finds nothing.
  const documents: unknown[] = await projections
    .find({ _id: { $in: ids } }, { _id: 1, sequence: 1 })
    .batchSize(ids.length + 1)
    .lean();
  const collection = projections.collection.collectionName;
  return new Map(
    documents.map((document) => {
      const fields = StoredFields.ofDocument(document, collection);
      return [fields.text('_id'), fields.count('sequence')];
    }),
  );
}
