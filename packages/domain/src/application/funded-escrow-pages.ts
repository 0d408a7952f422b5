import type { EscrowView } from '../escrow/escrow.ts';
import type { EscrowRepository } from '../ports/escrow-repository.port.ts';
import type { ListPosition, TimeWindow } from '../shared/page.ts';

/**
 * Every escrow funded in `funded`, oldest first, `pageSize` at a time: how the audit and the
 * reconciliation walk the escrows, whatever their number.
 */
export async function* fundedEscrowPages(
  escrows: Pick<EscrowRepository, 'listFunded'>,
  funded: TimeWindow,
  pageSize: number,
): AsyncGenerator<readonly EscrowView[]> {
  let after: ListPosition | undefined;
  for (;;) {
    const page = await escrows.listFunded(funded, after === undefined ? { limit: pageSize } : { limit: pageSize, after });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (page.length < pageSize || last === undefined) return;
    after = { at: last.fundedAt, id: last.id };
  }
}
