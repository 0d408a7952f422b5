import { describe, expect, it } from 'vitest';
import { parseStat, pidListeningOn, treeCpuMs } from './process-cpu.ts';
import { createServer, type AddressInfo } from 'node:net';

describe('reading /proc', () => {
  it('parses utime and stime after a command name holding spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 17 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 11 0 12345 1000 200';
    expect(parseStat(stat)).toEqual({ pid: 4242, parentPid: 17, cpuMs: 3250 });
  });

  it('counts the CPU of this process, which grows as it works', () => {
    const before = treeCpuMs(process.pid);
    // Busy until this process has used 60 ms of CPU (six of /proc's 10 ms ticks), however long that
    // takes on a loaded machine: a wall-clock wait could pass with less than one tick used.
    const started = process.cpuUsage();
    const used = () => {
      const { user, system } = process.cpuUsage(started);
      return (user + system) / 1000;
    };
    while (used() < 60) Math.sqrt(Math.random());
    expect(treeCpuMs(process.pid)).toBeGreaterThan(before);
  });

  it('finds the process listening on a port', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(pidListeningOn((server.address() as AddressInfo).port)).toBe(process.pid);
    } finally {
      server.close();
    }
  });
});
