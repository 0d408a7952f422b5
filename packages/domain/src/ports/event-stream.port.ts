/** An event as stored: `sequence` is its 1-based position, unique within its stream. */
export interface StoredEvent<E> {
  readonly sequence: number;
  readonly event: E;
}

/**
 * The answer to an append: the next sequence was free and is now ours, or someone appended it
 * first (`expected` repeats the sequence the writer expected; it re-reads the stream to see what
 * the stream holds now).
 */
export type AppendResult =
  { readonly outcome: 'appended'; readonly sequence: number } | { readonly outcome: 'sequenceTaken'; readonly expected: number };

/**
 * An append-only stream per aggregate, keyed by (stream id, sequence) under a unique index. An append
 * claims `expectedSequence + 1`; it never overwrites, so two writers can never both win. The caller
 * expects a sequence it read (of the stream, or of a projection: the fold of a prefix of it), so a
 * stream never has a gap; an adapter need not read before inserting to check it.
 */
export interface EventStream<E> {
  read(streamId: string): Promise<readonly StoredEvent<E>[]>;
  append(streamId: string, expectedSequence: number, event: E): Promise<AppendResult>;
}
