import { evolveJob, type Job, type JobEvent } from '../job/job.ts';
import { inrToPaise } from '../money/money.ts';
import { requireText } from '../shared/bounded-text.ts';
import { assert } from '../shared/domain-error.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

export const JOB_TITLE_LENGTH_MAX = 200;
export const JOB_DESCRIPTION_LENGTH_MAX = 5_000;

export interface PostJobCommand {
  readonly actor: Actor;
  readonly title: unknown;
  readonly description: unknown;
  readonly rate: unknown;
}

/** A client posts a job; it is Open until a contract is made for it. */
export class PostJob {
  constructor(private readonly ports: Pick<MarketplacePorts, 'jobs' | 'clock' | 'ids'>) {}

  async execute(command: PostJobCommand): Promise<Job> {
    requireRole(command.actor, 'client');
    const posted: JobEvent = {
      type: 'JobPosted',
      data: {
        jobId: this.ports.ids.newId(),
        clientId: command.actor.userId,
        title: requireText(command.title, 'title', JOB_TITLE_LENGTH_MAX),
        description: requireText(command.description, 'description', JOB_DESCRIPTION_LENGTH_MAX),
        ratePaise: inrToPaise(command.rate, 'rate'),
        at: this.ports.clock.now(),
      },
    };
    const result = await this.ports.jobs.append(posted.data.jobId, 0, posted);
    assert(result.outcome === 'appended', 'a freshly generated job id is free');
    const job = evolveJob(null, posted);
    await this.ports.jobs.project(job);
    return job;
  }
}
