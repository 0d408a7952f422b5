import type { Actor } from '@skillhouse/domain';
import type { Logger } from 'pino';
import type { ActivityFeed, FeedEvent } from './activity-feed.ts';

export interface EventStreamLimits {
  /** How often the feed is read while anyone listens. */
  readonly pollMs: number;
  /** A comment line this often keeps proxies from closing a quiet stream. */
  readonly heartbeatMs: number;
  /** A stream that delivered nothing for this long is closed; EventSource reconnects with its Last-Event-ID. */
  readonly idleCloseMs: number;
  /** Streams one user may hold open on one process. */
  readonly connectionsPerUser: number;
}

/** The most events a catch-up reads (a Last-Event-ID far behind); beyond it the client is told to reload. */
const CATCH_UP_EVENTS_MAX = 5_000;
const FEED_BATCH = 500;

/** One open stream: what it may see and where it stands. */
export interface Listener {
  readonly actor: Actor;
  /** Writes an event; false once the stream is gone. */
  deliver(event: FeedEvent): void;
  /**
   * Tells the client it cannot resume from its Last-Event-ID (unknown, or too far behind): it should
   * reload what it shows. `position` is where the stream goes on from, the client's next Last-Event-ID,
   * so a reconnection does not send the same id and get another reset.
   */
  reset(position: string): void;
  close(): void;
}

interface Subscription {
  readonly listener: Listener;
  /** The last position this stream got; events at or before it are not sent again. */
  position: string;
  /** While it catches up from a Last-Event-ID, live events wait here. */
  pending: FeedEvent[] | null;
}

/** Whether the event is about one of the actor's contracts (admins see every contract's). */
export function concerns(event: FeedEvent, actor: Actor): boolean {
  return actor.role === 'admin' || event.clientId === actor.userId || event.freelancerId === actor.userId;
}

/**
 * The streams of one API process, fed by one reader of the feed however many listen: it reads the
 * feed every `pollMs` while anyone listens and hands each event to the streams it concerns. A stream
 * resuming from a Last-Event-ID first catches up on its own reads (bounded), while live events wait
 * for it. Every process reads the same feed, so a stream gets the same events whichever process it
 * is on, and resumes on another.
 */
export class EventHub {
  private readonly subscriptions = new Set<Subscription>();
  private position: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly feed: ActivityFeed,
    readonly limits: EventStreamLimits,
    private readonly logger: Logger,
  ) {}

  /** How many streams `userId` holds on this process. */
  connectionsOf(userId: string): number {
    let count = 0;
    for (const subscription of this.subscriptions) if (subscription.listener.actor.userId === userId) count += 1;
    return count;
  }

  isPosition(value: string): boolean {
    return this.feed.isPosition(value);
  }

  /**
   * Starts delivering to `listener`: after `lastEventId` when it gives one this feed knows, else from
   * now; an id it does not know (malformed, or past the head, as after the embedded default restarts) is
   * told to reset first, since what the client shows may be behind.
   */
  async subscribe(listener: Listener, lastEventId: string | null): Promise<() => void> {
    if (this.closed) {
      listener.close();
      return () => undefined;
    }
    const resumeFrom = lastEventId !== null && this.feed.isPosition(lastEventId) ? lastEventId : null;
    const subscription: Subscription = { listener, position: await this.feed.head(), pending: resumeFrom === null ? null : [] };
    this.position ??= subscription.position;
    if (resumeFrom !== null) subscription.position = resumeFrom;
    this.subscriptions.add(subscription);
    this.startPolling();
    if (lastEventId !== null && resumeFrom === null) listener.reset(subscription.position);
    if (resumeFrom !== null) await this.catchUp(subscription);
    return () => this.unsubscribe(subscription);
  }

  /** Ends every stream and stops reading: at shutdown. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    for (const subscription of this.subscriptions) subscription.listener.close();
    this.subscriptions.clear();
    await this.reading;
  }

  private unsubscribe(subscription: Subscription): void {
    this.subscriptions.delete(subscription);
    if (this.subscriptions.size > 0 || this.timer === null) return;
    clearInterval(this.timer);
    this.timer = null;
    // Nobody listens: the next listener starts from the head again, not from here.
    this.position = null;
  }

  private startPolling(): void {
    if (this.timer !== null) return;
    this.timer = setInterval(() => {
      this.reading ??= this.readFeed()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'reading the event feed failed; trying again'))
        .finally(() => {
          this.reading = null;
        });
    }, this.limits.pollMs);
    this.timer.unref();
  }

  private async readFeed(): Promise<void> {
    for (;;) {
      if (this.position === null) return;
      const read = await this.feed.readAfter(this.position, FEED_BATCH);
      this.position = read.position;
      for (const event of read.events) for (const subscription of this.subscriptions) this.offer(subscription, event);
      if (read.events.length < FEED_BATCH) return;
    }
  }

  private offer(subscription: Subscription, event: FeedEvent): void {
    if (!concerns(event, subscription.listener.actor)) return;
    if (subscription.pending !== null) subscription.pending.push(event);
    else this.send(subscription, event);
  }

  private send(subscription: Subscription, event: FeedEvent): void {
    if (event.id <= subscription.position) return;
    subscription.position = event.id;
    subscription.listener.deliver(event);
  }

  private async catchUp(subscription: Subscription): Promise<void> {
    let position = subscription.position;
    let read = 0;
    try {
      const until = this.position ?? (await this.feed.head());
      while (position < until) {
        if (read >= CATCH_UP_EVENTS_MAX) {
          subscription.position = until;
          subscription.listener.reset(until);
          break;
        }
        const batch = await this.feed.readAfter(position, FEED_BATCH);
        if (batch.position === position) break;
        read += FEED_BATCH;
        position = batch.position;
        for (const event of batch.events) if (concerns(event, subscription.listener.actor)) this.send(subscription, event);
      }
    } finally {
      const pending = subscription.pending ?? [];
      subscription.pending = null;
      for (const event of pending) this.send(subscription, event);
    }
  }
}
