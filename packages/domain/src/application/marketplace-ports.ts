import type { Paise } from '../money/money.ts';
import type { RefundSplitPolicy } from '../money/fee-policy.ts';
import type { MediaLimits } from '../media/media.ts';
import type { Clock, IdGenerator } from '../ports/clock.port.ts';
import type { ContractRepository } from '../ports/contract-repository.port.ts';
import type { EscrowRepository } from '../ports/escrow-repository.port.ts';
import type { JobRepository } from '../ports/job-repository.port.ts';
import type { Ledger } from '../ports/ledger.port.ts';
import type { MediaStorage } from '../ports/media-storage.port.ts';
import type { OperationJournal } from '../ports/operation-journal.port.ts';
import type { PaymentGateway } from '../ports/payment-gateway.port.ts';
import type { PayoutAccountRepository } from '../ports/payout-account.port.ts';
import type { ReviewRepository } from '../ports/review-repository.port.ts';
import type { UserDirectory } from '../ports/user-directory.port.ts';

/** Everything outside the domain that the use cases talk to. */
export interface MarketplacePorts {
  readonly contracts: ContractRepository;
  readonly jobs: JobRepository;
  readonly escrows: EscrowRepository;
  readonly ledger: Ledger;
  readonly payoutAccounts: PayoutAccountRepository;
  readonly reviews: ReviewRepository;
  readonly users: UserDirectory;
  readonly payments: PaymentGateway;
  readonly media: MediaStorage;
  readonly operations: OperationJournal;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** The business policies that operators may tune; defaults follow the domain rules. */
export interface MarketplacePolicy {
  readonly platformFeeBps: number;
  readonly refundSplit: RefundSplitPolicy;
  readonly mediaLimits: MediaLimits;
  /** The most items any list returns. */
  readonly listLimitMax: number;
  /** How long the client has to answer a delivery before the escrow is released to the freelancer. */
  readonly reviewPeriodMs: number;
  /** How often a client may send a delivery back for changes before a dispute is the way. */
  readonly changeRequestsMax: number;
  /** The smallest withdrawal from a wallet. */
  readonly withdrawalMinPaise: Paise;
}
