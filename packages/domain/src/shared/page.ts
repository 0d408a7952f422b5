import { ValidationError } from './domain-error.ts';
import { ValidationErrors } from './validation.errors.ts';

/**
 * Where a list stopped: the time it is ordered by (a contract's creation, a payment's funding, …)
 * and the id that breaks ties. A page after a position starts right after it in the list's order,
 * so items inserted meanwhile never shift a page (keyset paging, as an index on (time, _id) reads).
 */
export interface ListPosition {
  readonly at: Date;
  readonly id: string;
}

/** One page of a list: at most `limit` items, starting after `after` (from the start without it). */
export interface PageRequest {
  readonly limit: number;
  readonly after?: ListPosition;
}

/** A time window on what a list is ordered by: from `from` (inclusive) to `before` (exclusive). */
export interface TimeWindow {
  readonly from?: Date;
  readonly before?: Date;
}

/** The items of a page, and the position to ask the next page after; null on the last page. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next: ListPosition | null;
}

export const PAGE_LIMIT_DEFAULT = 20;
export const PAGE_LIMIT_MAX = 100;

/** What a caller asks: any limit (checked here), a position the caller got from an earlier page. */
export interface PageQuery {
  readonly limit?: unknown;
  readonly after?: ListPosition;
}

/** The page asked for, with its limit checked: a whole number from 1 to PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT when left out. */
export function requirePage(query: PageQuery | undefined): PageRequest {
  const limit = query?.limit ?? PAGE_LIMIT_DEFAULT;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > PAGE_LIMIT_MAX) {
    const problem = `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`;
    throw new ValidationError(ValidationErrors.InvalidPage, `limit ${problem}`, { fields: { limit: problem } });
  }
  return query?.after === undefined ? { limit } : { limit, after: query.after };
}

/**
 * Reads one item more than the page holds, so the last page is known without a count: the page is
 * the first `limit`, and the next one starts after the last of them when more were there.
 */
export async function readPage<T>(
  page: PageRequest,
  read: (request: PageRequest) => Promise<readonly T[]>,
  positionOf: (item: T) => ListPosition,
): Promise<Page<T>> {
  const fetched = await read({ ...page, limit: page.limit + 1 });
  const items = fetched.slice(0, page.limit);
  const last = items.at(-1);
  return { items, next: fetched.length > page.limit && last !== undefined ? positionOf(last) : null };
}

/** Whether `at, id` comes after `position` in a newest-first list. */
export function isAfterInNewestFirst(at: Date, id: string, position: ListPosition | undefined): boolean {
  if (position === undefined) return true;
  const time = at.getTime();
  const positionTime = position.at.getTime();
  return time < positionTime || (time === positionTime && id < position.id);
}

/** Whether `at, id` comes after `position` in an oldest-first list. */
export function isAfterInOldestFirst(at: Date, id: string, position: ListPosition | undefined): boolean {
  if (position === undefined) return true;
  const time = at.getTime();
  const positionTime = position.at.getTime();
  return time > positionTime || (time === positionTime && id > position.id);
}

export function isWithin(at: Date, window: TimeWindow | undefined): boolean {
  const time = at.getTime();
  return (window?.from === undefined || time >= window.from.getTime()) && (window?.before === undefined || time < window.before.getTime());
}
