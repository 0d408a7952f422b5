import type { EventStream, StoredEvent } from '../ports/event-stream.port.ts';
import { TooManyWriters } from '../shared/concurrency.errors.ts';

/** A writer that loses the race for a sequence re-reads and decides again, this many times at most. */
export const APPEND_ATTEMPTS_MAX = 10;

export interface Folded<S> {
  readonly state: S | null;
  readonly sequence: number;
}

/** The state the stored events fold to, and the sequence it stands at. */
export function foldRead<S, E>(stored: readonly StoredEvent<E>[], evolve: (state: S | null, event: E) => S): Folded<S> {
  let state: S | null = null;
  for (const { event } of stored) state = evolve(state, event);
  return { state, sequence: stored.at(-1)?.sequence ?? 0 };
}

/**
 * Reads the stream, lets `decide` choose the next event (or null: nothing to do) and appends it at
 * the next sequence. Losing that sequence to another writer means the state moved: decide again on
 * the new state. `decide` throws to refuse; a refusal appends nothing. A state the caller already
 * holds (`known`, with its sequence) saves the first read: the unique key catches a stale one.
 */
export async function decideAndAppend<S extends { readonly sequence: number }, E>(
  stream: EventStream<E>,
  streamId: string,
  evolve: (state: S | null, event: E) => S,
  decide: (state: S | null) => E | null,
  known: S | null = null,
): Promise<{ readonly state: S | null; readonly appended: boolean }> {
  let held: Folded<S> | null = known === null ? null : { state: known, sequence: known.sequence };
  for (let attempt = 0; attempt < APPEND_ATTEMPTS_MAX; attempt += 1) {
    const { state, sequence } = held ?? foldRead(await stream.read(streamId), evolve);
    held = null;
    const event = decide(state);
    if (event === null) return { state, appended: false };
    const result = await stream.append(streamId, sequence, event);
    if (result.outcome === 'appended') return { state: evolve(state, event), appended: true };
  }
  throw new TooManyWriters('record', { streamId });
}
