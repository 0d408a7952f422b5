import { describe, expect, it } from 'vitest';
import { splitPlatformFee } from '@skillhouse/domain';
import { freePort } from '@skillhouse/test-servers';
import { runAppScript } from './testing/app-script.ts';
import { commandSuite } from './testing/command-suite.ts';
import { freshId, Marketplace, type IntegrationApi } from './testing/integration-api.ts';
import { request } from './testing/test-server.ts';

/**
 * `pnpm --filter @skillhouse/api recover` as a process against FerretDB: a payment whose processing
 * stopped right after the escrow was claimed (the contract never made) is finished by the command.
 */
function recoverCommand(env: Record<string, string>) {
  return runAppScript('recover.ts', { LOG_LEVEL: 'info', ...env }, 60_000);
}

const suite = commandSuite('recover');

describe('the recover command', () => {
  it('finishes an interrupted payment and exits 0', async () => {
    const clientId = freshId();
    const freelancerId = freshId();
    const jobId = await new Marketplace(suite().api).postJob(clientId);
    const checkoutSessionId = `cs_test_${freshId()}`;
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await suite().ports.operations.open({ id: freshId(), subject: { type: 'checkoutSession', id: checkoutSessionId }, openedAt: longAgo });
    const fee = splitPlatformFee(5_000_000, 1000);
    await suite().ports.escrows.claim({
      id: freshId(),
      checkoutSessionId,
      paymentIntentId: `pi_${checkoutSessionId}`,
      jobId,
      clientId,
      freelancerId,
      amountPaise: fee.amountPaise,
      platformFeePaise: fee.platformFeePaise,
      freelancerEarningPaise: fee.freelancerEarningPaise,
      proposedContractId: freshId(),
      fundedAt: longAgo,
    });
    expect((await request(suite().api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toBeNull();

    const { stdout } = await recoverCommand({ ...envOf(suite().api) });
    expect(stdout).toContain('"finished":1');
    const contract = (await request(suite().api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract;
    expect(contract).toMatchObject({ status: 'Pending', amount: 50000, escrowId: expect.any(String) });
  });

  it('exits non-zero when the database cannot be reached', async () => {
    const unreachable = `mongodb://127.0.0.1:${await freePort()}/nothing`;
    await expect(recoverCommand({ ...envOf(suite().api), MONGODB_URI: unreachable })).rejects.toMatchObject({ code: 1 });
  });

  it('refuses to run, with exit 2, without a database or with an argument it does not take', async () => {
    await expect(recoverCommand({ ...envOf(suite().api), MONGODB_URI: '' })).rejects.toMatchObject({
      code: 2,
      stdout: expect.stringContaining('MONGODB_URI, which is not set'),
    });
    await expect(runAppScript('recover.ts', envOf(suite().api), 60_000, ['--since=2026-11-01'])).rejects.toMatchObject({ code: 2 });
  });
});

function envOf(server: IntegrationApi): Record<string, string> {
  const { database, payments } = server.config;
  if (database.kind !== 'mongo' || payments.kind !== 'stripe') throw new Error('the integration API runs on MongoDB and Stripe');
  return {
    MONGODB_URI: database.uri,
    JWT_SECRET: server.config.jwtSecret,
    STRIPE_SECRET_KEY: payments.secretKey,
    STRIPE_WEBHOOK_SECRET: payments.webhookSecret,
    STRIPE_API_BASE: payments.apiBase?.toString() ?? '',
    CLIENT_URL: server.config.clientUrl,
  };
}
