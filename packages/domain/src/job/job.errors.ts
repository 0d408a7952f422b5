import { NotFoundError, type ErrorCatalogue } from '../shared/domain-error.ts';

export const JobErrors = {
  NotFound: { code: 'JOB.NOT_FOUND', kind: 'not_found', when: 'no job has this id' },
  NotYours: { code: 'JOB.NOT_YOURS', kind: 'forbidden', when: 'the job belongs to another client' },
  AlreadyHired: { code: 'JOB.ALREADY_HIRED', kind: 'conflict', when: 'the job already has a live contract that this request cannot use' },
} as const satisfies ErrorCatalogue;

export class JobNotFound extends NotFoundError {
  constructor(jobId: string) {
    super(JobErrors.NotFound, `job ${jobId} does not exist`);
  }
}
