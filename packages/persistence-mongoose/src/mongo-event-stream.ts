import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { isDuplicateKeyOn } from './duplicate-key.ts';
import type { EventDocument } from './models.ts';
import { StoredFields } from './stored-fields.ts';
import { saveOptionsFor, type WriteConcernSettings } from './write-concern.ts';

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
    const documents = await this.events
      .find({ streamId })
      .sort({ sequence: 1 })
      .limit(STREAM_LENGTH_MAX + 1)
      .lean<EventDocument[]>();
    if (documents.length > STREAM_LENGTH_MAX) throw new Error(`stream ${streamId} is longer than ${STREAM_LENGTH_MAX} events`);
    const collection = this.events.collection.collectionName;
    return documents.map((document) => ({
      sequence: document.sequence,
      event: this.parse(StoredFields.of(document, `${collection}/${streamId}#${document.sequence}`)),
    }));
  }

  /** Ids of the streams with an event recorded at or after `since`, in id order, at most `limit`. */
  async streamsRecordedSince(since: Date, limit: number): Promise<string[]> {
    const streams = await this.events.aggregate<{ _id: string }>([
      { $match: { recordedAt: { $gte: since } } },
      { $group: { _id: '$streamId' } },
      { $sort: { _id: 1 } },
      { $limit: limit },
    ]);
    return streams.map((stream) => stream._id);
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const taken = { outcome: 'sequenceTaken', expected: expectedSequence } as const;
    // Events are never deleted, so a position that exists now always will: checking it first keeps
    // streams free of gaps even against a caller that expects a sequence the stream has not reached.
    if (expectedSequence > 0 && (await this.events.exists({ streamId, sequence: expectedSequence })) === null) return taken;
    const document: EventDocument = { streamId, sequence: expectedSequence + 1, type: event.type, data: { ...event.data }, recordedAt: new Date() };
    try {
      await this.events.insertOne(document, saveOptionsFor(this.writeConcern));
    } catch (error) {
      if (isDuplicateKeyOn(error, ['streamId', 'sequence'])) return taken;
      throw error;
    }
    return { outcome: 'appended', sequence: expectedSequence + 1 };
  }
}
