import { ValidationErrors } from '../shared/validation.errors.ts';
import { DISPUTE_NOTE_LENGTH_MAX } from '../escrow/dispute.ts';
import { viewOfEscrow, type EscrowView } from '../escrow/escrow.ts';
import { inrShareToPaise } from '../money/money.ts';
import { requireText } from '../shared/bounded-text.ts';
import { ValidationError } from '../shared/domain-error.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

export interface DecideDisputeCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  /** INR, from 0 to the freelancer's earning. */
  readonly freelancerPayout: unknown;
  readonly refundPlatformFee: unknown;
  readonly note: unknown;
}

export function requireBoolean(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  throw new ValidationError(ValidationErrors.InvalidBoolean, `${field} must be true or false`, {
    fields: { [field]: 'must be true or false' },
  });
}

/**
 * An admin decides an open dispute: the freelancer's share, and whether the platform gives its fee
 * back; the client gets the rest. That is the escrow's one resolution, moved like a release or a
 * refund; the contract ends Completed if the freelancer got their whole earning, else Canceled.
 */
export class DecideDispute {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: DecideDisputeCommand): Promise<EscrowView> {
    requireRole(command.actor, 'admin');
    const freelancerPayoutPaise = inrShareToPaise(command.freelancerPayout, 'freelancerPayout');
    const refundPlatformFee = requireBoolean(command.refundPlatformFee, 'refundPlatformFee');
    const note = requireText(command.note, 'note', DISPUTE_NOTE_LENGTH_MAX);
    const { contract, escrow } = await contractWithEscrow(this.flow, command.contractId);
    const decided = await this.flow.journaled({ type: 'escrow', id: escrow.escrow.id }, () =>
      this.flow.resolve(
        escrow,
        () => ({
          type: 'DecideDispute',
          actor: command.actor,
          contractId: contract.id,
          freelancerPayoutPaise,
          refundPlatformFee,
          note,
          at: this.ports.clock.now(),
        }),
        contract,
      ),
    );
    return viewOfEscrow(decided);
  }
}
