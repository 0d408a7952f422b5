import type { JobEvent, JobRepository } from '@skillhouse/domain';
import { InMemoryEventStream } from './in-memory-event-stream.ts';

export class InMemoryJobRepository extends InMemoryEventStream<JobEvent> implements JobRepository {
  async reproject(): Promise<void> {}
}
