import type { EscrowView } from '../escrow/escrow.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { EscrowPolicy, EscrowPorts } from './escrow-ports.ts';

/** A client's own payments, newest first: where a payment returned whole shows, with why. */
export class ListPayments {
  constructor(
    private readonly ports: Pick<EscrowPorts, 'escrows'>,
    private readonly policy: Pick<EscrowPolicy, 'listLimitMax'>,
  ) {}

  async execute(query: { readonly actor: Actor }): Promise<readonly EscrowView[]> {
    requireRole(query.actor, 'client');
    return this.ports.escrows.listByClient(query.actor.userId, this.policy.listLimitMax);
  }
}
