import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.ts';

describe('readSettings', () => {
  it("indexes FerretDB's _id unless BENCH_FERRETDB_ID_INDEX is 0, and refuses any other value", () => {
    expect(readSettings({}).ferretDbIdIndex).toBe(true);
    expect(readSettings({ BENCH_FERRETDB_ID_INDEX: '' }).ferretDbIdIndex).toBe(true);
    expect(readSettings({ BENCH_FERRETDB_ID_INDEX: '1' }).ferretDbIdIndex).toBe(true);
    expect(readSettings({ BENCH_FERRETDB_ID_INDEX: '0' }).ferretDbIdIndex).toBe(false);
    expect(() => readSettings({ BENCH_FERRETDB_ID_INDEX: 'no' })).toThrow('BENCH_FERRETDB_ID_INDEX must be 0 or 1, not no');
  });

  it("takes issue 10's sizes by default and refuses sizes that are not whole numbers", () => {
    expect(readSettings({}).sizes).toEqual([1000, 10000]);
    expect(() => readSettings({ BENCH_SIZES: '1000,ten' })).toThrow('BENCH_SIZES must list whole numbers');
  });
});
