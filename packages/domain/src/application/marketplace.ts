import { PLATFORM_FEE_BPS_DEFAULT, REFUND_SPLIT_POLICY_DEFAULT, requireBasisPoints } from '../money/fee-policy.ts';
import { MEDIA_LIMITS_DEFAULT } from '../media/media.ts';
import { assert } from '../shared/domain-error.ts';
import { LOOKUP_IDS_MAX } from '../shared/ids.ts';
import { CancelContract } from '../use-cases/cancel-contract.use-case.ts';
import { AcceptContract } from '../use-cases/accept-contract.use-case.ts';
import { UpdateContractStatus } from '../use-cases/update-contract-status.use-case.ts';
import { CreateCheckout } from '../use-cases/create-checkout.use-case.ts';
import { CreateContract } from '../use-cases/create-contract.use-case.ts';
import type { MarketplacePolicy, MarketplacePorts } from './marketplace-ports.ts';
import { GetJob } from '../use-cases/get-job.use-case.ts';
import { PostJob } from '../use-cases/post-job.use-case.ts';
import { ContractQueries } from '../use-cases/contract-queries.use-case.ts';
import { GetEarnings } from '../use-cases/get-earnings.use-case.ts';
import { ListReviews } from '../use-cases/list-reviews.use-case.ts';
import { RateFreelancer } from '../use-cases/rate-freelancer.use-case.ts';
import { AddDisputeStatement } from '../use-cases/add-dispute-statement.use-case.ts';
import { ContractHistory } from '../use-cases/contract-history.use-case.ts';
import { DecideDispute } from '../use-cases/decide-dispute.use-case.ts';
import { EscrowFlow } from './escrow-flow.ts';
import { GetDispute, ListDisputes } from '../use-cases/get-dispute.use-case.ts';
import { ListPayments } from '../use-cases/list-payments.use-case.ts';
import { OpenDispute } from '../use-cases/open-dispute.use-case.ts';
import { ReleaseLapsedReviews } from '../use-cases/release-lapsed-reviews.use-case.ts';
import { RequestChanges } from '../use-cases/request-changes.use-case.ts';
import { WithdrawDispute } from '../use-cases/withdraw-dispute.use-case.ts';
import { RecordPayment } from '../use-cases/record-payment.use-case.ts';
import { RecoverInterruptedOperations } from '../use-cases/recover-interrupted-operations.use-case.ts';
import { RefundEscrow } from '../use-cases/refund-escrow.use-case.ts';
import { ReleaseEscrow } from '../use-cases/release-escrow.use-case.ts';
import { RequestRelease } from '../use-cases/request-release.use-case.ts';
import { UploadMedia } from '../use-cases/upload-media.use-case.ts';
import { ListAdminQueue } from '../use-cases/admin-queue.use-case.ts';
import { ContractForAdmin } from '../use-cases/contract-for-admin.use-case.ts';
import { PreviewResolution } from '../use-cases/preview-resolution.use-case.ts';
import { Withdraw } from '../use-cases/withdraw.use-case.ts';
import { ConnectPayoutAccount, GetPayoutAccount, ListWithdrawals, RecordPayoutAccountState } from '../use-cases/payout-account.use-case.ts';
import { PayoutFlow } from './payout-flow.ts';
import { RecordPayoutReversed } from '../use-cases/record-payout-reversed.use-case.ts';
import { AuditBooks } from '../use-cases/audit-books.use-case.ts';
import { RecordProcessorReport } from '../use-cases/record-processor-report.use-case.ts';
import { RetryClientRefund } from '../use-cases/retry-client-refund.use-case.ts';
import { SettleRefundByHand } from '../use-cases/settle-refund-by-hand.use-case.ts';
import { Reconcile } from '../use-cases/reconcile.use-case.ts';

export const DAY_MS = 24 * 60 * 60 * 1_000;
export const REVIEW_PERIOD_DAYS_DEFAULT = 14;
/** ₹100: the smallest withdrawal unless configured otherwise. */
export const WITHDRAWAL_PAISE_MIN_DEFAULT = 10_000;

