import {
  evolveContract,
  type AppendResult,
  type Cancellation,
  type Contract,
  type ContractEvent,
  type ContractListQuery,
  type ContractRepository,
  type StoredEvent,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import type { ContractDocument, EventDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { writeProjection } from './projection.ts';
import {
  parseBoolean,
  parseContractStatus,
  parseDate,
  parseLiveContractStatus,
  parseNullableString,
  parseReleaseFundStatus,
  parseRole,
  parseString,
} from './stored-values.ts';
import type { WriteConcernSettings } from './write-concern.ts';

/** Streams in `contract_events`; lists answer from the `contracts` projection, folded with the domain's own evolve. */
export class MongoContractRepository implements ContractRepository {
  private readonly stream: MongoEventStream<ContractEvent>;

  constructor(
    events: Model<EventDocument>,
    private readonly projections: Model<ContractDocument>,
    writeConcern: WriteConcernSettings,
  ) {
    this.stream = new MongoEventStream(events, writeConcern);
  }

  read(contractId: string): Promise<readonly StoredEvent<ContractEvent>[]> {
    return this.stream.read(contractId);
  }

  append(contractId: string, expectedSequence: number, event: ContractEvent): Promise<AppendResult> {
    return this.stream.append(contractId, expectedSequence, event);
  }

  async list(query: ContractListQuery): Promise<readonly Contract[]> {
    const filter: Partial<Record<'clientId' | 'freelancerId' | 'jobId' | 'status', string>> = {};
    if (query.clientId !== undefined) filter.clientId = query.clientId;
    if (query.freelancerId !== undefined) filter.freelancerId = query.freelancerId;
    if (query.jobId !== undefined) filter.jobId = query.jobId;
    if (query.status !== undefined) filter.status = query.status;
    const documents = await this.projections.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).lean<ContractDocument[]>();
    return documents.map(contractFromDocument);
  }

  /**
   * The repair pass: reprojects every stream written at or after `since` (at most `limit`), so a
   * projection left behind by a crash between an append and its reproject catches up. Returns how
   * many were reprojected; a full `limit` means there may be more.
   */
  async reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    const contractIds = await this.stream.streamsRecordedSince(since, limit);
    for (const contractId of contractIds) await this.reproject(contractId);
    return contractIds.length;
  }

  async reproject(contractId: string): Promise<void> {
    let contract: Contract | null = null;
    for (const { event } of await this.stream.read(contractId)) contract = evolveContract(contract, event);
    if (contract !== null) await writeProjection(this.projections, documentFromContract(contract));
  }
}

function documentFromContract(contract: Contract): ContractDocument {
  const { id, statusHistory, cancellation, ...fields } = contract;
  return {
    _id: id,
    ...fields,
    statusHistory: statusHistory.map((entry) => ({ status: entry.status, at: entry.at })),
    cancellation: cancellation === null ? null : { ...cancellation },
  };
}

function contractFromDocument(document: ContractDocument): Contract {
  return {
    id: document._id,
    jobId: document.jobId,
    clientId: document.clientId,
    freelancerId: document.freelancerId,
    amountPaise: document.amountPaise,
    status: parseContractStatus(document.status, 'contracts.status'),
    statusHistory: document.statusHistory.map((entry) => ({ status: parseContractStatus(entry.status, 'contracts.statusHistory.status'), at: entry.at })),
    releaseFundStatus: parseReleaseFundStatus(document.releaseFundStatus, 'contracts.releaseFundStatus'),
    escrowId: document.escrowId,
    cancellation: document.cancellation === null ? null : cancellationFromDocument(document.cancellation),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    sequence: document.sequence,
  };
}

/** The cancellation is stored as a free-form subdocument, so each of its fields is read with care. */
function cancellationFromDocument(stored: Record<string, unknown>): Cancellation {
  return {
    by: parseString(stored['by'], 'contracts.cancellation.by'),
    byRole: parseRole(stored['byRole'], 'contracts.cancellation.byRole'),
    reason: parseNullableString(stored['reason'], 'contracts.cancellation.reason'),
    description: parseNullableString(stored['description'], 'contracts.cancellation.description'),
    from: parseLiveContractStatus(stored['from'], 'contracts.cancellation.from'),
    forRefund: parseBoolean(stored['forRefund'], 'contracts.cancellation.forRefund'),
    at: parseDate(stored['at'], 'contracts.cancellation.at'),
  };
}
