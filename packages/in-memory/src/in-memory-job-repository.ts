import { assertLookupBound, foldJob, type Job, type JobEvent, type JobRepository } from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

export class InMemoryJobRepository extends InMemoryEventStream<JobEvent> implements JobRepository {
  /** Nothing to rewrite: reads fold the streams. */
  reproject(): Promise<void> {
    return Promise.resolve();
  }

  /** Nothing to repair: lists fold the streams on every read. */
  async reprojectRecordedSince(): Promise<number> {
    return 0;
  }

  /** Folds each stream on the read: always current, which a projection only promises eventually. */
  async findMany(jobIds: readonly string[]): Promise<readonly Job[]> {
    assertLookupBound(jobIds, 'findMany');
    const jobs: Job[] = [];
    for (const id of jobIds) {
      const job = foldJob((await this.read(id)).map((stored) => stored.event));
      if (job !== null) jobs.push(job);
    }
    return jobs;
  }
}
