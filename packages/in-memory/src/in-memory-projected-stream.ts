import type { AppendResult, EventStream, StoredEvent } from '@skillhouse/domain';

/** What every projection carries: the stream it folds and how far. */
export interface StreamProjection {
  readonly id: string;
  readonly sequence: number;
}

/** One stream as held: its events in sequence order, and its projection (undefined: none written yet). */
interface HeldStream<E, P> {
  readonly events: StoredEvent<E>[];
  projection: P | undefined;
}

/**
 * Streams keyed by (stream id, sequence), exactly as a unique index keys them: an append claims the
 * next sequence or reports it taken. Each stream has one projection, kept as the real store keeps a
 * document per stream: written by the port's projection methods after an append, never by the
 * append itself, so a crash between the two leaves the projection behind its stream, as it would in
 * the database. The streams appended to past their projection are tracked, so the repair pass finds
 * them without looking at the others. A stream's events and projection are held together: one
 * lookup finds both. Subclasses keep their indexes in `indexed`, which sees every projection written.
 */
export abstract class InMemoryProjectedStream<E, P extends StreamProjection> implements EventStream<E> {
  private readonly streams = new Map<string, HeldStream<E, P>>();
  private readonly behind = new Set<string>();
  /**
   * The stream found last, and its id. A use case touches one stream several times in a row (read,
   * append, write its projection), and a lookup in a map of many thousand streams misses the CPU's
   * caches: the held stream answers the repeats (a hire-to-release flow makes 45 operations on maps of
   * over a thousand entries instead of 81).
   * Never stale: a held stream is never replaced or removed, only appended to.
   */
  private lastId: string | undefined;
  private lastStream: HeldStream<E, P> | undefined;

  /**
   * The projection of the stream as it stands, or null when there is nothing to project. `held` is
   * the projection held (undefined: none yet), always the fold of the stream up to its sequence, so
   * a subclass may fold only the events after it into it.
   */
  protected abstract fold(streamId: string, held: P | undefined): P | null;

  /** Keeps the subclass's indexes: `next` replaces `previous` (undefined for a stream's first projection). */
  protected abstract indexed(next: P, previous: P | undefined): void;

  /** The stream held under `streamId`, if any. */
  private streamOf(streamId: string): HeldStream<E, P> | undefined {
    if (streamId === this.lastId) return this.lastStream;
    const stream = this.streams.get(streamId);
    if (stream !== undefined) {
      this.lastId = streamId;
      this.lastStream = stream;
    }
    return stream;
  }

  async read(streamId: string): Promise<readonly StoredEvent<E>[]> {
    return this.storedEventsOf(streamId);
  }

  /** What `read` answers, for a port method that answers it with more. */
  protected storedEventsOf(streamId: string): readonly StoredEvent<E>[] {
    return this.streamOf(streamId)?.events.slice() ?? [];
  }

  async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const stream = this.streamOf(streamId);
    if ((stream?.events.length ?? 0) !== expectedSequence) return { outcome: 'sequenceTaken', expected: expectedSequence };
    const stored = { sequence: expectedSequence + 1, event };
    if (stream === undefined) this.streams.set(streamId, { events: [stored], projection: undefined });
    else stream.events.push(stored);
    this.behind.add(streamId);
    return { outcome: 'appended', sequence: expectedSequence + 1 };
  }

  /** The streams with at least one event. */
  streamIds(): readonly string[] {
    return [...this.streams].flatMap(([id, stream]) => (stream.events.length > 0 ? [id] : []));
  }

  /** The projection held. */
  protected projectionOf(streamId: string): P | undefined {
    return this.streamOf(streamId)?.projection;
  }

  /** The events held after the first `after`, for the adapter's own folds. */
  protected eventsOf(streamId: string, after = 0): readonly E[] {
    return (this.streamOf(streamId)?.events ?? []).slice(after).map((stored) => stored.event);
  }

  /** Writes `projection` unless the one held is at least as new. A stream may have a projection before its first event. */
  protected write(projection: P): void {
    let stream = this.streamOf(projection.id);
    if (stream === undefined) this.streams.set(projection.id, (stream = { events: [], projection: undefined }));
    const previous = stream.projection;
    if (previous === undefined || previous.sequence < projection.sequence) {
      stream.projection = projection;
      this.indexed(projection, previous);
    }
    if ((stream.projection?.sequence ?? 0) >= stream.events.length) this.behind.delete(projection.id);
  }

  /**
   * Folds the stream and writes its projection, in one step (nothing else runs in between, so the
   * fold is never older than the projection held). False when the stream has nothing to project.
   */
  protected rewrite(streamId: string): boolean {
    const projection = this.fold(streamId, this.projectionOf(streamId));
    if (projection === null) {
      this.behind.delete(streamId);
      return false;
    }
    this.write(projection);
    return true;
  }

  /**
   * The repair pass: rewrites the projections behind their stream, at most `limit`, and answers how
   * many. In memory every stream is at hand, so the repair needs no time window to find them.
   */
  protected rewriteBehind(limit: number): number {
    let rewritten = 0;
    for (const streamId of this.behind) {
      if (rewritten >= limit) break;
      if (this.rewrite(streamId)) rewritten += 1;
    }
    return rewritten;
  }
}
