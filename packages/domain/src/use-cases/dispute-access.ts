import type { Contract } from '../contract/contract.ts';
import { EscrowNotFound } from '../escrow/escrow.errors.ts';
import type { EscrowState } from '../escrow/escrow.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

/** The contract a dispute endpoint names, with its escrow: disputes are about the money a contract holds. */
export async function contractWithEscrow(flow: EscrowFlow, contractIdInput: unknown): Promise<{ contract: Contract; escrow: EscrowState }> {
  const contractId = requireObjectId(contractIdInput, 'contractId');
  const contract = await flow.requireContract(contractId);
  const escrow = await flow.escrowOf(contract);
  if (escrow === null) throw new EscrowNotFound(`contract ${contractId}`);
  return { contract, escrow };
}
