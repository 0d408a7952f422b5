import { describe, expect, it } from 'vitest';
import { inTurn } from './write-turns.ts';

/** A write that records when it starts and ends, and finishes when `finish` is called. */
function controlledWrite(log: string[], name: string, outcome: 'ok' | 'fails' = 'ok') {
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const write = async () => {
    log.push(`${name} starts`);
    await finished;
    log.push(`${name} ends`);
    if (outcome === 'fails') throw new Error(`${name} failed`);
    return name;
  };
  return { write, finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('inTurn(collection, id, write)', () => {
  it('starts a write of a document only after the one started before it settled, a failed one too', async () => {
    const log: string[] = [];
    const first = controlledWrite(log, 'first', 'fails');
    const second = controlledWrite(log, 'second');
    const firstDone = inTurn('jobs', 'a', first.write);
    const secondDone = inTurn('jobs', 'a', second.write);
    await settle();
    expect(log).toEqual(['first starts']);
    first.finish();
    await expect(firstDone).rejects.toThrow('first failed');
    await settle();
    expect(log).toEqual(['first starts', 'first ends', 'second starts']);
    second.finish();
    await expect(secondDone).resolves.toBe('second');
  });

  it('lets writes of other documents, or of the same id in another collection, run at once', async () => {
    const log: string[] = [];
    const writes = [controlledWrite(log, 'jobs/a'), controlledWrite(log, 'jobs/b'), controlledWrite(log, 'contracts/a')];
    const done = writes.map(({ write }, index) => inTurn(index === 2 ? 'contracts' : 'jobs', index === 1 ? 'b' : 'a', write));
    await settle();
    expect(log).toEqual(['jobs/a starts', 'jobs/b starts', 'contracts/a starts']);
    for (const { finish } of writes) finish();
    await expect(Promise.all(done)).resolves.toEqual(['jobs/a', 'jobs/b', 'contracts/a']);
  });

  it('starts at once a write of a document whose last write settled', async () => {
    const log: string[] = [];
    const earlier = controlledWrite(log, 'earlier');
    earlier.finish();
    await inTurn('escrows', 'e', earlier.write);
    const later = controlledWrite(log, 'later');
    const laterDone = inTurn('escrows', 'e', later.write);
    await settle();
    expect(log).toEqual(['earlier starts', 'earlier ends', 'later starts']);
    later.finish();
    await laterDone;
  });
});
