/**
 * What happened to contracts and their escrows, in one order across every API process: the event
 * streams read by a global position, since FerretDB has no change streams. The live event stream
 * (`GET /api/events`) follows it.
 */

export interface FeedEvent {
  /** Its position in the feed: increasing, opaque; the SSE event id, so `Last-Event-ID` resumes after it. */
  readonly id: string;
  readonly source: 'contract' | 'escrow';
  readonly type: string;
  readonly contractId: string | null;
  readonly escrowId: string | null;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly recordedAt: Date;
  /** The event as recorded: amounts in paise, dates as dates. */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface FeedRead {
  readonly events: readonly FeedEvent[];
  /** Where the next read starts: the last event's id, or further when the feed is known to hold nothing more up to there. */
  readonly position: string;
}

export interface ActivityFeed {
  /** The position of now: a read from here gets what is recorded from now on. */
  head(): Promise<string>;
  /** The events after `position`, in order, at most `limit`. */
  readAfter(position: string, limit: number): Promise<FeedRead>;
  /** Whether `value` is a position of this feed (a client's Last-Event-ID may be anything). */
  isPosition(value: string): boolean;
}
