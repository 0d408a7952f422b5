import type { Model } from 'mongoose';
import { insertDocument, updateDocument, updateDocumentById } from './driver-writes.ts';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { MongoEventStream } from './mongo-event-stream.ts';
import { StoredFields } from './stored-values.ts';
import { inTurn } from './write-turns.ts';

/**
 * Writes a folded document unless the stored one is at least as new. The first fold of a stream
 * (sequence 1) is inserted: a duplicate `_id` means a projection is there already, as new or newer,
 * and an insert costs the same however large the collection (an update scans it on FerretDB v1).
 * A later fold is an update whose filter on `sequence` makes an older fold match nothing; when it
 * matched nothing the document is inserted, and a duplicate `_id` then means the stored one is newer.
 * (No upsert: FerretDB v1 drops a null `$setOnInsert`.) On FerretDB v1 the filter and the write are
 * not one atomic step: within a process the writes of one document take turns (`inTurn`), and an
 * older fold racing from another process can win, a lag which the next projection of the id or the
 * repair ends. `onInsert`: fields written only with a new document.
 */
export async function writeProjection<T extends { readonly _id: string; readonly sequence: number }>(
  model: Model<T>,
  document: Pick<T, '_id' | 'sequence'> & Partial<T>,
  onInsert: Partial<T> = {},
): Promise<void> {
  const { _id: id, ...fields } = document;
  await inTurn(model.collection.collectionName, id, async () => {
    try {
      if (document.sequence > 1) {
        if (await updateDocument(model, { _id: id, sequence: { $lt: document.sequence } }, { $set: fields as Partial<T> })) return;
      }
      await insertDocument(model, { ...document, ...onInsert } as T);
    } catch (error) {
      if (!isDuplicateKeyOn(error, ['_id'])) throw error;
    }
  });
}

/** How many newer folds a projection write follows before it leaves the rest to the repair pass. */
const OVERWRITE_ATTEMPTS_MAX = 3;

/**
 * Writes a fold over the projection, found by `_id` alone, and reads back the document it replaced.
 * `_id` alone because it is the only filter FerretDB v1 hands to SQLite: a filter on `sequence` too
 * makes it decode every document of the collection in Go (five times the cost of the write at
 * 10,000 escrows), and it does not apply a filter and its write atomically anyway. So the guard
 * against an older fold is checked after the write: when the replaced document was newer, a writer
 * of a later fold landed first, and the stream is folded again (`refold`) and written, until what it
 * replaced is not newer. FerretDB v1 reads the pre-image and writes as two steps, so the check holds
 * only between writes that take turns (`inTurn`: those of one process); two processes writing at
 * once can leave the older fold on top. What that, a crash or endless contention leaves behind, the
 * repair pass rewrites (its stored sequence is behind the stream). A missing document is inserted (a duplicate `_id`: another writer inserted it
 * meanwhile, and the write is tried again). `insertsFirstFold`: the fold at sequence 1 is inserted
 * without a write first, as by `writeProjection`, for a projection that starts with its stream
 * (not the escrow's, which its claim inserts).
 */
export async function overwriteProjection<T extends { readonly _id: string; readonly sequence: number }>(
  model: Model<T>,
  document: Pick<T, '_id' | 'sequence'> & Partial<T>,
  refold: () => Promise<(Pick<T, '_id' | 'sequence'> & Partial<T>) | null>,
  insertsFirstFold: boolean,
): Promise<void> {
  const collection = model.collection.collectionName;
  await inTurn(collection, document._id, async () => {
    let written = document;
    for (let attempt = 0; attempt < OVERWRITE_ATTEMPTS_MAX; attempt += 1) {
      const { _id: id, ...fields } = written;
      const firstFold = insertsFirstFold && written.sequence === 1;
      const replaced = firstFold ? null : await updateDocumentById(model, id, { $set: fields as Partial<T> });
      if (replaced === null) {
        try {
          await insertDocument(model, written as T);
          return;
        } catch (error) {
          if (!isDuplicateKeyOn(error, ['_id'])) throw error;
          if (firstFold) return;
          continue;
        }
      }
      if (storedSequence(replaced, collection) <= written.sequence) return;
      if (attempt === OVERWRITE_ATTEMPTS_MAX - 1) return; // the older write stays behind its stream: the repair's
      const newer = await refold();
      if (newer === null) return;
      written = newer;
    }
  });
}

/** The sequence a stored projection holds. */
export function storedSequence(document: unknown, collection: string): number {
  return StoredFields.ofDocument(document, collection).count('sequence');
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
 * at another sequence (behind, or ahead after a job's hire), until `limit` were rewritten. A projection at its stream's sequence is neither read
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
      // Ahead as well as behind: a job's hire can leave its projection ahead (MongoJobRepository.projectHire).
      if (stored.get(streamId) === sequence || !(await rewrite(streamId))) continue;
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
