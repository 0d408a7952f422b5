import {
  CONTRACT_STATUSES,
  foldContract,
  RELEASE_FUND_STATUSES,
  type AppendResult,
  type Contract,
  type ContractEvent,
  type ContractListQuery,
  type ContractRepository,
  type StoredEvent,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { parseCancellation, parseContractEvent } from './contract-events.ts';
import type { ContractDocument, EventDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { reprojectLagging, writeProjection } from './projection.ts';
import { pageFilter } from './page-filter.ts';
import { StoredFields } from './stored-values.ts';
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
    const filter: Record<string, unknown> = {};
    if (query.clientId !== undefined) filter['clientId'] = query.clientId;
    if (query.freelancerId !== undefined) filter['freelancerId'] = query.freelancerId;
    if (query.jobId !== undefined) filter['jobId'] = query.jobId;
    if (query.status !== undefined) filter['status'] = query.status;
    Object.assign(filter, pageFilter('createdAt', 'newestFirst', query.after, query.created));
    const documents: unknown[] = await this.projections.find(filter).sort({ createdAt: -1, _id: -1 }).limit(query.limit).lean();
    return documents.map(contractFromDocument);
  }

  /** The repair pass: rewrites the projections behind their stream, as `reprojectLagging` says. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    return reprojectLagging(this.stream, this.projections, { since, limit }, (contractId) => this.rewrite(contractId));
  }

  async reproject(contractId: string): Promise<void> {
    await this.rewrite(contractId);
  }

  /** Folds the stream and writes it over an older projection; false for a stream without events. */
  private async rewrite(contractId: string): Promise<boolean> {
    const contract = foldContract((await this.stream.read(contractId)).map(({ event }) => event));
    if (contract === null) return false;
    await writeProjection(this.projections, documentFromContract(contract));
    return true;
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
      .map((entry) => ({ status: entry.oneOf('status', CONTRACT_STATUSES), at: entry.date('at') })),
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
