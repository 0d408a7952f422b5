import type { Role } from '../user/user.ts';

/** Why a party opens a dispute. */
export const DISPUTE_REASONS = ['not_delivered', 'quality', 'scope', 'unresponsive', 'payment', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export const DISPUTE_STATUSES = ['open', 'withdrawn', 'resolved'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

/** Bounds on what the parties may say, so one dispute cannot grow without limit. */
export const DISPUTE_DESCRIPTION_LENGTH_MAX = 5_000;
export const DISPUTE_STATEMENT_LENGTH_MAX = 5_000;
export const DISPUTE_STATEMENTS_MAX = 50;
export const DISPUTE_STATEMENT_MEDIA_MAX = 10;
export const DISPUTE_NOTE_LENGTH_MAX = 2_000;
/**
 * Disputes each party may open on one escrow (again after withdrawals): with the bounds above, a
 * stream stays short. Counted per party, so that one party opening and withdrawing disputes cannot
 * use up the other's: the client's dispute is their remedy against a delivery they contest.
 */
export const DISPUTES_PER_PARTY_MAX = 5;

/** How many disputes each party opened on an escrow. */
export interface DisputesOpened {
  readonly client: number;
  readonly freelancer: number;
}

export interface DisputeStatement {
  readonly by: string;
  readonly byRole: Role;
  readonly text: string;
  readonly mediaUrls: readonly string[];
  readonly at: Date;
}

/** A disagreement over an escrow, between its client and its freelancer; an admin decides it. */
export interface Dispute {
  /** 1 for the escrow's first dispute: one may be opened again after a withdrawal. */
  readonly number: number;
  readonly status: DisputeStatus;
  readonly openedBy: string;
  readonly openedByRole: Role;
  readonly reason: DisputeReason;
  readonly description: string;
  readonly openedAt: Date;
  readonly statements: readonly DisputeStatement[];
  readonly closedAt: Date | null;
}
