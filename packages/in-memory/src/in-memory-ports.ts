import type { MarketplacePorts } from '@skillhouse/domain';
import { InMemoryContractRepository } from './in-memory-contract-repository.ts';
import { InMemoryEscrowRepository } from './in-memory-escrow-repository.ts';
import { InMemoryJobRepository } from './in-memory-job-repository.ts';
import { InMemoryLedger } from './in-memory-ledger.ts';
import { InMemoryMediaStorage } from './in-memory-media-storage.ts';
import { InMemoryOperationJournal } from './in-memory-operation-journal.ts';
import { InMemoryPaymentGateway } from './in-memory-payment-gateway.ts';
import { InMemoryPayoutAccounts } from './in-memory-payout-accounts.ts';
import { InMemoryReviewRepository } from './in-memory-review-repository.ts';
import { InMemoryUserDirectory } from './in-memory-user-directory.ts';

/**
 * The in-memory ports, typed concretely so tests can inspect what the adapters hold. The clock and
 * ids are not kept in memory: the caller brings them (the system's, or a test's).
 */
export interface InMemoryPorts extends Omit<MarketplacePorts, 'clock' | 'ids'> {
  readonly contracts: InMemoryContractRepository;
  readonly jobs: InMemoryJobRepository;
  readonly escrows: InMemoryEscrowRepository;
  readonly ledger: InMemoryLedger;
  readonly payoutAccounts: InMemoryPayoutAccounts;
  readonly reviews: InMemoryReviewRepository;
  readonly users: InMemoryUserDirectory;
  readonly payments: InMemoryPaymentGateway;
  readonly media: InMemoryMediaStorage;
  readonly operations: InMemoryOperationJournal;
}

/** Every port in memory; `overrides` replace any of them. */
export function createInMemoryPorts(overrides: Partial<InMemoryPorts> = {}): InMemoryPorts {
  const ledger = overrides.ledger ?? new InMemoryLedger();
  return {
    contracts: new InMemoryContractRepository(),
    jobs: new InMemoryJobRepository(),
    escrows: new InMemoryEscrowRepository(ledger),
    ledger,
    payoutAccounts: new InMemoryPayoutAccounts(),
    reviews: new InMemoryReviewRepository(),
    users: new InMemoryUserDirectory(),
    payments: new InMemoryPaymentGateway(),
    media: new InMemoryMediaStorage(),
    operations: new InMemoryOperationJournal(),
    ...overrides,
  };
}
