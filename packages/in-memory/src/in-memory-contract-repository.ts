import { foldContract, type Contract, type ContractEvent, type ContractListQuery, type ContractRepository } from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

/** Lists fold every stream on each read: always current, which a projection only promises eventually. */
export class InMemoryContractRepository extends InMemoryEventStream<ContractEvent> implements ContractRepository {
  async list(query: ContractListQuery): Promise<readonly Contract[]> {
    const contracts: Contract[] = [];
    for (const id of this.streamIds()) {
      const contract = foldContract((await this.read(id)).map((stored) => stored.event));
      if (contract !== null && matches(contract, query)) contracts.push(contract);
    }
    return contracts
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .slice(0, query.limit);
  }

  /** Nothing to rewrite: reads fold the streams. */
  reproject(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to repair: lists fold the streams on every read. */
  async reprojectRecordedSince(): Promise<number> {
    return 0;
  }
}

function matches(contract: Contract, query: ContractListQuery): boolean {
  return (
    (query.clientId === undefined || contract.clientId === query.clientId) &&
    (query.freelancerId === undefined || contract.freelancerId === query.freelancerId) &&
    (query.jobId === undefined || contract.jobId === query.jobId) &&
    (query.status === undefined || contract.status === query.status)
  );
}
