import type { Job, JobEvent } from '../job/job.ts';
import type { EventStream } from './event-stream.port.ts';

/** Jobs are event streams too: hiring claims the job's next sequence, so one live contract per job. */
export interface JobRepository extends EventStream<JobEvent> {
  reproject(jobId: string): Promise<void>;
  /** As ContractRepository.reprojectRecordedSince. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
  /**
   * The projected jobs of `jobIds` (at most LOOKUP_IDS_MAX), in the order asked, one per id asked,
   * unknown ids skipped. Like the contract lists it may lag a write by a moment: for display only.
   */
  findMany(jobIds: readonly string[]): Promise<readonly Job[]>;
}
