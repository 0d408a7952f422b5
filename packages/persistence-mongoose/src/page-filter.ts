import type { ListPosition, TimeWindow } from '@skillhouse/domain';

/**
 * The query conditions of one page of a list ordered by (`field`, `_id`): the items after
 * `after` in that order (keyset paging, so an insert never shifts a page), and within `window` on
 * `field`. Nothing when neither is given.
 */
export function pageFilter(
  field: string,
  order: 'newestFirst' | 'oldestFirst',
  after: ListPosition | undefined,
  window?: TimeWindow,
): Record<string, unknown> {
  const conditions: Record<string, unknown>[] = [];
  if (window?.from !== undefined) conditions.push({ [field]: { $gte: window.from } });
  if (window?.before !== undefined) conditions.push({ [field]: { $lt: window.before } });
  if (after !== undefined) {
    const beyond = order === 'newestFirst' ? '$lt' : '$gt';
    conditions.push({ $or: [{ [field]: { [beyond]: after.at } }, { [field]: after.at, _id: { [beyond]: after.id } }] });
  }
  return conditions.length === 0 ? {} : { $and: conditions };
}
