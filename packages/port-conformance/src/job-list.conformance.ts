import { foldJob, LOOKUP_IDS_MAX, type Job, type JobEvent, type JobRepository } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import { jobStream, newId } from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

async function recordJob(jobs: JobRepository, jobId: string, events: readonly JobEvent[]): Promise<Job> {
  for (const [index, event] of events.entries()) await jobs.append(jobId, index, event);
  await jobs.reproject(jobId);
  return foldJob((await jobs.read(jobId)).map((stored) => stored.event))!;
}

export function describeJobLists(ports: () => PersistencePorts): void {
  describe('job batch reads (projection)', () => {
    it('finds many jobs in the order asked, each equal to the fold of its stream, skipping unknown ids', async () => {
      const [firstId, secondId] = [newId(), newId()];
      const first = await recordJob(ports().jobs, firstId, jobStream(firstId, newId()));
      const second = await recordJob(ports().jobs, secondId, jobStream(secondId, newId()).slice(0, 2));
      expect(first.status).toBe('Open');
      expect(second.status).toBe('Closed');
      await expect(ports().jobs.findMany([secondId, newId(), firstId])).resolves.toStrictEqual([second, first]);
    });

    it('answers one job per id asked, duplicates included, and nothing for none', async () => {
      const jobId = newId();
      const job = await recordJob(ports().jobs, jobId, jobStream(jobId, newId()));
      await expect(ports().jobs.findMany([jobId, jobId])).resolves.toStrictEqual([job, job]);
      await expect(ports().jobs.findMany([])).resolves.toStrictEqual([]);
      await expect(ports().jobs.findMany([newId()])).resolves.toStrictEqual([]);
    });

    it('finds the summaries of many jobs (id, title, rate, status) in the order asked, one per id asked, skipping unknown ids', async () => {
      const [firstId, secondId] = [newId(), newId()];
      const first = await recordJob(ports().jobs, firstId, jobStream(firstId, newId()));
      const second = await recordJob(ports().jobs, secondId, jobStream(secondId, newId()).slice(0, 2));
      const summary = (job: Job) => ({ id: job.id, title: job.title, ratePaise: job.ratePaise, status: job.status });
      await expect(ports().jobs.findSummaries([secondId, newId(), firstId, secondId])).resolves.toStrictEqual([
        summary(second),
        summary(first),
        summary(second),
      ]);
      await expect(ports().jobs.findSummaries([])).resolves.toStrictEqual([]);
      await expect(ports().jobs.findSummaries([newId()])).resolves.toStrictEqual([]);
    });

    it('shows a later event once the job is reprojected', async () => {
      const jobId = newId();
      const [posted, hired] = jobStream(jobId, newId()) as [JobEvent, JobEvent];
      await recordJob(ports().jobs, jobId, [posted]);
      await ports().jobs.append(jobId, 1, hired);
      await ports().jobs.reproject(jobId);
      await expect(ports().jobs.findMany([jobId])).resolves.toStrictEqual([foldJob([posted, hired])]);
    });

    it('applies a hire to the projection at its revision as the fold does', async () => {
      const jobId = newId();
      const [posted, hired] = jobStream(jobId, newId()) as [JobEvent, JobEvent];
      if (hired.type !== 'JobHired') throw new Error('the fixture stream posts, then hires');
      const { jobs } = ports();
      await recordJob(jobs, jobId, [posted]);
      await jobs.append(jobId, 1, hired);
      await jobs.projectHire(jobId, 1, hired.data);
      await expect(jobs.findProjected(jobId)).resolves.toStrictEqual(foldJob([posted, hired]));
    });

    it('rewrites from the stream a projection a hire found at another revision: behind, already past it, or missing', async () => {
      const jobId = newId();
      const [posted, hired, reopened] = jobStream(jobId, newId()) as [JobEvent, JobEvent, JobEvent];
      if (hired.type !== 'JobHired' || reopened.type !== 'JobReopened') throw new Error('the fixture stream posts, hires, reopens');
      const { jobs } = ports();
      await recordJob(jobs, jobId, [posted]);
      await jobs.append(jobId, 1, hired);
      await jobs.append(jobId, 2, reopened);
      const whole = foldJob([posted, hired, reopened]);

      await jobs.projectHire(jobId, 2, hired.data); // the projection is at 1: behind
      await expect(jobs.findProjected(jobId)).resolves.toStrictEqual(whole);
      await jobs.projectHire(jobId, 1, hired.data); // the projection is at 3: already past the hire
      await expect(jobs.findProjected(jobId)).resolves.toStrictEqual(whole);

      const unprojected = newId();
      const [unprojectedPosted, unprojectedHired] = jobStream(unprojected, newId()) as [JobEvent, JobEvent];
      if (unprojectedHired.type !== 'JobHired') throw new Error('the fixture stream posts, then hires');
      await jobs.append(unprojected, 0, unprojectedPosted);
      await jobs.append(unprojected, 1, unprojectedHired);
      await jobs.projectHire(unprojected, 1, unprojectedHired.data);
      await expect(jobs.findProjected(unprojected)).resolves.toStrictEqual(foldJob([unprojectedPosted, unprojectedHired]));
      const unknown = newId();
      await jobs.projectHire(unknown, 1, unprojectedHired.data); // no stream, no projection: nothing to write
      await expect(jobs.findProjected(unknown)).resolves.toBeNull();
    });

    it(`refuses more than ${LOOKUP_IDS_MAX} ids`, async () => {
      const ids = Array.from({ length: LOOKUP_IDS_MAX + 1 }, () => newId());
      await expect(ports().jobs.findMany(ids)).rejects.toThrow(/at most/);
      await expect(ports().jobs.findSummaries(ids)).rejects.toThrow(/at most/);
    });
  });
}
