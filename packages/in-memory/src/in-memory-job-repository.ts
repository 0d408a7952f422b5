import {
  assertLookupBound,
  evolveJob,
  hireOfOpenJob,
  jobSummaryOf,
  type Hire,
  type Job,
  type JobEvent,
  type JobRepository,
  type JobSummary,
} from '@skillhouse/domain';
import { InMemoryProjectedStream } from './in-memory-projected-stream.ts';

export class InMemoryJobRepository extends InMemoryProjectedStream<JobEvent, Job> implements JobRepository {
  async project(job: Job): Promise<void> {
    this.write(job);
  }

  async projectHire(jobId: string, revision: number, hire: Hire): Promise<void> {
    const held = this.projectionOf(jobId);
    if (held?.sequence === revision) this.write(evolveJob(held, hireOfOpenJob(hire)));
    else this.rewrite(jobId);
  }

  async reproject(jobId: string): Promise<void> {
    this.rewrite(jobId);
  }

  async findProjected(jobId: string): Promise<Job | null> {
    return this.projectionOf(jobId) ?? null;
  }

  async reprojectRecordedSince(_since: Date, limit: number): Promise<number> {
    return this.rewriteBehind(limit);
  }

  async findMany(jobIds: readonly string[]): Promise<readonly Job[]> {
    assertLookupBound(jobIds, 'findMany');
    return jobIds.flatMap((id) => {
      const job = this.projectionOf(id);
      return job === undefined ? [] : [job];
    });
  }

  async findSummaries(jobIds: readonly string[]): Promise<readonly JobSummary[]> {
    assertLookupBound(jobIds, 'findSummaries');
    return jobIds.flatMap((id) => {
      const job = this.projectionOf(id);
      return job === undefined ? [] : [jobSummaryOf(job)];
    });
  }

  /** Only the events after the projection held: a reproject after one append folds one event. */
  protected fold(jobId: string, held: Job | undefined): Job | null {
    return this.eventsOf(jobId, held?.sequence).reduce<Job | null>(evolveJob, held ?? null);
  }

  /** Jobs are only found by id: nothing to index. */
  protected indexed(): void {
    return undefined;
  }
}
