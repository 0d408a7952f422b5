import {
  evolveContract,
  RELEASE_FUND_STATUSES,
  type AppendResult,
  type Contract,
  type ContractEvent,
  type ContractListQuery,
  type ContractRepository,
  type StoredEvent,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { contractStatus, parseCancellation, parseContractEvent } from './contract-events.ts';
import type { ContractDocument, EventDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { writeProjection } from './projection.ts';
import { StoredFields } from './stored-fields.ts';
import type { WriteConcernSettings } from './write-concern.ts';

/** Streams in `contract_events`; lists answer from the `contracts` projection, folded with the domain's own evolve. */
export class MongoContractRepository implements ContractRepository {
  private readonly stream: MongoEventStream<ContractEvent>;

  constructor(
    events: Model<EventDocument>,
    private readonly projections: Model<ContractDocument>,
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

export function documentFromContract(contract: Contract): ContractDocument {
  const { id, statusHistory, cancellation, ...fields } = contract;
  return {
    _id: id,
    ...fields,
    statusHistory: statusHistory.map((entry) => ({ status: entry.status, at: entry.at })),
    cancellation: cancellation === null ? null : { ...cancellation },
  };
}

function contractFromDocument(document: unknown): Contract {
  const id = StoredFields.of(document, 'contracts').text('_id');
  const fields = StoredFields.of(document, `contracts/${id}`);
  const cancellation = fields.recordOrNull('cancellation');
  return {
    id,
    jobId: fields.text('jobId'),
    clientId: fields.text('clientId'),
    freelancerId: fields.text('freelancerId'),
    amountPaise: fields.paise('amountPaise'),
    status: contractStatus(fields, 'status'),
    statusHistory: fields.records('statusHistory').map((entry) => ({ status: contractStatus(entry, 'status'), at: entry.date('at') })),
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
