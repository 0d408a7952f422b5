import type { Job } from '../job/job.ts';
import { NotFoundError } from '../shared/domain-error.ts';
import { requireObjectId } from '../shared/ids.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';

export class JobNotFound extends NotFoundError {
  constructor(jobId: string) {
    super('JOB.NOT_FOUND', `job ${jobId} does not exist`);
  }
}

export class GetJob {
  constructor(private readonly flow: EscrowFlow) {}

  async execute(query: { readonly jobId: unknown }): Promise<Job> {
    const jobId = requireObjectId(query.jobId, 'jobId');
    const job = await this.flow.readJob(jobId);
    if (job === null) throw new JobNotFound(jobId);
    return job;
  }
}
