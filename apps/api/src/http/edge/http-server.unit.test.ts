import { describe, expect, it } from 'vitest';
import { timeoutCheckIntervalMs } from './http-server.ts';

describe("the server's timeout checks", () => {
  it('come every half of the shorter timeout, so a 20 s header timeout is enforced within 30 s', () => {
    expect(timeoutCheckIntervalMs({ headersTimeoutMs: 20_000, requestTimeoutMs: 300_000 })).toBe(10_000);
    expect(timeoutCheckIntervalMs({ headersTimeoutMs: 30_000, requestTimeoutMs: 45_000 })).toBe(15_000);
  });

  it('come at most once a second, however short the timeouts', () => {
    expect(timeoutCheckIntervalMs({ headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 })).toBe(1_000);
  });
});
