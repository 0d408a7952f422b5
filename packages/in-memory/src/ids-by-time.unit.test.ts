import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdsByTime } from './ids-by-time.ts';

describe('IdsByTime', () => {
  it('reads the ids held newest first, ties by id descending, whatever order they were added and removed in', () => {
    // Few ids and few times, so the same id comes back and times tie.
    const change = fc.record({
      add: fc.boolean(),
      id: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
      minute: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(
      fc.property(fc.array(change, { maxLength: 60 }), (changes) => {
        const index = new IdsByTime();
        const held = new Map<string, number>();
        for (const { add, id, minute } of changes) {
          // An id keeps its time, as a contract keeps its creation time.
          const time = held.get(id) ?? minute;
          if (add) {
            index.add(id, new Date(time));
            held.set(id, time);
          } else {
            index.delete(id, new Date(time));
            held.delete(id);
          }
        }
        const expected = [...held].sort(([a, at], [b, bt]) => bt - at || (b < a ? -1 : b > a ? 1 : 0)).map(([id]) => id);
        expect([...index.newestFirst()]).toEqual(expected);
        expect(index.size).toBe(held.size);
      }),
    );
  });
});
