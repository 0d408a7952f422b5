import type { JobEvent } from '../job/job.ts';
import type { EventStream } from './event-stream.port.ts';

/** Jobs are event streams too: hiring claims the job's next sequence, so one live contract per job. */
export interface JobRepository extends EventStream<JobEvent> {
  reproject(jobId: string): Promise<void>;
  /** As ContractRepository.reprojectRecordedSince. */
  reprojectRecordedSince(since: Date, limit: number): Promise<number>;
}
