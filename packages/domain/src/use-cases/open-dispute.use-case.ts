import { ValidationErrors } from '../shared/validation.errors.ts';
import { DISPUTE_DESCRIPTION_LENGTH_MAX, DISPUTE_REASONS, type Dispute, type DisputeReason } from '../escrow/dispute.ts';
import { assert, ValidationError } from '../shared/domain-error.ts';
import { requireText } from '../shared/bounded-text.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

export interface OpenDisputeCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly reason: unknown;
  readonly description: unknown;
}

function requireDisputeReason(value: unknown): DisputeReason {
  const reason = DISPUTE_REASONS.find((candidate) => candidate === value);
  if (reason === undefined) {
    const allowed = `must be one of ${DISPUTE_REASONS.join(', ')}`;
    throw new ValidationError(ValidationErrors.InvalidReason, `reason ${allowed}`, { fields: { reason: allowed } });
  }
  return reason;
}

/**
 * The client or the freelancer of a contract disputes its escrow. The dispute is claimed on the
 * escrow's stream, so it excludes a release, a refund, an auto-release or another dispute racing it;
 * from then on nothing moves until it is withdrawn or an admin decides it. A review period that ended
 * unanswered cannot be disputed: the review timer releases the escrow (a refusal changes nothing).
 */
export class OpenDispute {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: OpenDisputeCommand): Promise<Dispute> {
    requireRole(command.actor, 'client', 'freelancer');
    const reason = requireDisputeReason(command.reason);
    const description = requireText(command.description, 'description', DISPUTE_DESCRIPTION_LENGTH_MAX);
    const { escrow } = await contractWithEscrow(this.flow, command.contractId);
    const opened = await this.flow.changeEscrow(escrow.escrow, () => ({
      type: 'OpenDispute',
      actor: command.actor,
      reason,
      description,
      at: this.ports.clock.now(),
    }));
    assert(opened.dispute?.status === 'open', 'an opened dispute is open');
    return opened.dispute;
  }
}
