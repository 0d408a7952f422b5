import type { AppendResult } from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

/** What every projection carries: the stream it folds and how far. */
export interface StreamProjection {
  readonly id: string;
  readonly sequence: number;
}

/**
 * Streams with one projection each, kept as the real store keeps a document per stream: written by
 * the port's projection methods after an append, never by the append itself, so a crash between the
 * two leaves the projection behind its stream, as it would in the database. The streams appended to
 * past their projection are tracked, so the repair pass finds them without looking at the others.
 * Subclasses keep their indexes in `indexed`, which sees every projection written.
 */
export abstract class InMemoryProjectedStream<E, P extends StreamProjection> extends InMemoryEventStream<E> {
  private readonly projections = new Map<string, P>();
  private readonly behind = new Set<string>();

  /**
   * The projection of the stream as it stands, or null when there is nothing to project. `held` is
   * the projection held (undefined: none yet), always the fold of the stream up to its sequence, so
   * a subclass may fold only the events after it into it.
   */
  protected abstract fold(streamId: string, held: P | undefined): P | null;

  /** Keeps the subclass's indexes: `next` replaces `previous` (undefined for a stream's first projection). */
  protected abstract indexed(next: P, previous: P | undefined): void;

  override async append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult> {
    const result = await super.append(streamId, expectedSequence, event);
    if (result.outcome === 'appended') this.behind.add(streamId);
    return result;
  }

  /** The projection held. */
  protected projectionOf(streamId: string): P | undefined {
    return this.projections.get(streamId);
  }

  /** Writes `projection` (already the adapter's own) unless the one held is at least as new. */
  protected write(projection: P): void {
    const previous = this.projections.get(projection.id);
    if (previous === undefined || previous.sequence < projection.sequence) {
      this.projections.set(projection.id, projection);
      this.indexed(projection, previous);
    }
    if ((this.projections.get(projection.id)?.sequence ?? 0) >= this.lengthOf(projection.id)) this.behind.delete(projection.id);
  }

  /**
   * Folds the stream and writes its projection, in one step (nothing else runs in between, so the
   * fold is never older than the projection held). False when the stream has nothing to project.
   */
  protected rewrite(streamId: string): boolean {
    const projection = this.fold(streamId, this.projections.get(streamId));
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
