import type { Actor } from '../user/user.ts';
import { assertNever } from '../shared/domain-error.ts';
import { NotAPartyToContract, ReleaseNotAllowed, TransitionRefused } from './contract.errors.ts';
import type { Cancellation, Contract, ContractEvent, ContractStatus, LiveContractStatus } from './contract.ts';

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

/** The contract's freelancer moves the work one step forward: Pending → Started → Ongoing → Completed. */
export function decideWorkProgress(contract: Contract, actor: Actor, to: 'Started' | 'Ongoing' | 'Completed', at: Date): ContractEvent {
  requireFreelancer(contract, actor);
  const from = liveStatus(contract, to);
  if (NEXT_WORK_STATUS[from] !== to) throw new TransitionRefused(from, to);
  return { type: 'StatusChanged', data: { from, to, by: actor.userId, at } };
}

export interface CancelCommand {
  readonly actor: Actor;
  readonly reason: string | null;
  readonly description: string | null;
  readonly at: Date;
}

/** The client or the freelancer of the contract cancels live work. */
export function decideCancel(contract: Contract, command: CancelCommand): ContractEvent {
  const { actor } = command;
  const isParty =
    (actor.role === 'client' && actor.userId === contract.clientId) ||
    (actor.role === 'freelancer' && actor.userId === contract.freelancerId);
  if (!isParty) throw new NotAPartyToContract();
  return cancellation(contract, command, false);
}

/** A refund of live work cancels it first, so the stage it stopped at is fixed before money moves. */
export function decideCancelForRefund(contract: Contract, command: CancelCommand): ContractEvent {
  const { actor } = command;
  if (actor.role !== 'admin' && !(actor.role === 'client' && actor.userId === contract.clientId)) throw new NotAPartyToContract();
  return cancellation(contract, command, true);
}

function cancellation(contract: Contract, command: CancelCommand, forRefund: boolean): ContractEvent {
  const from = liveStatus(contract, 'Canceled');
  const data: Cancellation = {
    by: command.actor.userId, byRole: command.actor.role, reason: command.reason,
    description: command.description, from, forRefund, at: command.at,
  };
  return { type: 'ContractCanceled', data };
}

/** The client asks for the funds to be released once the work is Completed and the escrow funded. */
export function decideRequestRelease(contract: Contract, actor: Actor, escrowFunded: boolean, at: Date): ContractEvent {
  requireClient(contract, actor);
  if (contract.status !== 'Completed') throw new ReleaseNotAllowed('release can be requested only for a Completed contract');
  if (contract.escrowId === null || !escrowFunded) throw new ReleaseNotAllowed('this contract has no funded escrow');
  if (contract.releaseFundStatus !== 'NotRequested') throw new ReleaseNotAllowed(`release is already ${contract.releaseFundStatus}`);
  return { type: 'ReleaseRequested', data: { by: actor.userId, at } };
}

