import type { Escrow } from '../escrow/escrow.ts';
import { EscrowNotFound } from '../escrow/escrow.errors.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';
import { contractWithEscrow } from './dispute-access.ts';

/**
 * The escrow whose failed client refund an admin answers, named by its contract or by its own id:
 * a payment returned whole (unmatched, a blocked freelancer, a self-hire) funds no contract, and its
 * refund can fail like any other.
 */
export type FailedRefundTarget = { readonly contractId: unknown } | { readonly escrowId: unknown };

export async function escrowOfTarget(
  ports: Pick<MarketplacePorts, 'escrows'>,
  flow: EscrowFlow,
  target: FailedRefundTarget,
): Promise<Escrow> {
  if ('escrowId' in target) {
    const escrowId = requireObjectId(target.escrowId, 'escrowId');
    const escrow = await ports.escrows.findById(escrowId);
    if (escrow === null) throw new EscrowNotFound(`escrow ${escrowId}`);
    return escrow;
  }
  return (await contractWithEscrow(flow, target.contractId)).escrow.escrow;
}
