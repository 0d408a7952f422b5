import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';
import { copyOf } from './copy-of.ts';

/**
 * Streams keyed by (stream id, sequence), exactly as a unique index keys them: an append claims the
 * next sequence or reports it taken. An event is copied in, as a database copies it, so its writer
 * cannot change it afterwards; reads hand out the events held, shared, since an event never changes
 * and its readers take it as readonly (the domain's types say so). A copy per read, or freezing
 * each event (Object.freeze costs V8 a microsecond or more an object), was most of the adapters'
 * cost: streams are read on every use case.
 */
export class InMemoryEventStream<E> implements EventStream<E> {
  private readonly streams = new Map<string, StoredEvent<E>[]>();

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    return this.streams.get(streamId)?.slice() ?? [];
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedSequence) return { outcome: 'sequenceTaken', expected: expectedSequence };
    stream.push({ sequence: expectedSequence + 1, event: copyOf(event) });
    this.streams.set(streamId, stream);
    return { outcome: 'appended', sequence: expectedSequence + 1 };
  }

  streamIds(): readonly string[] {
    return [...this.streams.keys()];
  }

  /** The events held after the first `after`, for the adapter's own folds. */
  protected eventsOf(streamId: string, after = 0): readonly E[] {
    const stream = this.streams.get(streamId) ?? [];
    const events: E[] = [];
    for (let index = after; index < stream.length; index += 1) {
      const stored = stream[index];
      if (stored !== undefined) events.push(stored.event);
    }
    return events;
  }

  protected lengthOf(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }
}
