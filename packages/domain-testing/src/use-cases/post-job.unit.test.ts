import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '@skillhouse/domain';
import { createWorld, people, postJob } from '../escrow-fixtures.test-support.ts';

describe('PostJob', () => {
  it('a client posts an Open job at a rate in paise', async () => {
    const world = createWorld();
    const job = await world.service.postJob.execute({ actor: people.client, title: '  Logo  ', description: 'A logo', rate: '12.5' });
    expect(job).toMatchObject({
      clientId: people.client.userId,
      title: 'Logo',
      ratePaise: 1_250,
      status: 'Open',
      liveHire: null,
      hires: [],
    });
    expect(await world.service.getJob.execute({ jobId: job.id })).toEqual(job);
  });

  it.each([
    ['a freelancer', people.freelancer],
    ['an admin', people.admin],
  ])('refuses %s posting', async (_who, actor) => {
    const world = createWorld();
    await expect(postJob(world, actor)).rejects.toThrow(ForbiddenError);
    await expect(postJob(world, actor)).rejects.toMatchObject({ code: 'AUTH.ROLE_NOT_ALLOWED' });
  });

  it.each([
    ['an empty title', { title: '   ' }, 'VALIDATION.INVALID_TEXT'],
    ['a title over 200 characters', { title: 'x'.repeat(201) }, 'VALIDATION.INVALID_TEXT'],
    ['a missing description', { description: undefined }, 'VALIDATION.INVALID_TEXT'],
    ['a rate with three decimals', { rate: 1.234 }, 'VALIDATION.INVALID_AMOUNT'],
    ['a rate of 0', { rate: 0 }, 'VALIDATION.AMOUNT_OUT_OF_RANGE'],
  ])('refuses %s, storing nothing', async (_what, change, code) => {
    const world = createWorld();
    const command = { actor: people.client, title: 'Logo', description: 'A logo', rate: 500, ...change };
    await expect(world.service.postJob.execute(command)).rejects.toThrow(ValidationError);
    await expect(world.service.postJob.execute(command)).rejects.toMatchObject({ code });
    expect(world.ports.jobs.streamIds()).toEqual([]);
  });
});

describe('GetJob', () => {
  it('refuses an id that is not 24 hex digits, and answers 404 for an unknown job', async () => {
    const world = createWorld();
    await expect(world.service.getJob.execute({ jobId: 'nope' })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_ID' });
    await expect(world.service.getJob.execute({ jobId: 'a'.repeat(24) })).rejects.toMatchObject({
      code: 'JOB.NOT_FOUND',
      kind: 'not_found',
    });
  });
});
