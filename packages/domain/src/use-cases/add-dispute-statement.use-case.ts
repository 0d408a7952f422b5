import { ValidationErrors } from '../shared/validation.errors.ts';
import { DISPUTE_STATEMENT_LENGTH_MAX, DISPUTE_STATEMENT_MEDIA_MAX, DISPUTE_STATEMENTS_MAX, type Dispute } from '../escrow/dispute.ts';
import { assert, ValidationError } from '../shared/domain-error.ts';
import { requireText } from '../shared/bounded-text.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { contractWithEscrow } from './dispute-access.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

export const MEDIA_URL_LENGTH_MAX = 2_048;

export interface AddDisputeStatementCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly text: unknown;
  readonly mediaUrls?: unknown;
}

/** Links to media the party uploaded (the media endpoint answers with such URLs): http(s) only, bounded. */
function requireMediaUrls(value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  const problem = `must be a list of at most ${DISPUTE_STATEMENT_MEDIA_MAX} http(s) URLs`;
  const valid =
    Array.isArray(value) &&
    value.length <= DISPUTE_STATEMENT_MEDIA_MAX &&
    value.every((url) => typeof url === 'string' && url.length <= MEDIA_URL_LENGTH_MAX && /^https?:\/\/[^\s]+$/i.test(url));
  if (!valid) throw new ValidationError(ValidationErrors.InvalidMediaUrls, `mediaUrls ${problem}`, { fields: { mediaUrls: problem } });
  return value as readonly string[];
}

/** Either party adds what they have to say to an open dispute, with media they uploaded. */
export class AddDisputeStatement {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(command: AddDisputeStatementCommand): Promise<Dispute> {
    requireRole(command.actor, 'client', 'freelancer');
    const text = requireText(command.text, 'text', DISPUTE_STATEMENT_LENGTH_MAX);
    const mediaUrls = requireMediaUrls(command.mediaUrls);
    const { escrow } = await contractWithEscrow(this.flow, command.contractId);
    const added = await this.flow.changeEscrow(escrow.escrow, () => ({
      type: 'AddDisputeStatement',
      actor: command.actor,
      text,
      mediaUrls,
      statementsMax: DISPUTE_STATEMENTS_MAX,
      at: this.ports.clock.now(),
    }));
    assert(added.dispute !== null, 'a statement belongs to a dispute');
    return added.dispute;
  }
}
