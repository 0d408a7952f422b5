import { describe, expect, it } from 'vitest';
import { RandomObjectIds } from './random-object-ids.ts';

describe('RandomObjectIds', () => {
  it('makes ObjectId-shaped ids: the time in seconds, then a part of its own, then a counter', () => {
    const ids = new RandomObjectIds();
    const before = Math.floor(Date.now() / 1000);
    const [first, second] = [ids.newId(), ids.newId()];
    const after = Math.floor(Date.now() / 1000);
    for (const id of [first, second]) {
      expect(id).toMatch(/^[0-9a-f]{24}$/);
      const seconds = parseInt(id.slice(0, 8), 16);
      expect(seconds).toBeGreaterThanOrEqual(before);
      expect(seconds).toBeLessThanOrEqual(after);
    }
    expect(second.slice(8, 18)).toBe(first.slice(8, 18));
    expect((parseInt(second.slice(18), 16) - parseInt(first.slice(18), 16) + 0x1000000) % 0x1000000).toBe(1);
  });

  it('never repeats an id, within a generator or across generators', () => {
    const [one, other] = [new RandomObjectIds(), new RandomObjectIds()];
    const made = new Set<string>();
    for (let index = 0; index < 50_000; index += 1) {
      made.add(one.newId());
      made.add(other.newId());
    }
    expect(made.size).toBe(100_000);
  });

  it('names the same id for the same name, in any generator, and another for another name', () => {
    const [one, other] = [new RandomObjectIds(), new RandomObjectIds()];
    const id = one.idFor('withdrawal:64f1a2b3c4d5e6f7a8b9c0d6:key-1');
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect(other.idFor('withdrawal:64f1a2b3c4d5e6f7a8b9c0d6:key-1')).toBe(id);
    expect(one.idFor('withdrawal:64f1a2b3c4d5e6f7a8b9c0d6:key-2')).not.toBe(id);
  });
});
