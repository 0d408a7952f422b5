import type { Hire, JobEvent } from '@skillhouse/domain';
import type { StoredFields } from './stored-values.ts';

/** A stored job event `{ type, data }`, read back into the domain's union. */
export function parseJobEvent(stored: StoredFields): JobEvent {
  const data = stored.record('data');
  const type = stored.text('type');
  switch (type) {
    case 'JobPosted':
      return {
        type,
        data: {
          jobId: data.text('jobId'),
          clientId: data.text('clientId'),
          title: data.text('title'),
          description: data.text('description'),
          ratePaise: data.paise('ratePaise'),
          at: data.date('at'),
        },
      };
    case 'JobHired':
      return { type, data: parseHire(data) };
    case 'JobReopened':
      return { type, data: { contractId: data.text('contractId'), at: data.date('at') } };
    default:
      throw stored.invalid('type', 'a job event type');
  }
}

export function parseHire(fields: StoredFields): Hire {
  return {
    contractId: fields.text('contractId'),
    clientId: fields.text('clientId'),
    freelancerId: fields.text('freelancerId'),
    amountPaise: fields.paise('amountPaise'),
    at: fields.date('at'),
  };
}
