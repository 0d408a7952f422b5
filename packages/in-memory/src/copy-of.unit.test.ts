import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyOf } from './copy-of.ts';

describe('copyOf(value)', () => {
  it('copies whatever it is given as structuredClone does', () => {
    const anything = fc.anything({
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBoxedValues: true,
      withBigInt: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expect(copyOf(value)).toStrictEqual(structuredClone(value));
      }),
    );
  });

  it('shares nothing with the original: changing the copy, its dates and its nested records changes nothing held', () => {
    const at = new Date('2026-03-01T09:00:00.123Z');
    const held = { id: 'c1', statusHistory: [{ status: 'Pending', at }], cancellation: { by: 'u1', at }, createdAt: at };
    const copy = copyOf(held);
    copy.statusHistory[0]!.status = 'Canceled';
    copy.statusHistory[0]!.at.setTime(0);
    copy.cancellation.by = 'u2';
    copy.createdAt.setTime(0);
    copy.statusHistory.push({ status: 'Started', at });
    expect(held).toStrictEqual({
      id: 'c1',
      statusHistory: [{ status: 'Pending', at: new Date('2026-03-01T09:00:00.123Z') }],
      cancellation: { by: 'u1', at: new Date('2026-03-01T09:00:00.123Z') },
      createdAt: new Date('2026-03-01T09:00:00.123Z'),
    });
  });
});
