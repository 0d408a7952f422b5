import { request as httpRequest } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { composeApi } from './composition/container.ts';
import { loadConfig } from './config/config.ts';
import { DEMO_USERS, demoTokens } from './embedded/demo-users.ts';
import { createLogger } from './logging/logger.ts';
import { PROJECTION_REPAIR_WINDOW_MS_AT_START } from './recovery/recovery-schedule.ts';
import { startServer } from './server.ts';
import { request } from './testing/test-server.ts';

/** The process lifecycle on the embedded default: demo users that work, and a shutdown that drains. */
async function embeddedServer() {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
  return { config, running: await startServer(await composeApi(config, createLogger(config.logLevel))) };
}

describe('startServer on the embedded default', () => {
  it('seeds the demo users, whose tokens work', async () => {
    const { config, running } = await embeddedServer();
    try {
      const tokens = demoTokens(config.jwtSecret);
      const client = DEMO_USERS.find((user) => user.role === 'client')!;
      const wallet = await request(running.url, 'GET', `/api/freelancer/wallet/earnings/${client.id}`, { token: tokens.client.token });
      expect(wallet.status).toBe(200);
      const all = await request(running.url, 'GET', '/api/client/all-contracts', { token: tokens.admin.token });
      expect(all.body).toEqual({ data: [], nextCursor: null });
    } finally {
      await running.stop();
    }
  });

  it('answers before the start-up recovery finishes, and waits for that run on stop', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent' });
    const parts = await composeApi(config, createLogger(config.logLevel));
    const recovery = parts.marketplace.recoverInterruptedOperations;
    const recover = recovery.execute.bind(recovery);
    let finishRecovery!: () => void;
    const recoveryMayFinish = new Promise<void>((resolve) => (finishRecovery = resolve));
    const execute = vi.spyOn(recovery, 'execute').mockImplementation(async (options) => {
      await recoveryMayFinish;
      return recover(options);
    });

    const running = await startServer(parts);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
    expect(execute).toHaveBeenCalledTimes(1);
    const since = execute.mock.calls[0]![0].projectionsRecordedSince!.getTime();
    expect(Date.now() - since).toBeGreaterThanOrEqual(PROJECTION_REPAIR_WINDOW_MS_AT_START);

    let stopped = false;
    const stopping = running.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    finishRecovery();
    await stopping;
  });

  it('lets a request in flight finish on stop, then refuses new connections', async () => {
    const { running } = await embeddedServer();
    const port = new URL(running.url).port;
    let stopped: Promise<void> | undefined;
    const answered = new Promise<number>((resolve, reject) => {
      const inFlight = httpRequest(
        { host: '127.0.0.1', port, method: 'POST', path: '/webhook', headers: { 'content-length': '4' } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      inFlight.on('error', reject);
      // Once the server has the request, stop; only then does the rest of its body arrive.
      running.server.once('request', () => {
        stopped = running.stop();
        inFlight.end('  ');
      });
      inFlight.write('{}');
    });
    expect(await answered).toBe(400);
    await stopped;
    await expect(fetch(`${running.url}/healthz`)).rejects.toThrow();
  });
});
