import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitPlatformFee } from '@skillhouse/domain';
import { connectMongo, createMongoosePorts, type MongoConnection, type MongoosePorts } from '@skillhouse/persistence-mongoose';
import { freePort } from '@skillhouse/test-servers';
import { freshId, Marketplace, startIntegrationApi, type IntegrationApi } from './testing/integration-api.ts';
import { request } from './testing/test-server.ts';

/**
 * `pnpm --filter @skillhouse/api recover` as a process against FerretDB: a payment whose processing
 * stopped right after the escrow was claimed (the contract never made) is finished by the command.
 */
const run = promisify(execFile);
const appDirectory = fileURLToPath(new URL('..', import.meta.url));

function recoverCommand(env: Record<string, string>) {
  return run('pnpm', ['exec', 'tsx', 'src/recover.ts'], {
    cwd: appDirectory,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    timeout: 60_000,
  });
}

let api: IntegrationApi;
let mongo: MongoConnection;
let ports: MongoosePorts;

beforeAll(async () => {
  api = await startIntegrationApi('recover');
  const uri = api.config.database.kind === 'mongo' ? api.config.database.uri : '';
  mongo = await connectMongo(uri);
  ports = await createMongoosePorts(mongo.connection);
});
afterAll(async () => {
  await mongo.close();
  await api.close();
});

describe('the recover command', () => {
  it('finishes an interrupted payment and exits 0', async () => {
    const clientId = freshId();
    const freelancerId = freshId();
    const jobId = await new Marketplace(api).postJob(clientId);
    const checkoutSessionId = `cs_test_${freshId()}`;
    const longAgo = new Date(Date.now() - 10 * 60_000);
    await ports.operations.open({ id: freshId(), subject: { type: 'checkoutSession', id: checkoutSessionId }, openedAt: longAgo });
    const fee = splitPlatformFee(5_000_000, 1000);
    await ports.escrows.claim({
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
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract).toBeNull();

    const { stdout } = await recoverCommand({ ...envOf(api) });
    expect(stdout).toContain('"finished":1');
    const contract = (await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body.contract;
    expect(contract).toMatchObject({ status: 'Pending', amount: 50000, escrowId: expect.any(String) });
  });

  it('exits non-zero when the database cannot be reached', async () => {
    const unreachable = `mongodb://127.0.0.1:${await freePort()}/nothing`;
    await expect(recoverCommand({ ...envOf(api), MONGODB_URI: unreachable })).rejects.toMatchObject({ code: 1 });
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
