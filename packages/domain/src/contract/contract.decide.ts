import type { Actor } from '../user/user.ts';
import { assert, assertNever } from '../shared/domain-error.ts';
import { EscrowInChargeback, EscrowInDispute } from '../escrow/escrow.errors.ts';
import { isChargebackOpen, isDisputeOpen, type EscrowResolution, type EscrowState } from '../escrow/escrow.ts';
import { ContractNotFunded, NotAPartyToContract, ReleaseNotAllowed, TransitionRefused } from './contract.errors.ts';
import type { Cancellation, Contract, ContractEvent, ContractStatus, LiveContractStatus } from './contract.ts';

/**
 * The contract's rules. Each decision gets the contract's escrow (null when none is attached): an
 * open dispute freezes the contract, and an unfunded contract cannot start.
 */

/** The freelancer's forward moves; anything else is refused. */
const NEXT_WORK_STATUS: Readonly<Partial<Record<ContractStatus, 'Started' | 'Ongoing' | 'Completed'>>> = {
  Pending: 'Started',
  Started: 'Ongoing',
  Ongoing: 'Completed',
};

function requireFreelancer(contract: Contract, actor: Actor): void {
  if (actor.role !== 'freelancer' || actor.userId !== contract.freelancerId) throw new NotAPartyToContract();
}

function requireClient(contract: Contract, actor: Actor): void {
  if (actor.role !== 'client' || actor.userId !== contract.clientId) throw new NotAPartyToContract();
}

/** An open dispute, or an open chargeback on an unresolved escrow, freezes the contract with its escrow. */
function requireNotFrozen(escrow: EscrowState | null): void {
  if (escrow === null) return;
  if (isDisputeOpen(escrow)) throw new EscrowInDispute();
  if (escrow.resolution === null && isChargebackOpen(escrow)) throw new EscrowInChargeback();
}

function liveStatus(contract: Contract, to: ContractStatus): LiveContractStatus {
  switch (contract.status) {
    case 'Pending':
    case 'Started':
    case 'Ongoing':
      return contract.status;
    case 'Completed':
    case 'Canceled':
      throw new TransitionRefused(contract.status, to);
    default:
      return assertNever(contract.status, 'contract status');
  }
}

/**
 * The contract's freelancer moves the work one step forward: Pending → Started (only once funded)
 * → Ongoing → Completed (a delivery, which opens the client's review period).
 */
export function decideWorkProgress(
  contract: Contract,
  escrow: EscrowState | null,
  actor: Actor,
  to: 'Started' | 'Ongoing' | 'Completed',
  at: Date,
): ContractEvent {
  requireFreelancer(contract, actor);
  requireNotFrozen(escrow);
  const from = liveStatus(contract, to);
  if (NEXT_WORK_STATUS[from] !== to) throw new TransitionRefused(from, to);
  if (from === 'Pending' && contract.escrowId === null) throw new ContractNotFunded();
  return { type: 'StatusChanged', data: { from, to, by: actor.userId, at } };
}

export interface CancelCommand {
  readonly actor: Actor;
  readonly reason: string | null;
  readonly description: string | null;
  readonly at: Date;
}

/** The client or the freelancer of the contract cancels live work. */
export function decideCancel(contract: Contract, escrow: EscrowState | null, command: CancelCommand): ContractEvent {
  const { actor } = command;
  const isParty =
    (actor.role === 'client' && actor.userId === contract.clientId) ||
    (actor.role === 'freelancer' && actor.userId === contract.freelancerId);
  if (!isParty) throw new NotAPartyToContract();
  requireNotFrozen(escrow);
  return cancellation(contract, command, false);
}

/** A refund of live work cancels it first, so the stage it stopped at is fixed before money moves. */
export function decideCancelForRefund(contract: Contract, escrow: EscrowState | null, command: CancelCommand): ContractEvent {
  const { actor } = command;
  if (actor.role !== 'admin' && !(actor.role === 'client' && actor.userId === contract.clientId)) throw new NotAPartyToContract();
  requireNotFrozen(escrow);
  return cancellation(contract, command, true);
}

