/**
 * @skillhouse/domain: the escrow, fee and contract-lifecycle rules of Skillhouse Escrow. No I/O:
 * everything outside is reached through the ports below; `createMarketplace` wires the use cases.
 */
export * from './shared/domain-error.ts';
export * from './shared/validation.errors.ts';
export * from './shared/concurrency.errors.ts';
export * from './shared/ids.ts';
export * from './shared/page.ts';
export * from './money/money.ts';
export * from './money/fee-policy.ts';
export * from './user/user.ts';
export * from './user/authorization.ts';
export * from './user/user.errors.ts';
export * from './job/job.ts';
export * from './job/job.errors.ts';
export * from './contract/contract.ts';
export * from './contract/contract.decide.ts';
export * from './contract/contract.errors.ts';
export * from './escrow/escrow.ts';
export * from './escrow/escrow.errors.ts';
export * from './escrow/escrow.decide.ts';
export * from './escrow/dispute.ts';
export * from './escrow/escrow-queue.ts';
export * from './ledger/ledger.ts';
export * from './ledger/escrow-transfers.ts';
export * from './ledger/withdrawal.ts';
export * from './ledger/audit.ts';
export * from './ledger/reconciliation.ts';
export * from './payout/payout-account.ts';
export * from './payout/payout.errors.ts';
export * from './review/review.ts';
export * from './review/review.errors.ts';
export * from './media/media.ts';
export * from './media/media.errors.ts';
export * from './payment/payment.errors.ts';
export * from './payment/checkout-metadata.ts';
export type * from './ports/event-stream.port.ts';
export type * from './ports/contract-repository.port.ts';
export type * from './ports/job-repository.port.ts';
export type * from './ports/escrow-repository.port.ts';
export type * from './ports/ledger.port.ts';
export type * from './ports/payout-account.port.ts';
export type * from './ports/review-repository.port.ts';
export type * from './ports/user-directory.port.ts';
export * from './ports/payment-gateway.port.ts';
export type * from './ports/media-storage.port.ts';
export type * from './ports/operation-journal.port.ts';
export { OPERATION_SUBJECT_TYPES } from './ports/operation-journal.port.ts';
export type * from './ports/clock.port.ts';
export type * from './application/marketplace-ports.ts';
export * from './application/marketplace.ts';
export * from './application/stream-append.ts';
export { PayoutFlow, type PayoutAttempt } from './application/payout-flow.ts';
export { DEBIT_ATTEMPTS_MAX } from './use-cases/withdraw.use-case.ts';
export type { PayoutAccountState } from './use-cases/payout-account.use-case.ts';
export { EscrowFlow, PAYMENT_RETURN_REASONS, type PaymentReturnReason } from './application/escrow-flow.ts';
export type { HistoryEntry } from './use-cases/contract-history.use-case.ts';
export type { LapsedReviewsReport } from './use-cases/release-lapsed-reviews.use-case.ts';
export type { CheckoutOutcome, RecordPaymentResult } from './use-cases/record-payment.use-case.ts';
export { auditBooks, type AuditedPorts, type BooksAudit } from './use-cases/audit-books.use-case.ts';
export type { ProcessorReport, ProcessorReportResult } from './use-cases/record-processor-report.use-case.ts';
export { RECONCILIATION_WINDOW_DAYS_DEFAULT, type ReconciliationReport } from './use-cases/reconcile.use-case.ts';
export { REFUND_SETTLEMENT_NOTE_LENGTH_MAX } from './use-cases/settle-refund-by-hand.use-case.ts';
export type { ContractDetails, ContractFilters, ContractListItem } from './use-cases/contract-queries.use-case.ts';
export type { Earnings } from './use-cases/get-earnings.use-case.ts';
// What each use case takes, for library users who build their commands apart from the call.
export type { AddDisputeStatementCommand } from './use-cases/add-dispute-statement.use-case.ts';
export type { QueueQuery } from './use-cases/admin-queue.use-case.ts';
export type { CancelContractCommand } from './use-cases/cancel-contract.use-case.ts';
export type { CreateCheckoutCommand } from './use-cases/create-checkout.use-case.ts';
export type { CreateContractCommand } from './use-cases/create-contract.use-case.ts';
export type { DecideDisputeCommand } from './use-cases/decide-dispute.use-case.ts';
export type { FailedRefundTarget } from './use-cases/failed-refund-escrow.ts';
export type { OpenDisputeCommand } from './use-cases/open-dispute.use-case.ts';
export type { PostJobCommand } from './use-cases/post-job.use-case.ts';
export type { PreviewResolutionQuery } from './use-cases/preview-resolution.use-case.ts';
export type { RateFreelancerCommand } from './use-cases/rate-freelancer.use-case.ts';
export type { PayoutReversal } from './use-cases/record-payout-reversed.use-case.ts';
export type { RefundEscrowCommand } from './use-cases/refund-escrow.use-case.ts';
export type { UpdateContractStatusCommand } from './use-cases/update-contract-status.use-case.ts';
export type { UploadMediaCommand } from './use-cases/upload-media.use-case.ts';
export type { WithdrawCommand } from './use-cases/withdraw.use-case.ts';
export type {
  RecoveryFailure,
  RecoveryOptions,
  RecoveryReport,
  StuckOperation,
} from './use-cases/recover-interrupted-operations.use-case.ts';
export {
  PROJECTION_REPAIR_MAX,
  RECOVERY_BACKLOG_COUNT_MAX,
  RECOVERY_BATCH_MAX,
  RECOVERY_STUCK_ATTEMPTS_DEFAULT,
  recoveryRetryDelayMs,
} from './use-cases/recover-interrupted-operations.use-case.ts';
export {
  ADMIN_QUEUES,
  AUTO_RELEASE_HORIZON_MS,
  QUEUE_PAGE_SIZE_DEFAULT,
  QUEUE_PAGE_SIZE_MAX,
  type AdminQueueName,
  type QueueEntry,
  type QueuePage,
} from './use-cases/admin-queue.use-case.ts';
export type { ContractCase } from './use-cases/contract-for-admin.use-case.ts';
export { PREVIEWED_ACTIONS, type PreviewedAction, type ResolutionPreview } from './use-cases/preview-resolution.use-case.ts';
