import type { Context } from 'koa';
import { z } from 'zod';
import {
  CONTRACT_STATUSES,
  PAGE_LIMIT_DEFAULT,
  PAGE_LIMIT_MAX,
  type ContractStatus,
  type ListPosition,
  type Page,
  type TimeWindow,
} from '@skillhouse/domain';

/**
 * Pages of the API's lists: `limit` (default 20, at most 100) and `cursor`, an opaque token of the
 * last item's position in the list's order (time and id, keyset paging: an item inserted meanwhile
 * never shifts a page). A list answering `{ count, data }` gives the next page's cursor as
 * `nextCursor`; one answering a bare array gives it in a `Link: <…>; rel="next"` header (RFC 8288).
 */

const CURSOR_PATTERN = /^(\d{1,15})\.([0-9a-f]{24})$/;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(`${position.at.getTime()}.${position.id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): ListPosition | null {
  const match = CURSOR_PATTERN.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match === null) return null;
  const at = new Date(Number(match[1]));
  return Number.isNaN(at.getTime()) ? null : { at, id: match[2] ?? '' };
}

const limitSchema = z
  .string()
  .regex(/^\d+$/, `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`)
  .transform(Number)
  .pipe(
    z.number().int().min(1, `must be a whole number from 1 to ${PAGE_LIMIT_MAX}`).max(PAGE_LIMIT_MAX, `must be at most ${PAGE_LIMIT_MAX}`),
  )
  .optional()
  .meta({ description: `How many items a page holds: 1 to ${PAGE_LIMIT_MAX}, ${PAGE_LIMIT_DEFAULT} when left out` });

const cursorSchema = z
  .string()
  .max(64, 'is not a cursor this API gave')
  .transform((value, context) => {
    const position = decodeCursor(value);
    if (position === null) {
      context.addIssue({ code: 'custom', message: 'is not a cursor this API gave' });
      return z.NEVER;
    }
    return position;
  })
  .optional()
  .meta({ description: 'The `nextCursor` (or `Link` rel="next") of the previous page; the first page without it' });

/** The query of every paged list. */
export const pageQuerySchema = z.object({ limit: limitSchema, cursor: cursorSchema });

const instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time, e.g. 2026-03-01T00:00:00Z' });

const windowFrom = (what: string) => instant.optional().meta({ description: `Only items ${what} at or after this time, ISO 8601` });
const windowBefore = (what: string) => instant.optional().meta({ description: `Only items ${what} before this time, ISO 8601` });

/** The contract lists' filters: by status and by creation time. */
export const contractFilterQuery = {
  status: z.enum(CONTRACT_STATUSES).optional().meta({ description: 'Only contracts in this status' }),
  createdFrom: windowFrom('created'),
  createdBefore: windowBefore('created'),
};

export const contractListQuery = pageQuerySchema.extend(contractFilterQuery);

/** The domain's filters of a contract list, from its query (`status` left out when the list fixes it). */
export function contractFiltersOf(query: {
  limit?: number | undefined;
  cursor?: ListPosition | undefined;
  status?: ContractStatus | undefined;
  createdFrom?: string | undefined;
  createdBefore?: string | undefined;
}) {
  const created = windowOf(query.createdFrom, query.createdBefore);
  return {
    page: pageOf(query),
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(created === undefined ? {} : { created }),
  };
}

/** The payments list's filter: by funding time. */
export const fundedWindowQuery = { fundedFrom: windowFrom('funded'), fundedBefore: windowBefore('funded') };

/** The page the query asks for, in the domain's terms. */
export function pageOf(query: { limit?: number | undefined; cursor?: ListPosition | undefined }) {
  return { ...(query.limit === undefined ? {} : { limit: query.limit }), ...(query.cursor === undefined ? {} : { after: query.cursor }) };
}

export function windowOf(from: string | undefined, before: string | undefined): TimeWindow | undefined {
  if (from === undefined && before === undefined) return undefined;
  return { ...(from === undefined ? {} : { from: new Date(from) }), ...(before === undefined ? {} : { before: new Date(before) }) };
}

export function nextCursorOf(page: Page<unknown>): string | null {
  return page.next === null ? null : encodeCursor(page.next);
}

/** For a list answering a bare array: the next page's address in a `Link` header, the request's query kept. */
export function linkNextPage(ctx: Context, page: Page<unknown>): void {
  const cursor = nextCursorOf(page);
  if (cursor === null) return;
  const next = new URLSearchParams(ctx.querystring);
  next.set('cursor', cursor);
  ctx.set('Link', `<${ctx.path}?${next.toString()}>; rel="next"`);
}
