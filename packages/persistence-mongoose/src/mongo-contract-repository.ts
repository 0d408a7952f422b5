import {
  assertLookupBound,
  CONTRACT_STATUSES,
  foldContract,
  RELEASE_FUND_STATUSES,
  type AppendResult,
  type Contract,
  type ContractEvent,
  type ContractListing,
  type ContractListQuery,
  type ContractRepository,
  type EscrowView,
  type StoredEvent,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { parseCancellation, parseContractEvent } from './contract-events.ts';
import { escrowSummaryOf, viewFrom, viewFromDocument } from './escrow-documents.ts';
import type { ContractDocument, EscrowDocument, EventDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { reprojectLagging, writeProjection } from './projection.ts';
import { pageFilter } from './page-filter.ts';
import { StoredFields } from './stored-values.ts';
import type { WriteConcernSettings } from './write-concern.ts';
import { inTurn } from './write-turns.ts';
import { findByIds, findDocuments } from './driver-reads.ts';
import { updateDocument } from './driver-writes.ts';

/**
 * Streams in `contract_events`; lists answer from the `contracts` projection, folded with the
 * domain's own evolve, each document also holding the view of the escrow funding it (`escrow`), so
 * a list is one query. `escrows` is read only when a contract is rewritten from its stream.
 */
export class MongoContractRepository implements ContractRepository {
  private readonly stream: MongoEventStream<ContractEvent>;

  constructor(
    events: Model<EventDocument>,
    private readonly projections: Model<ContractDocument>,
    private readonly escrows: Model<EscrowDocument>,
    writeConcern: WriteConcernSettings,
  ) {
    this.stream = new MongoEventStream(events, writeConcern, parseContractEvent);
  }

  read(contractId: string): Promise<readonly StoredEvent<ContractEvent>[]> {
    return this.stream.read(contractId);
  }

  append(contractId: string, expectedSequence: number, event: ContractEvent): Promise<AppendResult> {
    return this.stream.append(contractId, expectedSequence, event);
  }

  async list(query: ContractListQuery): Promise<readonly ContractListing[]> {
    const filter: Record<string, unknown> = {};
    if (query.clientId !== undefined) filter['clientId'] = query.clientId;
    if (query.freelancerId !== undefined) filter['freelancerId'] = query.freelancerId;
    if (query.jobId !== undefined) filter['jobId'] = query.jobId;
    if (query.status !== undefined) filter['status'] = query.status;
    Object.assign(filter, pageFilter('createdAt', 'newestFirst', query.after, query.created));
    const documents = await findDocuments(this.projections, filter, { sort: { createdAt: -1, _id: -1 }, limit: query.limit });
    return documents.map((document) => {
      const escrow = StoredFields.ofDocument(document, 'contracts').recordOrNull('escrow');
      return { contract: contractFromDocument(document), escrow: escrow === null ? null : viewFrom(escrow) };
    });
  }

  /** No read: the writer's state, over an older projection; a new document starts without an escrow view unless given one. */
  async project(contract: Contract, escrow?: EscrowView): Promise<void> {
    const document = documentFromContract(contract);
    if (escrow === undefined) await writeProjection(this.projections, document, { escrow: null });
    else await writeProjection(this.projections, { ...document, escrow: escrowSummaryOf(escrow) });
  }

  /**
   * An update guarded by the sequence of the view held (none, or older), in turn with the contract's
   * own writes to the document (`inTurn`). Nothing when the contract has no projection yet: whoever
   * writes it first reads the escrow's document (`rewrite`) or is given the view.
   */
  async projectEscrow(escrow: EscrowView): Promise<void> {
    const { contractId } = escrow;
    if (contractId === null) return;
    await inTurn(this.projections.collection.collectionName, contractId, () =>
      updateDocument(
        this.projections,
        { _id: contractId, $or: [{ escrow: null }, { 'escrow.sequence': { $lt: escrow.sequence } }] },
        { $set: { escrow: escrowSummaryOf(escrow) } },
      ),
    );
  }

  /** One `$in` query whatever the number of ids (`findByIds`). */
  async findMany(contractIds: readonly string[]): Promise<readonly Contract[]> {
    assertLookupBound(contractIds, 'findMany');
    return findByIds(this.projections, contractIds, contractFromDocument);
  }

  /** The repair pass: rewrites the projections behind their stream, as `reprojectLagging` says. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    return reprojectLagging(this.stream, this.projections, { since, limit }, (contractId) => this.rewrite(contractId));
  }

  async reproject(contractId: string): Promise<void> {
    await this.rewrite(contractId);
  }

  /**
   * Folds the stream and writes it over an older projection, with the view of its escrow as the
   * escrow's document holds it (the writer's view is lost when a crash left the projection behind);
   * false for a stream without events.
   */
  private async rewrite(contractId: string): Promise<boolean> {
    const contract = foldContract((await this.stream.read(contractId)).map(({ event }) => event));
    if (contract === null) return false;
    await this.project(contract);
    if (contract.escrowId === null) return true;
    const escrow: unknown = await this.escrows.findById(contract.escrowId).lean();
    if (escrow !== null) await this.projectEscrow(viewFromDocument(escrow));
    return true;
  }
}

/** The contract's own fields: its escrow's view (`escrow`) is written apart, by `projectEscrow` or with `project`. */
export function documentFromContract(contract: Contract): Omit<ContractDocument, 'escrow'> {
  const { id, statusHistory, cancellation, ...fields } = contract;
  return {
    _id: id,
    ...fields,
    statusHistory: statusHistory.map((entry) => ({ status: entry.status, at: entry.at, by: entry.by })),
    cancellation: cancellation === null ? null : { ...cancellation },
  };
}

function contractFromDocument(document: unknown): Contract {
  const fields = StoredFields.ofDocument(document, 'contracts');
  const cancellation = fields.recordOrNull('cancellation');
  return {
    id: fields.text('_id'),
    jobId: fields.text('jobId'),
    clientId: fields.text('clientId'),
    freelancerId: fields.text('freelancerId'),
    amountPaise: fields.paise('amountPaise'),
    status: fields.oneOf('status', CONTRACT_STATUSES),
    statusHistory: fields
      .records('statusHistory')
      .map((entry) => ({ status: entry.oneOf('status', CONTRACT_STATUSES), at: entry.date('at'), by: entry.textAddedLater('by') })),
    releaseFundStatus: fields.oneOf('releaseFundStatus', RELEASE_FUND_STATUSES),
    escrowId: fields.textOrNull('escrowId'),
    cancellation: cancellation === null ? null : parseCancellation(cancellation),
    deliveries: fields.count('deliveries'),
    deliveredAt: fields.dateOrNull('deliveredAt'),
    changeRequests: fields.count('changeRequests'),
    createdAt: fields.date('createdAt'),
    updatedAt: fields.date('updatedAt'),
    sequence: fields.count('sequence'),
  };
}
