import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ActivityFeed, FeedEvent, FeedRead } from './activity-feed.ts';
import { EventHub, type Listener } from './event-hub.ts';

const CLIENT_ID = '64f1a2b3c4d5e6f7a8b9c001';

/** A feed of `count` events of one client's contract, positions '1'…'count'. */
function feedOf(count: number): ActivityFeed {
  const events: FeedEvent[] = Array.from({ length: count }, (_, index) => ({
    id: String(index + 1),
    source: 'contract',
    type: 'StatusChanged',
    contractId: 'c1',
    escrowId: null,
    clientId: CLIENT_ID,
    freelancerId: '64f1a2b3c4d5e6f7a8b9c002',
    recordedAt: new Date(0),
    data: {},
  }));
  return {
    head: () => Promise.resolve(String(count)),
    readAfter: (position: string, limit: number): Promise<FeedRead> => {
      const after = events.slice(Number(position), Number(position) + limit);
      return Promise.resolve({ events: after, position: after.at(-1)?.id ?? position });
    },
    isPosition: (value: string) => /^\d+$/.test(value) && Number(value) <= count,
  };
}

/** What a stream was sent: event ids, and 'reset at <position>'. */
async function streamed(feed: ActivityFeed, lastEventId: string | null): Promise<string[]> {
  const hub = new EventHub(
    feed,
    { pollMs: 60_000, heartbeatMs: 60_000, idleCloseMs: 60_000, connectionsPerUser: 3 },
    pino({ level: 'silent' }),
  );
  const sent: string[] = [];
  const listener: Listener = {
    actor: { userId: CLIENT_ID, role: 'client' },
    deliver: (event) => sent.push(event.id),
    reset: (position) => sent.push(`reset at ${position}`),
    close: () => undefined,
  };
  await hub.subscribe(listener, lastEventId);
  await hub.close();
  return sent;
}

describe('a stream resuming from a Last-Event-ID', () => {
  it('gets the events after an id the feed knows, and no reset', async () => {
    await expect(streamed(feedOf(4), '2')).resolves.toEqual(['3', '4']);
  });

  it('gets no reset when its id is the head', async () => {
    await expect(streamed(feedOf(4), '4')).resolves.toEqual([]);
  });

  it('starts live with no reset when it gives no id', async () => {
    await expect(streamed(feedOf(4), null)).resolves.toEqual([]);
  });

  it('is told to reset when its id is not one of the feed’s: malformed, or past its head (the embedded default restarted)', async () => {
    // At the head: the client's next Last-Event-ID, so its reconnection resumes instead of resetting again.
    await expect(streamed(feedOf(4), 'bogus')).resolves.toEqual(['reset at 4']);
    await expect(streamed(feedOf(4), '999999999999')).resolves.toEqual(['reset at 4']);
  });
});
