import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';

/**
 * Streams keyed by (stream id, sequence), exactly as a unique index keys them: an append claims the
 * next sequence or reports it taken. The events are values (see the package's index): each is kept
 * as appended and handed out as kept.
 */
export class InMemoryEventStream<E> implements EventStream<E> {
  private readonly streams = new Map<string, StoredEvent<E>[]>();

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    return this.streams.get(streamId)?.slice() ?? [];
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedSequence) return { outcome: 'sequenceTaken', expected: expectedSequence };
    stream.push({ sequence: expectedSequence + 1, event });
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
