import { foldEscrow, fundingOf, type EscrowView } from '../escrow/escrow.ts';
import { auditEscrow, LedgerAudit, type Violation } from '../ledger/audit.ts';
import { requireRole } from '../user/authorization.ts';
import type { Actor } from '../user/user.ts';
import { fundedEscrowPages } from '../application/funded-escrow-pages.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** Read in pages of this many, so the books may be of any size. */
const AUDIT_PAGE_SIZE = 200;

export interface BooksAudit {
  readonly transfersChecked: number;
  readonly escrowsChecked: number;
  readonly violations: readonly Violation[];
}

export type AuditedPorts = Pick<MarketplacePorts, 'ledger' | 'escrows'>;

/**
 * Every invariant of the books, over everything held, changing nothing: the ledger's (each
 * transfer, balances summing to zero, no wallet negative) and each escrow's (one resolution, every
 * paisa accounted for, exactly the transfers its stream implies, its account's balance, its view
 * caught up with its stream). Through the ports alone, so the `audit` command, the admin endpoint
 * and the embedded default check the same rules.
 */
export async function auditBooks(ports: AuditedPorts): Promise<BooksAudit> {
  const books = new LedgerAudit();
  let transfersChecked = 0;
  for (let after: string | null = null; ;) {
    const page = await ports.ledger.listAfter(after, AUDIT_PAGE_SIZE);
    for (const transfer of page) books.add(transfer);
    transfersChecked += page.length;
    const last = page.at(-1);
    if (page.length < AUDIT_PAGE_SIZE || last === undefined) break;
    after = last.id;
  }
  const violations = books.violations();
  let escrowsChecked = 0;
  for await (const page of fundedEscrowPages(ports.escrows, {}, AUDIT_PAGE_SIZE)) {
    for (const view of page) violations.push(...(await auditEscrowOf(ports, view)));
    escrowsChecked += page.length;
  }
  return { transfersChecked, escrowsChecked, violations };
}

/** One escrow against its stream and its transfers; decisions read the stream, and so does this. */
async function auditEscrowOf(ports: AuditedPorts, view: EscrowView): Promise<Violation[]> {
  const [stored, transfers] = await Promise.all([ports.escrows.read(view.id), ports.ledger.listByEscrow(view.id)]);
  const events = stored.map(({ event }) => event);
  const state = foldEscrow(fundingOf(view), events);
  const found = auditEscrow(state, events, transfers);
  if (view.sequence !== state.sequence) {
    found.push({
      rule: 'projection-caught-up',
      subject: `escrow ${view.id}`,
      message: `the view is at sequence ${view.sequence}, the stream at ${state.sequence}`,
    });
  }
  return found;
}

/** An admin audits the books (`GET /api/admin/audit`): the same checks as the `audit` command. */
export class AuditBooks {
  constructor(private readonly ports: AuditedPorts) {}

  async execute(query: { readonly actor: Actor }): Promise<BooksAudit> {
    requireRole(query.actor, 'admin');
    return auditBooks(this.ports);
  }
}
