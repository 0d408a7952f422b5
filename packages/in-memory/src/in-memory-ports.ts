import type { MarketplacePorts } from '@skillhouse/domain';
import { RandomObjectIds, SystemClock } from '@skillhouse/system-clock-and-ids';
import { InMemoryContractRepository } from './in-memory-contract-repository.ts';
import { InMemoryEscrowRepository } from './in-memory-escrow-repository.ts';
import { InMemoryJobRepository } from './in-memory-job-repository.ts';
import { InMemoryLedgerJournal } from './in-memory-ledger-journal.ts';
import { InMemoryMediaStorage } from './in-memory-media-storage.ts';
import { InMemoryOperationJournal } from './in-memory-operation-journal.ts';
import { InMemoryPaymentGateway } from './in-memory-payment-gateway.ts';
import { InMemoryReviewRepository } from './in-memory-review-repository.ts';
import { InMemoryUserDirectory } from './in-memory-user-directory.ts';

/** The in-memory ports, typed concretely so tests can inspect what the adapters hold. */
export interface InMemoryPorts extends MarketplacePorts {
  readonly contracts: InMemoryContractRepository;
  readonly jobs: InMemoryJobRepository;
  readonly escrows: InMemoryEscrowRepository;
  readonly ledger: InMemoryLedgerJournal;
  readonly reviews: InMemoryReviewRepository;
  readonly users: InMemoryUserDirectory;
  readonly payments: InMemoryPaymentGateway;
  readonly media: InMemoryMediaStorage;
  readonly operations: InMemoryOperationJournal;
}

/** Every port in memory but the clock and ids, which are the system's; `overrides` replace any of them. */
export function createInMemoryPorts(overrides: Partial<InMemoryPorts> = {}): InMemoryPorts {
  return {
    contracts: new InMemoryContractRepository(),
    jobs: new InMemoryJobRepository(),
    escrows: new InMemoryEscrowRepository(),
    ledger: new InMemoryLedgerJournal(),
    reviews: new InMemoryReviewRepository(),
    users: new InMemoryUserDirectory(),
    payments: new InMemoryPaymentGateway(),
    media: new InMemoryMediaStorage(),
    operations: new InMemoryOperationJournal(),
    clock: new SystemClock(),
    ids: new RandomObjectIds(),
    ...overrides,
  };
}
