import {
  assertLookupBound,
  foldJob,
  JOB_STATUSES,
  type AppendResult,
  type Hire,
  type Job,
  type JobEvent,
  type JobRepository,
  type JobSummary,
  type StoredEvent,
} from '@skillhouse/domain';
import type { Model } from 'mongoose';
import { parseHire, parseJobEvent } from './job-events.ts';
import type { EventDocument, JobDocument } from './models.ts';
import { MongoEventStream } from './mongo-event-stream.ts';
import { overwriteProjection, reprojectLagging, storedSequence } from './projection.ts';
import { inTurn } from './write-turns.ts';
import { StoredFields } from './stored-values.ts';
import type { WriteConcernSettings } from './write-concern.ts';
import { findByIds } from './driver-reads.ts';
import { updateDocumentById } from './driver-writes.ts';

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

  /** The repair pass: rewrites the projections at another sequence than their stream (`reprojectLagging`). */
  reprojectRecordedSince(since: Date, limit: number): Promise<number> {
    return reprojectLagging(this.stream, this.projections, { since, limit }, (jobId) => this.rewrite(jobId));
  }

  /** No read: the writer's state, written over the projection (`overwriteProjection`). */
  async project(job: Job): Promise<void> {
    await overwriteProjection(this.projections, documentFromJob(job), () => this.folded(job.id), true);
  }

  /**
   * `evolveJob`'s JobHired as one update of the projection (no read): the fields it sets and the
   * hire it adds, as `documentFromJob` stores them, by `_id` alone (see `overwriteProjection`). The
   * document it replaced tells whether it was at `revision`; if not (missing, behind after a crash,
   * or already past the hire), the update went to the wrong fold and the projection is rewritten
   * from the stream. The sequence is incremented, not set, so a crash before that rewrite leaves a
   * sequence other than the stream's, behind or ahead, which the repair pass rewrites; nothing
   * appends on a projected job (EscrowFlow decides a job's appends on its stream).
   */
  async projectHire(jobId: string, revision: number, hire: Hire): Promise<void> {
    const stored = { ...hire };
    const replaced = await inTurn(this.projections.collection.collectionName, jobId, () =>
      updateDocumentById(this.projections, jobId, {
        $set: { status: 'Closed', liveHire: stored, hiredFreelancerId: hire.freelancerId, updatedAt: hire.at },
        $push: { hires: stored },
        $inc: { sequence: 1 },
      }),
    );
    if (replaced === null || storedSequence(replaced, this.projections.collection.collectionName) !== revision) await this.rewrite(jobId);
  }

  async reproject(jobId: string): Promise<void> {
    await this.rewrite(jobId);
  }

  /** Folds the stream and writes it over the projection; false for a stream without events. */
  private async rewrite(jobId: string): Promise<boolean> {
    const document = await this.folded(jobId);
    if (document === null) return false;
    await overwriteProjection(this.projections, document, () => this.folded(jobId), true);
    return true;
  }

  private async folded(jobId: string): Promise<JobDocument | null> {
    const job = foldJob((await this.stream.read(jobId)).map(({ event }) => event));
    return job === null ? null : documentFromJob(job);
  }

  /** The projected job, as the last projection wrote it: one read by `_id` (the one filter FerretDB v1 hands to SQLite). */
  async findProjected(jobId: string): Promise<Job | null> {
    const document: unknown = await this.projections.findById(jobId).lean();
    return document === null ? null : jobFromDocument(document);
  }

  /** One `$in` query on the projection whatever the number of ids (`findByIds`). */
  async findMany(jobIds: readonly string[]): Promise<readonly Job[]> {
    assertLookupBound(jobIds, 'findMany');
    return findByIds(this.projections, jobIds, jobFromDocument);
  }

  /** As `findMany`, the documents read with only the summary's fields. */
  async findSummaries(jobIds: readonly string[]): Promise<readonly JobSummary[]> {
    assertLookupBound(jobIds, 'findSummaries');
    return findByIds(this.projections, jobIds, jobSummaryFromDocument, JOB_SUMMARY_FIELDS);
  }
}

const JOB_SUMMARY_FIELDS = { title: 1, ratePaise: 1, status: 1 } as const;

function jobSummaryFromDocument(document: unknown): JobSummary {
  const fields = StoredFields.ofDocument(document, 'jobs');
  return {
    id: fields.text('_id'),
    title: fields.text('title'),
    ratePaise: fields.paise('ratePaise'),
    status: fields.oneOf('status', JOB_STATUSES),
  };
}

function documentFromJob(job: Job): JobDocument {
  const { id, liveHire, hires, ...fields } = job;
  return { _id: id, ...fields, liveHire: liveHire === null ? null : { ...liveHire }, hires: hires.map((hire) => ({ ...hire })) };
}

function jobFromDocument(document: unknown): Job {
  const fields = StoredFields.ofDocument(document, 'jobs');
  const liveHire = fields.recordOrNull('liveHire');
  return {
    id: fields.text('_id'),
    clientId: fields.text('clientId'),
    title: fields.text('title'),
    description: fields.text('description'),
    ratePaise: fields.paise('ratePaise'),
    status: fields.oneOf('status', JOB_STATUSES),
    liveHire: liveHire === null ? null : parseHire(liveHire),
    hiredFreelancerId: fields.textOrNull('hiredFreelancerId'),
    hires: fields.records('hires').map(parseHire),
    createdAt: fields.date('createdAt'),
    updatedAt: fields.date('updatedAt'),
    sequence: fields.count('sequence'),
  };
}
