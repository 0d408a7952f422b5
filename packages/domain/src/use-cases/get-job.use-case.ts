import { JobNotFound } from '../job/job.errors.ts';
import type { Job } from '../job/job.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { Reconciliation } from '../application/reconciliation.ts';

export class GetJob {
  constructor(private readonly reconciliation: Reconciliation) {}

  async execute(query: { readonly jobId: unknown }): Promise<Job> {
    const jobId = requireObjectId(query.jobId, 'jobId');
    const job = await this.reconciliation.readJob(jobId);
    if (job === null) throw new JobNotFound(jobId);
    return job;
  }
}