export const MARKETPLACE_POLICY_DEFAULT: MarketplacePolicy = {
  platformFeeBps: PLATFORM_FEE_BPS_DEFAULT,
  refundSplit: REFUND_SPLIT_POLICY_DEFAULT,
  mediaLimits: MEDIA_LIMITS_DEFAULT,
  listLimitMax: 500,
  reviewPeriodMs: REVIEW_PERIOD_DAYS_DEFAULT * DAY_MS,
  changeRequestsMax: 5,
  withdrawalMinPaise: WITHDRAWAL_PAISE_MIN_DEFAULT,
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
  readonly listAdminQueue: ListAdminQueue;
  readonly contractForAdmin: ContractForAdmin;
  readonly previewResolution: PreviewResolution;
  readonly connectPayoutAccount: ConnectPayoutAccount;
  readonly getPayoutAccount: GetPayoutAccount;
  readonly recordPayoutAccountState: RecordPayoutAccountState;
  readonly withdraw: Withdraw;
  readonly listWithdrawals: ListWithdrawals;
  readonly recordPayoutReversed: RecordPayoutReversed;
  readonly recordProcessorReport: RecordProcessorReport;
  readonly retryClientRefund: RetryClientRefund;
  readonly settleRefundByHand: SettleRefundByHand;
  readonly reconcile: Reconcile;
  readonly auditBooks: AuditBooks;
}

export function createMarketplace(ports: MarketplacePorts, overrides: Partial<MarketplacePolicy> = {}): Marketplace {
  const policy: MarketplacePolicy = { ...MARKETPLACE_POLICY_DEFAULT, ...overrides };
  requireBasisPoints(policy.platformFeeBps, 'platform fee');
  for (const share of Object.values(policy.refundSplit)) requireBasisPoints(share, 'refund share');
  assert(Number.isSafeInteger(policy.listLimitMax) && policy.listLimitMax > 0, 'listLimitMax must be a positive integer');
  // A listed contract names two people, and each list fills them with one batch read.
  assert(policy.listLimitMax * 2 <= LOOKUP_IDS_MAX, `listLimitMax must be at most ${LOOKUP_IDS_MAX / 2}`);

  assert(Number.isSafeInteger(policy.reviewPeriodMs) && policy.reviewPeriodMs > 0, 'reviewPeriodMs must be a positive integer');
  assert(Number.isSafeInteger(policy.changeRequestsMax) && policy.changeRequestsMax >= 0, 'changeRequestsMax must be a whole number');
  assert(Number.isSafeInteger(policy.withdrawalMinPaise) && policy.withdrawalMinPaise > 0, 'withdrawalMinPaise must be a positive integer');

  const flow = new EscrowFlow(ports, policy);
  const cancelContract = new CancelContract(ports, flow);
  const contracts = new ContractQueries(ports, policy, flow);
  const contractHistory = new ContractHistory(ports, flow);
  const getDispute = new GetDispute(flow);
  const payouts = new PayoutFlow(ports);
  return {
    postJob: new PostJob(ports),
    getJob: new GetJob(flow),
    createCheckout: new CreateCheckout(ports, flow),
    recordPayment: new RecordPayment(ports, policy, flow),
    createContract: new CreateContract(ports, flow),
    acceptContract: new AcceptContract(ports, flow),
    updateContractStatus: new UpdateContractStatus(ports, flow, cancelContract),
    cancelContract,
    requestRelease: new RequestRelease(ports, flow),
    releaseEscrow: new ReleaseEscrow(ports, flow),
    refundEscrow: new RefundEscrow(ports, policy, flow),
    rateFreelancer: new RateFreelancer(ports, flow),
    listReviews: new ListReviews(ports),
    contracts,
    getEarnings: new GetEarnings(ports, policy),
    uploadMedia: new UploadMedia(ports, policy),
    requestChanges: new RequestChanges(ports, policy, flow),
    openDispute: new OpenDispute(ports, flow),
    addDisputeStatement: new AddDisputeStatement(ports, flow),
    withdrawDispute: new WithdrawDispute(ports, flow),
    decideDispute: new DecideDispute(ports, flow),
    getDispute,
    listDisputes: new ListDisputes(ports),
    contractHistory,
    listPayments: new ListPayments(ports),
    releaseLapsedReviews: new ReleaseLapsedReviews(ports, flow),
    listAdminQueue: new ListAdminQueue(ports),
    contractForAdmin: new ContractForAdmin(contracts, contractHistory, getDispute),
    previewResolution: new PreviewResolution(ports, policy, flow),
    recoverInterruptedOperations: new RecoverInterruptedOperations(ports, flow, payouts),
    connectPayoutAccount: new ConnectPayoutAccount(ports),
    getPayoutAccount: new GetPayoutAccount(ports),
    recordPayoutAccountState: new RecordPayoutAccountState(ports),
    withdraw: new Withdraw(ports, policy, payouts),
    listWithdrawals: new ListWithdrawals(ports),
    recordPayoutReversed: new RecordPayoutReversed(payouts),
    recordProcessorReport: new RecordProcessorReport(ports, flow),
    retryClientRefund: new RetryClientRefund(ports, flow),
    settleRefundByHand: new SettleRefundByHand(ports, flow),
    reconcile: new Reconcile(ports),
    auditBooks: new AuditBooks(ports),
  };
}
