import {
  paiseToInr,
  type ContractDetails,
  type ContractListItem,
  type Earnings,
  type Marketplace,
  type Dispute,
  type EscrowResolution,
  type EscrowView,
  type HistoryEntry,
  type Job,
  type JobSummary,
  type Review,
  type User,
  type Withdrawal,
} from '@skillhouse/domain';

/**
 * The JSON documents the API answers with, in the shapes the API documents give: ids as `_id`,
 * amounts in INR (converted by the domain, exactly), references populated with a stable shape.
 */

function userReference(userId: string, user: User | null) {
  return { _id: userId, name: user === null || user.displayName === '' ? null : user.displayName, role: user?.role ?? null };
}

function jobReference(jobId: string, job: Job | null) {
  if (job === null) return { _id: jobId, title: null, description: null, rate: null, status: null };
  return { _id: job.id, title: job.title, description: job.description, rate: paiseToInr(job.ratePaise), status: job.status };
}

function jobSummaryReference(jobId: string, job: JobSummary | null) {
  if (job === null) return { _id: jobId, title: null, rate: null, status: null };
  return { _id: job.id, title: job.title, rate: paiseToInr(job.ratePaise), status: job.status };
}

/** A contract as lists show it: its job in summary, so a page's size does not grow with job descriptions. */
export function listedContractDocument(item: ContractListItem) {
  return contractShape(item, jobSummaryReference(item.contract.jobId, item.job));
}

/** A contract as the API shows it, populated: read after a change so every answer has one shape. */
export async function populatedContract(service: Pick<Marketplace, 'contracts'>, contractId: string) {
  return contractDocument(await service.contracts.view({ contractId }));
}

export function contractDocument(details: ContractDetails) {
  return contractShape(details, jobReference(details.contract.jobId, details.job));
}

/** Every contract document, its job shown as `jobId` (whole or in summary). */
function contractShape<J>(parts: Omit<ContractDetails, 'job'>, jobId: J) {
  const { contract, client, freelancer, escrow } = parts;
  const cancellation = contract.cancellation;
  return {
    _id: contract.id,
    jobId,
    clientId: userReference(contract.clientId, client),
    freelancerId: userReference(contract.freelancerId, freelancer),
    amount: paiseToInr(contract.amountPaise),
    status: contract.status,
    statusHistory: contract.statusHistory.map((entry) => ({ status: entry.status, date: entry.at.toISOString(), by: entry.by })),
    releaseFundStatus: contract.releaseFundStatus,
    escrowId: contract.escrowId,
    escrow: escrow === null ? null : contractEscrowDocument(escrow),
    cancelledBy: cancellation?.by ?? null,
    cancelReason: cancellation?.reason ?? null,
    cancelReasonDescription: cancellation?.description ?? null,
    canceledFrom: cancellation?.from ?? null,
    reviewEndsAt: escrow?.review?.endsAt.toISOString() ?? null,
    changeRequests: contract.changeRequests,
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}

/**
 * A contract's escrow as anyone may read it (contracts are served without authentication): without
 * the Stripe ids and the dispute's statements, which only the escrow's parties and admins read.
 */
function contractEscrowDocument(escrow: EscrowView) {
  const { resolution } = escrow;
  const refunded = resolution !== null && resolution.clientRefundPaise > 0;
  return {
    _id: escrow.id,
    contractId: escrow.contractId,
    jobId: escrow.jobId,
    clientId: escrow.clientId,
    freelancerId: escrow.freelancerId,
    amount: paiseToInr(escrow.amountPaise),
    platformFee: paiseToInr(escrow.platformFeePaise),
    freelancerEarning: paiseToInr(escrow.freelancerEarningPaise),
    status: escrow.status,
    reviewEndsAt: escrow.review?.endsAt.toISOString() ?? null,
    changeRequests: escrow.changeRequests.length,
    dispute: escrow.dispute === null ? null : { status: escrow.dispute.status, openedAt: escrow.dispute.openedAt.toISOString() },
    resolution: resolution === null ? null : publicResolutionDocument(resolution),
    refund: refunded
      ? { clientRefund: paiseToInr(resolution.clientRefundPaise), freelancerPayout: paiseToInr(resolution.freelancerPayoutPaise) }
      : null,
    createdAt: escrow.fundedAt.toISOString(),
    resolvedAt: escrow.settledAt?.toISOString() ?? null,
  };
}

/**
 * What anyone may read of a resolution: the money and who decided; the reasons are the parties'.
 * Built field by field, not as the whole document less its reasons: it is made for every item of
 * a contract list, and a rest pattern takes V8's slow path.
 */
function publicResolutionDocument(resolution: EscrowResolution) {
  return {
    kind: resolution.kind,
    stage: resolution.stage,
    clientRefund: paiseToInr(resolution.clientRefundPaise),
    freelancerPayout: paiseToInr(resolution.freelancerPayoutPaise),
    platformFee: paiseToInr(resolution.platformFeePaise),
    decidedBy: { _id: resolution.decidedBy, role: resolution.decidedByRole },
    decidedAt: resolution.decidedAt.toISOString(),
  };
}

function resolutionDocument(resolution: EscrowResolution) {
  return { ...publicResolutionDocument(resolution), reason: resolution.reason, reasonDescription: resolution.reasonDescription };
}

/** The whole escrow, Stripe ids included: for the admin or the contract's client only. */
export function escrowDocument(view: EscrowView) {
  const shown = contractEscrowDocument(view);
  return {
    ...shown,
    dispute: view.dispute === null ? null : { ...shown.dispute, reason: view.dispute.reason },
    resolution: view.resolution === null ? null : resolutionDocument(view.resolution),
    refund: shown.refund === null ? null : { ...shown.refund, stripeRefundId: view.clientRefundId },
    processor: processorDocument(view),
    checkoutSessionId: view.checkoutSessionId,
    paymentIntentId: view.paymentIntentId,
  };
}

function processorDocument(view: EscrowView) {
  const { refundFailure, refundSettledByHand, chargeback } = view;
  return {
    refundFailure:
      refundFailure === null
        ? null
        : { refundId: refundFailure.refundId, reason: refundFailure.reason, failedAt: refundFailure.at.toISOString() },
    refundFailures: view.refundFailures.length,
    refundRetries: view.refundRetries.length,
    refundSettledByHand:
      refundSettledByHand === null
        ? null
        : { by: refundSettledByHand.by, note: refundSettledByHand.note, settledAt: refundSettledByHand.at.toISOString() },
    outsideRefunded: paiseToInr(view.outsideRefundedPaise),
    chargeback:
      chargeback === null
        ? null
        : {
            disputeId: chargeback.disputeId,
            status: chargeback.status,
            amount: paiseToInr(chargeback.amountPaise),
            openedAt: chargeback.openedAt.toISOString(),
            closedAt: chargeback.closedAt?.toISOString() ?? null,
          },
  };
}

export function disputeDocument(dispute: Dispute) {
  return {
    number: dispute.number,
    status: dispute.status,
    openedBy: { _id: dispute.openedBy, role: dispute.openedByRole },
    reason: dispute.reason,
    description: dispute.description,
    openedAt: dispute.openedAt.toISOString(),
    closedAt: dispute.closedAt?.toISOString() ?? null,
    statements: dispute.statements.map((statement) => ({
      by: { _id: statement.by, role: statement.byRole },
      text: statement.text,
      mediaUrls: statement.mediaUrls,
      createdAt: statement.at.toISOString(),
    })),
  };
}

/** A disputed escrow in the admins' queue. */
export function disputedEscrowDocument(view: EscrowView) {
  return { ...escrowDocument(view), dispute: view.dispute === null ? null : disputeDocument(view.dispute) };
}

/** Amounts in INR: a `somethingPaise` key becomes `something`; dates become ISO text. */
export function historyDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(details).map(([key, value]) => {
      if (key.endsWith('Paise') && typeof value === 'number') return [key.slice(0, -'Paise'.length), paiseToInr(value)];
      if (value instanceof Date) return [key, value.toISOString()];
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        return [key, historyDetails(value as Record<string, unknown>)];
      return [key, value];
    }),
  );
}

