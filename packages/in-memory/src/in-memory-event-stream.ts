import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';

/**
 * Streams keyed by (stream id, sequence), exactly as a unique index keys them: an append claims the
 * next sequence or reports it taken. Events are cloned in and out, as a database would copy them.
 */
export class InMemoryEventStream<E> implements EventStream<E> {
  private readonly streams = new Map<string, StoredEvent<E>[]>();

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    return structuredClone(this.streams.get(streamId) ?? []);
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const stream = this.streams.get(streamId) ?? [];
    if (stream.length !== expectedSequence) return { outcome: 'sequenceTaken', expected: expectedSequence };
    stream.push({ sequence: expectedSequence + 1, event: structuredClone(event) });
    this.streams.set(streamId, stream);
    return { outcome: 'appended', sequence: expectedSequence + 1 };
  }

  streamIds(): readonly string[] {
    return [...this.streams.keys()];
  }
}
