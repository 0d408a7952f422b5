import { randomBytes } from 'node:crypto';
import { ObjectId, type Document } from 'mongodb';

/** How one copy of a set of records differs from the records it copies. */
export interface CloneChanges {
  /** Strings equal to a key (ids, session ids, names) become its value, wherever they are. */
  readonly replacements: ReadonlyMap<string, string>;
  /** Added to every date. */
  readonly shiftMs: number;
}

/**
 * A copy of a record the API wrote, as the API would have written it for other ids at another
 * time: replaced strings, shifted dates, and a fresh driver-made ObjectId wherever one was (the
 * `_id` of events), so copies keep the insertion order of the records they copy.
 */
export function cloneRecord<T>(value: T, changes: CloneChanges): T {
  return cloneValue(value, changes) as T;
}

function cloneValue(value: unknown, changes: CloneChanges): unknown {
  if (typeof value === 'string') return changes.replacements.get(value) ?? value;
  if (value instanceof Date) return new Date(value.getTime() + changes.shiftMs);
  if (value instanceof ObjectId) return new ObjectId();
  if (Array.isArray(value)) return value.map((item) => cloneValue(item, changes));
  if (value !== null && typeof value === 'object') {
    const copy: Document = {};
    for (const [key, item] of Object.entries(value)) copy[key] = cloneValue(item, changes);
    return copy;
  }
  return value;
}

/** An id shaped like the API's (ObjectId-like: the seconds of `at`, then 8 random bytes). */
export function idAt(at: Date): string {
  return (
    Math.floor(at.getTime() / 1000)
      .toString(16)
      .padStart(8, '0') + randomBytes(8).toString('hex')
  );
}
