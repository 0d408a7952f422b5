import type { Contract } from '../contract/contract.ts';
import { decideEscrow, type EscrowCommand } from '../escrow/escrow.decide.ts';
import { EscrowAlreadyResolved, RefundRefused } from '../escrow/escrow.errors.ts';
import type { EscrowResolution, EscrowState } from '../escrow/escrow.ts';
import { inrShareToPaise } from '../money/money.ts';
import { assert, ValidationError } from '../shared/domain-error.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { requireBoolean } from './decide-dispute.use-case.ts';
import { contractWithEscrow } from './dispute-access.ts';
import { COMPLETED_WORK } from './refund-escrow.use-case.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePolicy, MarketplacePorts } from '../application/marketplace-ports.ts';

export const PREVIEWED_ACTIONS = ['release', 'refund', 'dispute'] as const;
export type PreviewedAction = (typeof PREVIEWED_ACTIONS)[number];

export interface PreviewResolutionQuery {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly action: unknown;
  /** For a dispute decision: the freelancer's share in INR, and whether the fee goes back. */
  readonly freelancerPayout?: unknown;
  readonly refundPlatformFee?: unknown;
}

/** What an admin's action would decide now, before it is taken: who gets what, and who stopped the work. */
export interface ResolutionPreview {
  readonly action: PreviewedAction;
  readonly amountPaise: number;
  readonly resolution: Omit<EscrowResolution, 'decidedAt'>;
  /** For a refund: who stopped the work, which decides the freelancer's part. */
  readonly stoppedBy: 'client' | 'freelancer' | 'admin' | null;
}

function requireAction(value: unknown): PreviewedAction {
  const action = PREVIEWED_ACTIONS.find((candidate) => candidate === value);
  if (action !== undefined) return action;
  const allowed = `must be one of ${PREVIEWED_ACTIONS.join(', ')}`;
  throw new ValidationError(ValidationErrors.InvalidChoice, `action ${allowed}`, {
    fields: { action: allowed },
  });
}

/**
 * The consequence of an admin's release, refund or dispute decision, shown before it is confirmed:
 * the escrow's own decider is asked, on the escrow as it stands, exactly as the action would ask
 * it, and nothing is appended. So the console never repeats the split's arithmetic, and an action
 * the escrow would refuse is refused here with the same error.
 */
export class PreviewResolution {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly policy: Pick<MarketplacePolicy, 'refundSplit'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(query: PreviewResolutionQuery): Promise<ResolutionPreview> {
    const { actor } = query;
    requireRole(actor, 'admin');
    const action = requireAction(query.action);
    const dispute =
      action === 'dispute'
        ? {
            freelancerPayoutPaise: inrShareToPaise(query.freelancerPayout, 'freelancerPayout'),
            refundPlatformFee: requireBoolean(query.refundPlatformFee ?? false, 'refundPlatformFee'),
          }
        : null;
    const { contract, escrow } = await contractWithEscrow(this.flow, query.contractId);
    const at = this.ports.clock.now();
    let stoppedBy: ResolutionPreview['stoppedBy'] = null;
    let command: EscrowCommand;
    if (dispute !== null) {
      command = { type: 'DecideDispute', actor, contractId: contract.id, ...dispute, note: '', at };
    } else if (action === 'release') {
      command = {
        type: 'Release',
        actor,
        contractId: contract.id,
        contractStatus: contract.status,
        releaseFundStatus: contract.releaseFundStatus,
        at,
      };
    } else {
      const refund = refundOf(contract, escrow);
      stoppedBy = refund.stoppedBy;
      command = {
        type: 'Refund',
        decidedBy: actor,
        contractId: contract.id,
        ...refund,
        policy: this.policy.refundSplit,
        reason: null,
        reasonDescription: null,
        at,
      };
    }
    const event = decideEscrow(command, escrow);
    assert(event?.type === 'EscrowResolved', 'an admin’s action on an unresolved escrow resolves it');
    const { decidedAt: _decidedAt, ...resolution } = event.data;
    return { action, amountPaise: escrow.escrow.amountPaise, resolution, stoppedBy };
  }
}

/**
 * The stage and who stopped the work, as RefundEscrow would fix them: live work is canceled by the
 * admin refunding it; canceled work keeps who canceled it and from where.
 */
function refundOf(
  contract: Contract,
  escrow: EscrowState,
): { stage: 'Pending' | 'Started' | 'Ongoing'; stoppedBy: 'client' | 'freelancer' | 'admin' } {
  if (escrow.resolution !== null) throw new EscrowAlreadyResolved(escrow.resolution.kind);
  if (contract.status === 'Completed') throw new RefundRefused(COMPLETED_WORK);
  if (contract.status !== 'Canceled') return { stage: contract.status, stoppedBy: 'admin' };
  const stop = contract.cancellation;
  assert(stop !== null, 'a canceled contract records its cancellation');
  // Only a dispute decision cancels Completed work, and it resolved the escrow (refused above).
  if (stop.from === 'Completed') throw new RefundRefused(COMPLETED_WORK);
  return { stage: stop.from, stoppedBy: stop.byRole };
}