export function historyEntryDocument(entry: HistoryEntry) {
  return {
    at: entry.at.toISOString(),
    actor: { _id: entry.actor.id, role: entry.actor.role },
    source: entry.source,
    type: entry.type,
    details: historyDetails(entry.details),
  };
}

export function jobDocument(job: Job) {
  return {
    _id: job.id,
    clientId: job.clientId,
    title: job.title,
    description: job.description,
    rate: paiseToInr(job.ratePaise),
    status: job.status,
    hiredFreelancerId: job.hiredFreelancerId,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

export function reviewDocument(review: Review) {
  return {
    _id: review.id,
    contractId: review.contractId,
    clientId: review.clientId,
    freelancerId: review.freelancerId,
    rating: review.rating,
    description: review.description,
    createdAt: review.createdAt.toISOString(),
  };
}

export function earningsDocument(earnings: Earnings) {
  return {
    userId: earnings.userId,
    balance: paiseToInr(earnings.balancePaise),
    available: paiseToInr(earnings.availablePaise),
    held: paiseToInr(earnings.heldPaise),
    entries: earnings.entries.map((entry) => ({
      amount: paiseToInr(entry.amountPaise),
      direction: entry.direction,
      kind: entry.kind,
      description: entry.description,
      contractId: entry.contractId,
      escrowId: entry.escrowId,
      withdrawalId: entry.withdrawalId,
      createdAt: entry.at.toISOString(),
    })),
    withdrawals: earnings.withdrawals.map(withdrawalDocument),
  };
}

export function withdrawalDocument(withdrawal: Withdrawal) {
  return {
    _id: withdrawal.id,
    userId: withdrawal.userId,
    amount: paiseToInr(withdrawal.amountPaise),
    status: withdrawal.status,
    payoutId: withdrawal.payoutId,
    requestedAt: withdrawal.requestedAt.toISOString(),
    paidOutAt: withdrawal.paidOutAt?.toISOString() ?? null,
    returnedAmount: paiseToInr(withdrawal.returnedPaise),
    returnedAt: withdrawal.returnedAt?.toISOString() ?? null,
    returnReason: withdrawal.returnReason,
  };
}

export function directoryUserDocument(user: User) {
  return { _id: user.id, role: user.role, displayName: user.displayName, blocked: user.blocked };
}
