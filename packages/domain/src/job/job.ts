import { assert, assertNever, ConflictError, ForbiddenError } from '../shared/domain-error.ts';
import type { Paise } from '../money/money.ts';
import type { Actor } from '../user/user.ts';
import { JobErrors } from './job.errors.ts';

export const JOB_STATUSES = ['Open', 'Closed'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

export type JobEvent =
  | {
      readonly type: 'JobPosted';
      readonly data: {
        readonly jobId: string;
        readonly clientId: string;
        readonly title: string;
        readonly description: string;
        readonly ratePaise: Paise;
        readonly at: Date;
      };
    }
  | {
      /** Claims the job for one contract: at most one live contract per job, by the stream's sequence. */
      readonly type: 'JobHired';
      readonly data: {
        readonly contractId: string;
        readonly clientId: string;
        readonly freelancerId: string;
        readonly amountPaise: Paise;
        readonly at: Date;
      };
    }
  | { readonly type: 'JobReopened'; readonly data: { readonly contractId: string; readonly at: Date } };

export interface Hire {
  readonly contractId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly amountPaise: Paise;
  readonly at: Date;
}

export interface Job {
  readonly id: string;
  readonly clientId: string;
  readonly title: string;
  readonly description: string;
  readonly ratePaise: Paise;
  readonly status: JobStatus;
  /** The hire holding the job, while it is Closed. */
  readonly liveHire: Hire | null;
  readonly hiredFreelancerId: string | null;
  /** Every hire in order, canceled ones included: a replayed payment finds its contract here. */
  readonly hires: readonly Hire[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly sequence: number;
}

/** What a list of contracts shows of each one's job: no description, no hires, so a page reads only that. */
export type JobSummary = Pick<Job, 'id' | 'title' | 'ratePaise' | 'status'>;

export function jobSummaryOf(job: Job): JobSummary {
  return { id: job.id, title: job.title, ratePaise: job.ratePaise, status: job.status };
}

export function evolveJob(state: Job | null, event: JobEvent): Job {
  switch (event.type) {
    case 'JobPosted': {
      assert(state === null, 'a job is posted once');
      const { jobId, clientId, title, description, ratePaise, at } = event.data;
      return {
        id: jobId,
        clientId,
        title,
        description,
        ratePaise,
        status: 'Open',
        liveHire: null,
        hiredFreelancerId: null,
        hires: [],
        createdAt: at,
        updatedAt: at,
        sequence: 1,
      };
    }
    case 'JobHired': {
      assert(state !== null && state.status === 'Open', 'only an open job is hired');
      const hire: Hire = event.data;
      return {
        ...state,
        status: 'Closed',
        liveHire: hire,
        hiredFreelancerId: hire.freelancerId,
        hires: [...state.hires, hire],
        updatedAt: hire.at,
        sequence: state.sequence + 1,
      };
    }
    case 'JobReopened': {
      assert(state !== null && state.liveHire?.contractId === event.data.contractId, 'only the live hire reopens a job');
      return {
        ...state,
        status: 'Open',
        liveHire: null,
        hiredFreelancerId: null,
        updatedAt: event.data.at,
        sequence: state.sequence + 1,
      };
    }
    default:
      return assertNever(event, 'job event');
  }
}

export function foldJob(events: readonly JobEvent[]): Job | null {
  return events.reduce<Job | null>(evolveJob, null);
}

export function decideHire(job: Job, hire: Hire): JobEvent {
  if (job.status !== 'Open') {
    throw new ConflictError(JobErrors.AlreadyHired, 'this job already has a live contract', { jobId: job.id });
  }
  return hireOfOpenJob(hire);
}

/**
 * The hire of a job known to be Open at the sequence it will be appended after: a job's state at a
 * given sequence never changes, so knowing it was Open there (the checkout saw it) is deciding on it.
 */
export function hireOfOpenJob(hire: Hire): JobEvent {
  return { type: 'JobHired', data: hire };
}

export function requireJobOwner(job: Job, actor: Actor): void {
  if (job.clientId !== actor.userId) throw new ForbiddenError(JobErrors.NotYours, 'this job belongs to another client');
}
