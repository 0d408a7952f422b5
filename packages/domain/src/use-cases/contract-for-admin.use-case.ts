import type { Dispute } from '../escrow/dispute.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { ContractHistory, HistoryEntry } from './contract-history.use-case.ts';
import type { ContractDetails, ContractQueries } from './contract-queries.use-case.ts';
import type { GetDispute } from './get-dispute.use-case.ts';

/** Everything an operator reads about one contract before acting on it. */
export interface ContractCase {
  /** The contract with its job, its escrow and its parties as the directory holds them (blocked or not). */
  readonly details: ContractDetails;
  /** Every event of the contract, its escrow and its dispute, and every money movement, oldest first. */
  readonly history: readonly HistoryEntry[];
  /** The latest dispute with its statements and media, or null. */
  readonly dispute: Dispute | null;
}

/** One contract's whole case, for admins: the contract page of the operators' console. */
export class ContractForAdmin {
  constructor(
    private readonly contracts: ContractQueries,
    private readonly contractHistory: ContractHistory,
    private readonly getDispute: GetDispute,
  ) {}

  async execute(query: { readonly actor: Actor; readonly contractId: unknown }): Promise<ContractCase> {
    requireRole(query.actor, 'admin');
    const details = await this.contracts.view({ contractId: query.contractId });
    const [history, dispute] = await Promise.all([
      this.contractHistory.execute({ actor: query.actor, contractId: details.contract.id }),
      this.getDispute.execute({ actor: query.actor, contractId: details.contract.id }),
    ]);
    return { details, history, dispute };
  }
}
