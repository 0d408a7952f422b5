import type { JobEvent, JobRepository } from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

export class InMemoryJobRepository extends InMemoryEventStream<JobEvent> implements JobRepository {
  async reproject(): Promise<void> {}

  /** Nothing to repair: lists fold the streams on every read. */
  async reprojectRecordedSince(): Promise<number> {
    return 0;
  }
}
