import { PLATFORM_FEE_BPS_DEFAULT, REFUND_SPLIT_POLICY_DEFAULT, requireBasisPoints } from '../money/fee-policy.ts';
import { MEDIA_LIMITS_DEFAULT } from '../media/media.ts';
import { assert } from '../shared/domain-error.ts';
import { LOOKUP_IDS_MAX } from '../shared/ids.ts';
import { CancelContract } from './cancel-contract.use-case.ts';
import { ApproveContract, UpdateContractStatus } from './contract-work.use-case.ts';
import { CreateCheckout } from './create-checkout.use-case.ts';
import { CreateContract } from './create-contract.use-case.ts';
import type { EscrowPolicy, EscrowPorts } from './escrow-ports.ts';
import { GetJob } from './get-job.use-case.ts';
import { PostJob } from './post-job.use-case.ts';
import { ContractQueries, GetEarnings, ListReviews } from './queries.use-case.ts';
import { RateFreelancer } from './rate-freelancer.use-case.ts';
import { AddDisputeStatement } from './add-dispute-statement.use-case.ts';
import { ContractHistory } from './contract-history.use-case.ts';
import { DecideDispute } from './decide-dispute.use-case.ts';
import { EscrowFlow } from './escrow-flow.ts';
import { GetDispute, ListDisputes } from './get-dispute.use-case.ts';
import { ListPayments } from './list-payments.use-case.ts';
import { OpenDispute } from './open-dispute.use-case.ts';
import { ReleaseLapsedReviews } from './release-lapsed-reviews.use-case.ts';
import { RequestChanges } from './request-changes.use-case.ts';
import { WithdrawDispute } from './withdraw-dispute.use-case.ts';
import { RecordPayment } from './record-payment.use-case.ts';
import { RecoverInterruptedOperations } from './recover-interrupted-operations.use-case.ts';
import { RefundEscrow } from './refund-escrow.use-case.ts';
import { ReleaseEscrow } from './release-escrow.use-case.ts';
import { RequestRelease } from './request-release.use-case.ts';
import { UploadMedia } from './upload-media.use-case.ts';

export const DAY_MS = 24 * 60 * 60 * 1_000;
export const REVIEW_PERIOD_DAYS_DEFAULT = 14;

export const ESCROW_POLICY_DEFAULT: EscrowPolicy = {
  platformFeeBps: PLATFORM_FEE_BPS_DEFAULT,
  refundSplit: REFUND_SPLIT_POLICY_DEFAULT,
  mediaLimits: MEDIA_LIMITS_DEFAULT,
  listLimitMax: 500,
  reviewPeriodMs: REVIEW_PERIOD_DAYS_DEFAULT * DAY_MS,
  changeRequestsMax: 5,
};

/** Every use case of the service, wired to one set of ports: what the API and library users call. */
export interface EscrowService {
  readonly postJob: PostJob;
  readonly getJob: GetJob;
  readonly createCheckout: CreateCheckout;
  readonly recordPayment: RecordPayment;
  readonly createContract: CreateContract;
  readonly approveContract: ApproveContract;
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
  readonly requestChanges: RequestChanges;
  readonly openDispute: OpenDispute;
  readonly addDisputeStatement: AddDisputeStatement;
  readonly withdrawDispute: WithdrawDispute;
  readonly decideDispute: DecideDispute;
  readonly getDispute: GetDispute;
  readonly listDisputes: ListDisputes;
  readonly contractHistory: ContractHistory;
  readonly listPayments: ListPayments;
  readonly releaseLapsedReviews: ReleaseLapsedReviews;
  readonly recoverInterruptedOperations: RecoverInterruptedOperations;
}

export function createEscrowService(ports: EscrowPorts, overrides: Partial<EscrowPolicy> = {}): EscrowService {
  const policy: EscrowPolicy = { ...ESCROW_POLICY_DEFAULT, ...overrides };
  requireBasisPoints(policy.platformFeeBps, 'platform fee');
  for (const share of Object.values(policy.refundSplit)) requireBasisPoints(share, 'refund share');
  assert(Number.isSafeInteger(policy.listLimitMax) && policy.listLimitMax > 0, 'listLimitMax must be a positive integer');
  // A listed contract names two people, and each list fills them with one batch read.
  assert(policy.listLimitMax * 2 <= LOOKUP_IDS_MAX, `listLimitMax must be at most ${LOOKUP_IDS_MAX / 2}`);

  assert(Number.isSafeInteger(policy.reviewPeriodMs) && policy.reviewPeriodMs > 0, 'reviewPeriodMs must be a positive integer');
  assert(Number.isSafeInteger(policy.changeRequestsMax) && policy.changeRequestsMax >= 0, 'changeRequestsMax must be a whole number');

  const flow = new EscrowFlow(ports, policy);
  const cancelContract = new CancelContract(ports, flow);
  return {
    postJob: new PostJob(ports),
    getJob: new GetJob(flow),
    createCheckout: new CreateCheckout(ports, flow),
    recordPayment: new RecordPayment(ports, policy, flow),
    createContract: new CreateContract(ports, flow),
    approveContract: new ApproveContract(ports, flow),
    updateContractStatus: new UpdateContractStatus(ports, flow, cancelContract),
    cancelContract,
    requestRelease: new RequestRelease(ports, flow),
    releaseEscrow: new ReleaseEscrow(ports, flow),
    refundEscrow: new RefundEscrow(ports, policy, flow),
    rateFreelancer: new RateFreelancer(ports, flow),
    listReviews: new ListReviews(ports, policy),
    contracts: new ContractQueries(ports, policy, flow),
    getEarnings: new GetEarnings(ports, policy),
    uploadMedia: new UploadMedia(ports, policy),
    requestChanges: new RequestChanges(ports, policy, flow),
    openDispute: new OpenDispute(ports, flow),
    addDisputeStatement: new AddDisputeStatement(ports, flow),
    withdrawDispute: new WithdrawDispute(ports, flow),
    decideDispute: new DecideDispute(ports, flow),
    getDispute: new GetDispute(flow),
    listDisputes: new ListDisputes(ports, policy),
    contractHistory: new ContractHistory(ports, flow),
    listPayments: new ListPayments(ports, policy),
    releaseLapsedReviews: new ReleaseLapsedReviews(ports, flow),
    recoverInterruptedOperations: new RecoverInterruptedOperations(ports, flow),
  };
}
