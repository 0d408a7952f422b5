import { decideWorkProgress } from '../contract/contract.decide.ts';
import type { Contract } from '../contract/contract.ts';
import type { Actor } from '../user/user.ts';
import type { EscrowFlow } from './escrow-flow.ts';
import type { MarketplacePorts } from './marketplace-ports.ts';

type WorkStatus = 'Started' | 'Ongoing' | 'Completed';

/**
 * The freelancer moves the work one step forward, to `to`: accepting the contract is the first step.
 * A delivery (Completed) then starts the client's review period on the escrow, under a journal entry,
 * so a crash between the two is finished by recovery.
 */
export async function progressWork(
  ports: Pick<MarketplacePorts, 'clock'>,
  flow: EscrowFlow,
  contractId: string,
  actor: Actor,
  to: WorkStatus,
): Promise<Contract> {
  const before = await flow.requireContract(contractId);
  const escrow = await flow.escrowOf(before);
  // The contract just read decides the first attempt: the stream's unique key catches a stale one.
  const progress = () =>
    flow.changeContract(contractId, (current) => decideWorkProgress(current, escrow, actor, to, ports.clock.now()), before);
  if (to !== 'Completed' || escrow === null) return progress();
  return flow.journaled({ type: 'escrow', id: escrow.escrow.id }, async () => {
    const delivered = await progress();
    await flow.advance(escrow.escrow, { state: escrow, contract: delivered });
    return delivered;
  });
}