function cancellation(contract: Contract, command: CancelCommand, forRefund: boolean): ContractEvent {
  const from = liveStatus(contract, 'Canceled');
  const data: Cancellation = {
    by: command.actor.userId,
    byRole: command.actor.role,
    reason: command.reason,
    description: command.description,
    from,
    forRefund,
    at: command.at,
  };
  return { type: 'ContractCanceled', data };
}

/** The client asks for the funds to be released once the work is Completed and the escrow funded. */
export function decideRequestRelease(contract: Contract, escrow: EscrowState | null, actor: Actor, at: Date): ContractEvent {
  requireClient(contract, actor);
  if (contract.status !== 'Completed') throw new ReleaseNotAllowed('release can be requested only for a Completed contract');
  if (escrow?.resolution !== null) throw new ReleaseNotAllowed('this contract has no funded escrow');
  requireNotFrozen(escrow);
  if (contract.releaseFundStatus !== 'NotRequested') throw new ReleaseNotAllowed(`release is already ${contract.releaseFundStatus}`);
  return { type: 'ReleaseRequested', data: { by: actor.userId, at } };
}

/**
 * What the contract records after its escrow changed; null when it already has. The escrow decided
 * first (a change request, a resolution), so these only follow and never refuse.
 */
export function decideFollowEscrow(contract: Contract, escrow: EscrowState, at: Date): ContractEvent | null {
  const { resolution } = escrow;
  if (resolution === null) {
    const sentBack = escrow.changeRequests.length > contract.changeRequests && contract.status === 'Completed';
    return sentBack ? changesRequested(contract, escrow, at) : null;
  }
  switch (resolution.kind) {
    case 'release':
      return contract.releaseFundStatus === 'Approved'
        ? null
        : { type: 'ReleaseApproved', data: { by: resolution.decidedBy, escrowId: resolution.escrowId, at } };
    case 'dispute':
      return disputeSettled(contract, escrow, resolution, at);
    case 'refund':
    case 'return':
      return null;
    case 'outside_refund':
    case 'chargeback':
      return endedByProcessor(contract, escrow, resolution.kind, at);
    default:
      return assertNever(resolution.kind, 'resolution kind');
  }
}

/** As a dispute decision: Completed if the freelancer still got their whole earning, else Canceled; an ended contract stays. */
function endedByProcessor(
  contract: Contract,
  escrow: EscrowState,
  reason: 'outside_refund' | 'chargeback',
  at: Date,
): ContractEvent | null {
  const from = contract.status;
  if (from === 'Canceled') return null;
  const earnedWhole = escrow.resolution?.freelancerPayoutPaise === escrow.escrow.freelancerEarningPaise;
  const to = earnedWhole ? 'Completed' : 'Canceled';
  if (to === from) return null;
  return { type: 'EndedByProcessor', data: { from, to, reason, at } };
}

function changesRequested(contract: Contract, escrow: EscrowState, at: Date): ContractEvent {
  const request = escrow.changeRequests[contract.changeRequests];
  assert(request !== undefined, 'the escrow holds the change request the contract follows');
  return { type: 'ChangesRequested', data: { round: contract.changeRequests + 1, by: request.by, note: request.note, at } };
}

/** Completed if the freelancer got their whole earning, otherwise Canceled from where it stood; an ended contract stays as it is. */
function disputeSettled(contract: Contract, escrow: EscrowState, resolution: EscrowResolution, at: Date): ContractEvent | null {
  const from = contract.status;
  if (from === 'Canceled') return null;
  const to = resolution.freelancerPayoutPaise === escrow.escrow.freelancerEarningPaise ? 'Completed' : 'Canceled';
  if (to === from) return null;
  return {
    type: 'DisputeSettled',
    data: {
      to,
      from,
      by: resolution.decidedBy,
      byRole: 'admin',
      reason: 'dispute_decision',
      description: resolution.reasonDescription,
      forRefund: false,
      at,
    },
  };
}
