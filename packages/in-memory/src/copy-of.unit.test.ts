import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyOf, frozenCopyOf } from './copy-of.ts';

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

describe('frozenCopyOf(value)', () => {
  it('copies plain records as structuredClone does', () => {
    const record = fc.anything({ withDate: true, withNullPrototype: false, withBoxedValues: false, withMap: false, withSet: false });
    fc.assert(
      fc.property(record, (value) => {
        expect(frozenCopyOf(value)).toStrictEqual(structuredClone(value));
      }),
    );
  });

  it('shares nothing with the original, and nobody can change the copy: a change throws', () => {
    const at = new Date('2026-03-01T09:00:00.123Z');
    const original = { type: 'ContractCanceled', data: { by: 'u1', history: [{ status: 'Pending', at }], at } };
    const held = frozenCopyOf(original);
    original.data.history.push({ status: 'Started', at });
    original.data.by = 'u2';
    original.data.at.setTime(0);
    expect(held).toStrictEqual({
      type: 'ContractCanceled',
      data: {
        by: 'u1',
        history: [{ status: 'Pending', at: new Date('2026-03-01T09:00:00.123Z') }],
        at: new Date('2026-03-01T09:00:00.123Z'),
      },
    });
    expect(() => Object.assign(held.data, { by: 'u3' })).toThrow(TypeError);
    expect(() => held.data.history.push({ status: 'Started', at })).toThrow(TypeError);
    expect(() => Object.assign(held.data.history[0]!, { status: 'Canceled' })).toThrow(TypeError);
  });
});
