import { JobNotFound } from '../job/job.errors.ts';
import type { Job } from '../job/job.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

export class GetJob {
  constructor(private readonly flow: EscrowFlow) {}

  async execute(query: { readonly jobId: unknown }): Promise<Job> {
    const jobId = requireObjectId(query.jobId, 'jobId');
    const job = await this.flow.readJob(jobId);
    if (job === null) throw new JobNotFound(jobId);
    return job;
  }
}
