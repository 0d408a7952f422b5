import type { Hire, Job, JobEvent, JobSummary } from '../job/job.ts';
import type { EventStream } from './event-stream.port.ts';

/** Jobs are event streams too: hiring claims the job's next sequence, so one live contract per job. */
export interface JobRepository extends EventStream<JobEvent> {
  /** Writes the projection of `job`, a state the writer folded, unless the stored one is at least as new: no read. */
  project(job: Job): Promise<void>;
  /**
   * Applies `hire`, appended as the stream's event `revision + 1`, to the projection stored at
   * `revision`, without reading it first (the projection of `evolveJob`'s JobHired). A projection
   * that was not at `revision` (missing, behind after a crash, or already past the hire) is
   * rewritten from the stream.
   */
  projectHire(jobId: string, revision: number, hire: Hire): Promise<void>;
  /** Rewrites the projection from the stream (recovery: the writer's state is lost). */
  reproject(jobId: string): Promise<void>;
  /**
   * The projected job, read by id: the fold of a prefix of its stream, possibly behind it (and,
   * after a crash inside `projectHire`, a sequence off its stream until the repair). Never decide
   * an append to the job on it: that reads the stream.
   */
  findProjected(jobId: string): Promise<Job | null>;
  /** As ContractRepository.reprojectRecordedSince. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
  /**
   * The projected jobs of `jobIds` (at most LOOKUP_IDS_MAX), in the order asked, one per id asked,
   * unknown ids skipped. Like the contract lists it may lag a write by a moment: for display only.
   */
  findMany(jobIds: readonly string[]): Promise<readonly Job[]>;
  /** As `findMany`, reading only what a contract list shows of each job (a projection of the stored document). */
  findSummaries(jobIds: readonly string[]): Promise<readonly JobSummary[]>;
}
