import { PLATFORM_FEE_BPS_DEFAULT, REFUND_SPLIT_POLICY_DEFAULT, requireBasisPoints } from '../money/fee-policy.ts';
import { MEDIA_LIMITS_DEFAULT } from '../media/media.ts';
import { assert } from '../shared/domain-error.ts';
import { LOOKUP_IDS_MAX } from '../shared/ids.ts';
import { AcceptContract } from '../use-cases/accept-contract.use-case.ts';
import { CancelContract } from '../use-cases/cancel-contract.use-case.ts';
import { ContractQueries } from '../use-cases/contract-queries.use-case.ts';
import { CreateCheckout } from '../use-cases/create-checkout.use-case.ts';
import { CreateContract } from '../use-cases/create-contract.use-case.ts';
import { GetEarnings } from '../use-cases/get-earnings.use-case.ts';
import { GetJob } from '../use-cases/get-job.use-case.ts';
import { ListReviews } from '../use-cases/list-reviews.use-case.ts';
import { PostJob } from '../use-cases/post-job.use-case.ts';
import { RateFreelancer } from '../use-cases/rate-freelancer.use-case.ts';
import { RecordPayment } from '../use-cases/record-payment.use-case.ts';
import { RecoverInterruptedOperations } from '../use-cases/recover-interrupted-operations.use-case.ts';
import { RefundEscrow } from '../use-cases/refund-escrow.use-case.ts';
import { ReleaseEscrow } from '../use-cases/release-escrow.use-case.ts';
import { RequestRelease } from '../use-cases/request-release.use-case.ts';
import { UpdateContractStatus } from '../use-cases/update-contract-status.use-case.ts';
import { UploadMedia } from '../use-cases/upload-media.use-case.ts';
import { EscrowSettlement } from './escrow-settlement.ts';
import type { MarketplacePolicy, MarketplacePorts } from './marketplace-ports.ts';
import { Reconciliation } from './reconciliation.ts';

export const MARKETPLACE_POLICY_DEFAULT: MarketplacePolicy = {
  platformFeeBps: PLATFORM_FEE_BPS_DEFAULT,
  refundSplit: REFUND_SPLIT_POLICY_DEFAULT,
  mediaLimits: MEDIA_LIMITS_DEFAULT,
  listLimitMax: 500,
};

/** The marketplace: every use case, wired to one set of ports; what the API and library users call. */
export interface Marketplace {
  readonly postJob: PostJob;
  readonly getJob: GetJob;
  readonly createCheckout: CreateCheckout;
  readonly recordPayment: RecordPayment;
  readonly createContract: CreateContract;
  readonly acceptContract: AcceptContract;
  readonly updateContractStatus: UpdateContractStatus;
  readonly cancelContract: CancelContract;
  readonly requestRelease: RequestRelease;
  readonly releaseEscrow: ReleaseEscrow;
  readonly refundEscrow: RefundEscrow;
  readonly rateFreelancer: RateFreelancer;
  readonly listReviews: ListReviews;
  readonly contracts: ContractQueries;
  readonly getEarnings: GetEarnings;
  readonly uploadMedia: UploadMedia;
  readonly recoverInterruptedOperations: RecoverInterruptedOperations;
}

export function createMarketplace(ports: MarketplacePorts, overrides: Partial<MarketplacePolicy> = {}): Marketplace {
  const policy: MarketplacePolicy = { ...MARKETPLACE_POLICY_DEFAULT, ...overrides };
  requireBasisPoints(policy.platformFeeBps, 'platform fee');
  for (const share of Object.values(policy.refundSplit)) requireBasisPoints(share, 'refund share');
  assert(Number.isSafeInteger(policy.listLimitMax) && policy.listLimitMax > 0, 'listLimitMax must be a positive integer');
  // A listed contract names two people, and each list fills them with one batch read.
  assert(policy.listLimitMax * 2 <= LOOKUP_IDS_MAX, `listLimitMax must be at most ${LOOKUP_IDS_MAX / 2}`);

  const settlement = new EscrowSettlement(ports, policy);
  const reconciliation = new Reconciliation(ports, settlement);
  const cancelContract = new CancelContract(ports, reconciliation);
  return {
    postJob: new PostJob(ports),
    getJob: new GetJob(reconciliation),
    createCheckout: new CreateCheckout(ports, reconciliation),
    recordPayment: new RecordPayment(ports, policy, reconciliation),
    createContract: new CreateContract(ports, reconciliation),
    acceptContract: new AcceptContract(ports),
    updateContractStatus: new UpdateContractStatus(ports, cancelContract),
    cancelContract,
    requestRelease: new RequestRelease(ports, reconciliation),
    releaseEscrow: new ReleaseEscrow(ports, reconciliation, settlement),
    refundEscrow: new RefundEscrow(ports, reconciliation, settlement),
    rateFreelancer: new RateFreelancer(ports, reconciliation),
    listReviews: new ListReviews(ports, policy),
    contracts: new ContractQueries(ports, policy, reconciliation),
    getEarnings: new GetEarnings(ports, policy),
    uploadMedia: new UploadMedia(ports, policy),
    recoverInterruptedOperations: new RecoverInterruptedOperations(ports, reconciliation),
  };
}
