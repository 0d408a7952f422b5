import { foldContract, foldJob, type ContractEvent, type EventStream } from '@skillhouse/domain';
import { describe, expect, it } from 'vitest';
import {
  canceledContractStream,
  contractCreated,
  contractParties,
  disputedContractStream,
  jobStream,
  newId,
  simultaneously,
} from './fixtures.ts';
import type { PersistencePorts } from './persistence-ports.ts';

/** Appends `events` to a new stream and reads them back: each at its sequence, as it was appended. */
async function appendedAndReadBack<E>(stream: EventStream<E>, streamId: string, events: readonly E[]): Promise<readonly E[]> {
  await appendAll(stream, streamId, events);
  const stored = await stream.read(streamId);
  expect(stored).toStrictEqual(events.map((event, index) => ({ sequence: index + 1, event })));
  return stored.map(({ event }) => event);
}

async function appendAll<E>(stream: EventStream<E>, streamId: string, events: readonly E[]): Promise<void> {
  for (const [index, event] of events.entries()) {
    await expect(stream.append(streamId, index, event)).resolves.toEqual({ outcome: 'appended', sequence: index + 1 });
  }
}

export function describeEventStreams(ports: () => PersistencePorts): void {
  describe('contract and job event streams', () => {
    it('reads an unknown stream as empty', async () => {
      await expect(ports().contracts.read(newId())).resolves.toStrictEqual([]);
      await expect(ports().jobs.read(newId())).resolves.toStrictEqual([]);
    });

    it('appends at the next sequence and reads every event back in order, dates as dates', async () => {
      const parties = contractParties();
      const events = canceledContractStream(parties);
      const stored = await appendedAndReadBack(ports().contracts, parties.contractId, events);
      expect(stored[4]?.data.at).toBeInstanceOf(Date);
      expect(foldContract(stored)?.status).toBe('Canceled');
    });

    it('reads back change requests, a second delivery and a dispute decision ending a Completed contract', async () => {
      const parties = contractParties();
      const events = disputedContractStream(parties);
      const stored = await appendedAndReadBack(ports().contracts, parties.contractId, events);
      expect(foldContract(stored)).toMatchObject({
        status: 'Canceled',
        deliveries: 2,
        deliveredAt: events[6]!.data.at,
        changeRequests: 1,
      });
    });

    it('keeps job streams apart from contract streams', async () => {
      const jobId = newId();
      const events = jobStream(jobId, newId());
      const stored = await appendedAndReadBack(ports().jobs, jobId, events);
      expect(foldJob(stored)?.status).toBe('Open');
      await expect(ports().contracts.read(jobId)).resolves.toStrictEqual([]);
    });

    it('reports a taken sequence and leaves the stream as it was', async () => {
      const parties = contractParties();
      const [created, attached] = canceledContractStream(parties) as [ContractEvent, ContractEvent];
      await appendAll(ports().contracts, parties.contractId, [created, attached]);
      await expect(ports().contracts.append(parties.contractId, 1, attached)).resolves.toEqual({ outcome: 'sequenceTaken', expected: 1 });
      await expect(ports().contracts.append(parties.contractId, 0, created)).resolves.toEqual({ outcome: 'sequenceTaken', expected: 0 });
      await expect(ports().contracts.read(parties.contractId)).resolves.toHaveLength(2);
    });

    it('lets exactly one of 20 simultaneous appends take a sequence', async () => {
      const parties = contractParties();
      const results = await simultaneously(20, (index) =>
        ports().contracts.append(parties.contractId, 0, contractCreated(parties, 1_000 + index)),
      );
      const winners = results.flatMap((result, index) => (result.outcome === 'appended' ? [index] : []));
      expect(winners).toHaveLength(1);
      expect(results.filter((result) => result.outcome === 'sequenceTaken')).toHaveLength(19);
      const stored = await ports().contracts.read(parties.contractId);
      expect(stored).toStrictEqual([{ sequence: 1, event: contractCreated(parties, 1_000 + winners[0]!) }]);
    });

    it('lets exactly one of 20 simultaneous job hires take the same sequence', async () => {
      const jobId = newId();
      const [posted, hired] = jobStream(jobId, newId());
      await appendAll(ports().jobs, jobId, [posted!]);
      const results = await simultaneously(20, () => ports().jobs.append(jobId, 1, hired!));
      expect(results.filter((result) => result.outcome === 'appended')).toHaveLength(1);
      await expect(ports().jobs.read(jobId)).resolves.toHaveLength(2);
    });

    it('reprojects a job idempotently and ignores an unknown one', async () => {
      const jobId = newId();
      await appendAll(ports().jobs, jobId, jobStream(jobId, newId()));
      await ports().jobs.reproject(jobId);
      await ports().jobs.reproject(jobId);
      await expect(ports().jobs.reproject(newId())).resolves.toBeUndefined();
      await expect(ports().jobs.read(jobId)).resolves.toHaveLength(3);
    });
  });
}
