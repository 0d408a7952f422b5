import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SystemClock } from './system-clock.ts';

describe('SystemClock', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads the wall clock', () => {
    vi.setSystemTime(Date.UTC(2026, 11, 1, 6, 30, 0, 123));
    expect(new SystemClock().now().toISOString()).toBe('2026-12-01T06:30:00.123Z');
  });

  it('answers every read within one millisecond with the same Date, and a new Date once the millisecond changed', () => {
    const clock = new SystemClock();
    vi.setSystemTime(1_764_570_600_000);
    const first = clock.now();
    expect(clock.now()).toBe(first);
    vi.setSystemTime(1_764_570_600_001);
    const next = clock.now();
    expect(next).not.toBe(first);
    expect(next.getTime()).toBe(1_764_570_600_001);
    expect(first.getTime()).toBe(1_764_570_600_000);
  });
});
