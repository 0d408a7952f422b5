import {
  paiseToInr,
  type ContractDetails,
  type Earnings,
  type EscrowView,
  type Job,
  type Marketplace,
  type Review,
  type User,
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

/** A contract as the API shows it, populated: read after a change so every answer has one shape. */
export async function populatedContract(service: Pick<Marketplace, 'contracts'>, contractId: string) {
  return contractDocument(await service.contracts.view({ contractId }));
}

export function contractDocument(details: ContractDetails) {
  const { contract, job, client, freelancer, escrow } = details;
  const cancellation = contract.cancellation;
  return {
    _id: contract.id,
    jobId: jobReference(contract.jobId, job),
    clientId: userReference(contract.clientId, client),
    freelancerId: userReference(contract.freelancerId, freelancer),
    amount: paiseToInr(contract.amountPaise),
    status: contract.status,
    statusHistory: contract.statusHistory.map((entry) => ({ status: entry.status, date: entry.at.toISOString() })),
    releaseFundStatus: contract.releaseFundStatus,
    escrowId: contract.escrowId,
    escrow: escrow === null ? null : contractEscrowDocument(escrow),
    cancelledBy: cancellation?.by ?? null,
    cancelReason: cancellation?.reason ?? null,
    cancelReasonDescription: cancellation?.description ?? null,
    canceledFrom: cancellation?.from ?? null,
    createdAt: contract.createdAt.toISOString(),
    updatedAt: contract.updatedAt.toISOString(),
  };
}

/**
 * A contract's escrow as anyone may read it (contracts are served without authentication): without
 * the Stripe ids, which only the escrow document given to the admin or the contract's client carries.
 */
function contractEscrowDocument(escrow: EscrowView) {
  const resolution = escrow.resolution;
  const refunded = resolution !== null && resolution.kind !== 'release';
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
    refund: refunded
      ? { clientRefund: paiseToInr(resolution.clientRefundPaise), freelancerPayout: paiseToInr(resolution.freelancerPayoutPaise) }
      : null,
    createdAt: escrow.fundedAt.toISOString(),
    resolvedAt: resolution?.completedAt?.toISOString() ?? null,
  };
}

/** The whole escrow, Stripe ids included: for the admin or the contract's client only. */
export function escrowDocument(escrow: EscrowView) {
  const shown = contractEscrowDocument(escrow);
  return {
    ...shown,
    refund: shown.refund === null ? null : { ...shown.refund, stripeRefundId: escrow.resolution?.stripeRefundId ?? null },
    checkoutSessionId: escrow.checkoutSessionId,
    paymentIntentId: escrow.paymentIntentId,
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
    entries: earnings.entries.map((entry) => ({
      amount: paiseToInr(entry.amountPaise),
      direction: entry.direction,
      description: entry.description,
      contractId: entry.contractId,
      escrowId: entry.escrowId,
      createdAt: entry.at.toISOString(),
    })),
  };
}

export function directoryUserDocument(user: User) {
  return { _id: user.id, role: user.role, displayName: user.displayName, blocked: user.blocked };
}
