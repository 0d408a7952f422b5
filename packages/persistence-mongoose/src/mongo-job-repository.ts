import { assertLookupBound, evolveJob, type AppendResult, type Hire, type Job, type JobEvent, type JobRepository, type StoredEvent } from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { parseJobEvent } from './job-events.ts';
import type { EventDocument, HireDocument, JobDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { writeProjection } from './projection.ts';
import { parseJobStatus } from './stored-values.ts';
import type { WriteConcernSettings } from './write-concern.ts';

/** Streams in `job_events`; the `jobs` projection is for operators and reports, never for decisions. */
export class MongoJobRepository implements JobRepository {
  private readonly stream: MongoEventStream<JobEvent>;

  constructor(
    events: Model<EventDocument>,
    private readonly projections: Model<JobDocument>,
    writeConcern: WriteConcernSettings,
  ) {
    this.stream = new MongoEventStream(events, writeConcern, parseJobEvent);
  }

  read(jobId: string): Promise<readonly StoredEvent<JobEvent>[]> {
    return this.stream.read(jobId);
  }

  append(jobId: string, expectedSequence: number, event: JobEvent): Promise<AppendResult> {
    return this.stream.append(jobId, expectedSequence, event);
  }

  /**
   * The repair pass: reprojects every stream written at or after `since` (at most `limit`), so a
   * projection left behind by a crash between an append and its reproject catches up. Returns how
   * many were reprojected; a full `limit` means there may be more.
   */
  async reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    const jobIds = await this.stream.streamsRecordedSince(since, limit);
    for (const jobId of jobIds) await this.reproject(jobId);
    return jobIds.length;
  }

  async reproject(jobId: string): Promise<void> {
    let job: Job | null = null;
    for (const { event } of await this.stream.read(jobId)) job = evolveJob(job, event);
    if (job !== null) await writeProjection(this.projections, documentFromJob(job));
  }

  /** The projected job, as the last reproject wrote it. */
  async findProjected(jobId: string): Promise<Job | null> {
    const document = await this.projections.findById(jobId).lean<JobDocument>();
    return document === null ? null : jobFromDocument(document);
  }

  /** One `$in` query on the projection, whatever the number of ids. */
  async findMany(jobIds: readonly string[]): Promise<readonly Job[]> {
    assertLookupBound(jobIds, 'findMany');
    const ids = [...new Set(jobIds)];
    if (ids.length === 0) return [];
    const documents = await this.projections.find({ _id: { $in: ids } }).lean<JobDocument[]>();
    const byId = new Map(documents.map((document) => [document._id, jobFromDocument(document)]));
    return jobIds.flatMap((id) => {
      const job = byId.get(id);
      return job === undefined ? [] : [structuredClone(job)];
    });
  }
}

function documentFromJob(job: Job): JobDocument {
  const { id, liveHire, hires, ...fields } = job;
  return { _id: id, ...fields, liveHire: liveHire === null ? null : { ...liveHire }, hires: hires.map((hire) => ({ ...hire })) };
}

function hireFromDocument(document: HireDocument): Hire {
  return { contractId: document.contractId, clientId: document.clientId, freelancerId: document.freelancerId, amountPaise: document.amountPaise, at: document.at };
}

function jobFromDocument(document: JobDocument): Job {
  return {
    id: document._id,
    clientId: document.clientId,
    title: document.title,
    description: document.description,
    ratePaise: document.ratePaise,
    status: parseJobStatus(document.status, 'jobs.status'),
    liveHire: document.liveHire === null ? null : hireFromDocument(document.liveHire),
    hiredFreelancerId: document.hiredFreelancerId,
    hires: document.hires.map(hireFromDocument),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    sequence: document.sequence,
  };
}
