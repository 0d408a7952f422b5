import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { EventDocument } from './models.ts';
import { StoredFields } from './stored-values.ts';
import { insertDocument } from './driver-writes.ts';
import type { WriteConcernSettings } from './write-concern.ts';

/** A stream and the last sequence recorded in it. */
export interface StreamSequence {
  readonly streamId: string;
  readonly sequence: number;
}

/** How many (streamId, sequence) pairs the repair reads per round trip: a few bytes each. */
const RECORDED_BATCH_SIZE = 5_000;

/** The longest stream read: a contract, job or escrow has a handful of events, so more is corruption. */
export const STREAM_LENGTH_MAX = 1_000;

/**
 * One event per document under a unique (streamId, sequence) index: an append inserts the next
 * sequence and a duplicate key on that index means another writer took it first. Each event read
 * is parsed back into the domain's union by `parse`, so a stored value the domain's types deny
 * stops the read instead of reaching a decision.
 */
export class MongoEventStream<E extends { readonly type: string; readonly data: object }> implements EventStream<E> {
  constructor(
    private readonly events: Model<EventDocument>,
    private readonly writeConcern: WriteConcernSettings,
    private readonly parse: (stored: StoredFields) => E,
  ) {}

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    const documents: unknown[] = await this.events
      .find({ streamId })
      .sort({ sequence: 1 })
      .limit(STREAM_LENGTH_MAX + 1)
      .lean();
    if (documents.length > STREAM_LENGTH_MAX) throw new Error(`stream ${streamId} is longer than ${STREAM_LENGTH_MAX} events`);
    const collection = this.events.collection.collectionName;
    return documents.map((document) => {
      const sequence = StoredFields.of(document, `${collection}/${streamId}`).count('sequence');
      return { sequence, event: this.parse(StoredFields.of(document, `${collection}/${streamId}#${sequence}`)) };
    });
  }

  /**
   * The streams with an event recorded at or after `since`, in id order, a page of at most
   * `pageSize` at a time, each with the highest sequence recorded since: its last, as a stream is
   * appended in order. Read as one cursor of (streamId, sequence) pairs, newest first within a
   * stream, in batches of `RECORDED_BATCH_SIZE`: FerretDB v1 has no `$max` (nor `$first`) in `$group`.
   */
  async *lastSequencesRecordedSince(since: Date, pageSize: number): AsyncGenerator<StreamSequence[]> {
    const cursor = this.events
      .find({ recordedAt: { $gte: since } }, { _id: 0, streamId: 1, sequence: 1 })
      .sort({ streamId: 1, sequence: -1 })
      .batchSize(RECORDED_BATCH_SIZE)
      .lean()
      .cursor();
    const collection = this.events.collection.collectionName;
    let page: StreamSequence[] = [];
    let previous: string | null = null;
    try {
      for await (const document of cursor) {
        const fields = StoredFields.of(document, `${collection} recorded since ${since.toISOString()}`);
        const streamId = fields.text('streamId');
        if (streamId === previous) continue;
        previous = streamId;
        if (page.length === pageSize) {
          yield page;
          page = [];
        }
        page.push({ streamId, sequence: fields.count('sequence') });
      }
      if (page.length > 0) yield page;
    } finally {
      await cursor.close();
    }
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const taken = { outcome: 'sequenceTaken', expected: expectedSequence } as const;
    // No read first: the unique index answers. Callers expect a sequence they read (from the stream
    // or from a projection, the fold of a prefix of it), so an append never leaves a gap.
    const document: EventDocument = {
      streamId,
      sequence: expectedSequence + 1,
      type: event.type,
      data: { ...event.data },
      recordedAt: new Date(),
    };
    try {
      await insertDocument(this.events, document, this.writeConcern);
    } catch (error) {
      if (isDuplicateKeyOn(error, ['streamId', 'sequence'])) return taken;
      throw error;
    }
    return { outcome: 'appended', sequence: expectedSequence + 1 };
  }
}
