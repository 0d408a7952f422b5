import { describe, expect, it } from 'vitest';
import { walletAccount } from '@skillhouse/domain';
import { runAppScript } from './testing/app-script.ts';
import { commandSuite } from './testing/command-suite.ts';
import { freshId, Marketplace } from './testing/integration-api.ts';

/**
 * `pnpm --filter @skillhouse/api audit-books` as a process against FerretDB: clean after a hire, a
 * release and a refund made over HTTP; exit 1 naming the rule once a violation is injected.
 */
function auditCommand(uri: string) {
  return runAppScript('audit.ts', { MONGODB_URI: uri }, 120_000);
}

const suite = commandSuite('audit');

describe('the audit command', () => {
  it('finds nothing wrong after money moved through the API, then names an injected violation and exits 1', async () => {
    const marketplace = new Marketplace(suite().api);
    const clientId = freshId();
    const freelancerId = freshId();
    const { contractId } = await marketplace.fundedContract(clientId, freelancerId);
    await marketplace.advance(contractId, freelancerId, 'Completed');
    await marketplace.release(contractId, clientId);
    await marketplace.fundedContract(freshId(), freshId());

    const clean = await auditCommand(suite().uri);
    expect(clean.stdout).toContain('"violations":0');

    await suite().ports.ledger.record([
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
    const failed = auditCommand(suite().uri);
    await expect(failed).rejects.toMatchObject({ code: 1, stdout: expect.stringContaining('wallet-not-negative') });
  });

  it('refuses to run, with exit 2, without a database', async () => {
    await expect(auditCommand('')).rejects.toMatchObject({ code: 2, stdout: expect.stringContaining('MONGODB_URI, which is not set') });
  });
});
