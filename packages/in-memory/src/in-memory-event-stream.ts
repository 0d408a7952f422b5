import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';
import { copyOf } from './copy-of.ts';

/**
 * Streams keyed by (stream id, sequence), exactly as a unique index keys them: an append claims the
 * next sequence or reports it taken. Events are copied in and out, as a database would copy them.
 */
export class InMemoryEventStream<E> implements EventStream<E> {
  private readonly streams = new Map<string, StoredEvent<E>[]>();

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    return (this.streams.get(streamId) ?? []).map((stored) => ({ sequence: stored.sequence, event: copyOf(stored.event) }));
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

  /** The events held after the first `after`, not copied: for the adapter's own folds, which never change them nor hand them out. */
  protected eventsOf(streamId: string, after = 0): readonly E[] {
    return (this.streams.get(streamId) ?? []).slice(after).map((stored) => stored.event);
  }

  protected lengthOf(streamId: string): number {
    return this.streams.get(streamId)?.length ?? 0;
  }
}
