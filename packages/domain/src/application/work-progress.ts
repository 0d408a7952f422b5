import { decideWorkProgress } from '../contract/contract.decide.ts';
import { evolveContract, type Contract, type ContractEvent } from '../contract/contract.ts';
import { ContractNotFound } from '../contract/contract.errors.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from './marketplace-ports.ts';
import { decideAndAppend } from './stream-append.ts';

type WorkStatus = 'Started' | 'Ongoing' | 'Completed';

/** The freelancer moves the work one step forward, to `to`: accepting the contract is the first step. */
export async function progressWork(
  ports: Pick<MarketplacePorts, 'contracts' | 'clock'>,
  contractId: string,
  actor: Actor,
  to: WorkStatus,
): Promise<Contract> {
  const contract = await decideAndAppend<Contract, ContractEvent>(ports.contracts, contractId, evolveContract, (current) => {
    if (current === null) throw new ContractNotFound(contractId);
    return decideWorkProgress(current, actor, to, ports.clock.now());
  });
  await ports.contracts.reproject(contractId);
  if (contract === null) throw new ContractNotFound(contractId);
  return contract;
}
