import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walletAccount } from '@skillhouse/domain';
import { connectMongo, createMongoosePorts, type MongoConnection, type MongoosePorts } from '@skillhouse/persistence-mongoose';
import { freshId, Marketplace, startIntegrationApi, type IntegrationApi } from './testing/integration-api.ts';

/**
 * `pnpm --filter @skillhouse/api audit` as a process against FerretDB: clean after a hire, a
 * release and a refund made over HTTP; exit 1 naming the rule once a violation is injected.
 */
const run = promisify(execFile);
const appDirectory = fileURLToPath(new URL('..', import.meta.url));

function auditCommand(uri: string) {
  return run('pnpm', ['exec', 'tsx', 'src/audit.ts'], { cwd: appDirectory, env: { ...process.env, MONGODB_URI: uri }, timeout: 120_000 });
}

let api: IntegrationApi;
let mongo: MongoConnection;
let ports: MongoosePorts;
let uri: string;

beforeAll(async () => {
  api = await startIntegrationApi('audit');
  uri = api.config.database.kind === 'mongo' ? api.config.database.uri : '';
  mongo = await connectMongo(uri);
  ports = await createMongoosePorts(mongo.connection);
});
afterAll(async () => {
  await mongo.close();
  await api.close();
});

describe('the audit command', () => {
  it('finds nothing wrong after money moved through the API, then names an injected violation and exits 1', async () => {
    const marketplace = new Marketplace(api);
    const clientId = freshId();
    const freelancerId = freshId();
    const { contractId } = await marketplace.fundedContract(clientId, freelancerId);
    await marketplace.advance(contractId, freelancerId, 'Completed');
    await marketplace.release(contractId, clientId);
    await marketplace.fundedContract(freshId(), freshId());

    const clean = await auditCommand(uri);
    expect(clean.stdout).toContain('"violations":0');

    await ports.ledger.record([
      {
        id: `injected:${freshId()}`,
        debitAccount: walletAccount(freshId()),
        creditAccount: 'processor',
        amountPaise: 500,
        kind: 'withdrawal_paid_out',
        escrowId: null,
        contractId: null,
        withdrawalId: null,
        externalId: null,
        description: 'money out of a wallet that never held any',
        at: new Date(),
      },
    ]);
    const failed = auditCommand(uri);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('wallet-not-negative') });
  });
});
