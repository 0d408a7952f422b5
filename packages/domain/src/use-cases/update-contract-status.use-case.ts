import type { Contract } from '../contract/contract.ts';
import { ValidationError } from '../shared/domain-error.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';
import { requireObjectId } from '../shared/ids.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { CancelContract } from './cancel-contract.use-case.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import { progressWork } from '../application/work-progress.ts';

const UPDATABLE_STATUSES = ['Started', 'Ongoing', 'Completed', 'Canceled'] as const;
type UpdatableStatus = (typeof UPDATABLE_STATUSES)[number];

function requireUpdatableStatus(value: unknown): UpdatableStatus {
  const status = UPDATABLE_STATUSES.find((candidate) => candidate === value);
  if (status === undefined) {
    throw new ValidationError(ValidationErrors.InvalidStatus, `status must be one of ${UPDATABLE_STATUSES.join(', ')}`, {
      fields: { status: `must be one of ${UPDATABLE_STATUSES.join(', ')}` },
    });
  }
  return status;
}

export interface UpdateContractStatusCommand {
  readonly actor: Actor;
  readonly contractId: unknown;
  readonly status: unknown;
  /** Only for Canceled: why, as on cancel-contract. */
  readonly reason?: unknown;
  readonly description?: unknown;
}

/** The freelancer moves the work forward one step, or cancels it. */
export class UpdateContractStatus {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'clock'>,
    private readonly flow: EscrowFlow,
    private readonly cancelContract: CancelContract,
  ) {}

  async execute(command: UpdateContractStatusCommand): Promise<Contract> {
    requireRole(command.actor, 'freelancer');
    const contractId = requireObjectId(command.contractId, 'contractId');
    const status = requireUpdatableStatus(command.status);
    if (status === 'Canceled') {
      return this.cancelContract.execute({ actor: command.actor, contractId, reason: command.reason, description: command.description });
    }
    return progressWork(this.ports, this.flow, contractId, command.actor, status);
  }
}
