import { NotAPartyToContract } from '../contract/contract.errors.ts';
import type { Contract, ContractEvent } from '../contract/contract.ts';
import type { EscrowEvent } from '../escrow/escrow.ts';
import { walletOwnerOf, type Transfer } from '../ledger/ledger.ts';
import { requireObjectId } from '../shared/ids.ts';
import { SYSTEM_ACTOR_ID, type Actor, type Role } from '../user/user.ts';
import type { EscrowFlow } from '../application/escrow-flow.ts';
import type { MarketplacePorts } from '../application/marketplace-ports.ts';

/** One line of a contract's audit trail: who did what, when. Amounts in `details` are paise (keys ending in `Paise`). */
export interface HistoryEntry {
  readonly at: Date;
  readonly actor: { readonly id: string; readonly role: Role | 'system' };
  readonly source: 'contract' | 'escrow' | 'money';
  readonly type: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/**
 * Everything that happened to a contract, its escrow and its dispute, and every money movement, in
 * order: what a party or an operator reads when they disagree. Read from the streams and the ledger,
 * never from projections.
 */
export class ContractHistory {
  constructor(
    private readonly ports: Pick<MarketplacePorts, 'contracts' | 'escrows' | 'ledger'>,
    private readonly flow: EscrowFlow,
  ) {}

  async execute(query: { readonly actor: Actor; readonly contractId: unknown }): Promise<readonly HistoryEntry[]> {
    const contractId = requireObjectId(query.contractId, 'contractId');
    const contract = await this.flow.requireContract(contractId);
    const { actor } = query;
    if (actor.role !== 'admin' && actor.userId !== contract.clientId && actor.userId !== contract.freelancerId)
      throw new NotAPartyToContract();
    const roleOf = (id: string): Role | 'system' => participantRole(contract, id);

    const contractEvents = await this.ports.contracts.read(contractId);
    const entries: HistoryEntry[] = contractEvents.map(({ event }) => contractEntry(event, roleOf));
    if (contract.escrowId !== null) {
      const [escrowEvents, movements] = await Promise.all([
        this.ports.escrows.read(contract.escrowId),
        this.ports.ledger.listByEscrow(contract.escrowId),
      ]);
      // The processor's refund is the resolution's client share: shown with it, as the money it moved.
      const clientRefundPaise = escrowEvents.find(({ event }) => event.type === 'EscrowResolved')?.event;
      const refundPaise = clientRefundPaise?.type === 'EscrowResolved' ? clientRefundPaise.data.clientRefundPaise : null;
      entries.push(...escrowEvents.map(({ event }) => escrowEntry(event, roleOf, refundPaise)));
      entries.push(...movements.flatMap((movement) => walletEntry(movement)));
    }
    // A stable sort: entries of one instant keep the order contract, escrow, money.
    return entries.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

function participantRole(contract: Contract, id: string): Role | 'system' {
  if (id === SYSTEM_ACTOR_ID) return 'system';
  if (id === contract.clientId) return 'client';
  if (id === contract.freelancerId) return 'freelancer';
  return 'admin';
}

function contractEntry(event: ContractEvent, roleOf: (id: string) => Role | 'system'): HistoryEntry {
  const { at, ...details } = event.data;
  const by = 'by' in details ? details.by : null;
  const actorId = by ?? (event.type === 'ContractCreated' ? event.data.clientId : SYSTEM_ACTOR_ID);
  return { at, actor: { id: actorId, role: roleOf(actorId) }, source: 'contract', type: event.type, details };
}

function escrowEntry(event: EscrowEvent, roleOf: (id: string) => Role | 'system', clientRefundPaise: number | null): HistoryEntry {
  if (event.type === 'EscrowResolved') {
    const { decidedAt, decidedBy, decidedByRole, ...details } = event.data;
    return { at: decidedAt, actor: { id: decidedBy, role: decidedByRole }, source: 'escrow', type: event.type, details };
  }
  const { at, ...data } = event.data;
  const by = 'by' in data ? data.by : SYSTEM_ACTOR_ID;
  const { source, details } = shownEscrowEvent(event, data, clientRefundPaise);
  return { at, actor: { id: by, role: roleOf(by) }, source, type: event.type, details };
}

/**
 * Where an escrow event shows, and with what: money that left through the processor or came back
 * from it (the client's refund sent, failed, refused, paid by hand; a refund made outside this service; a
 * chargeback lost) shows as money with its amount; the rest as the escrow's step, as recorded.
 */
function shownEscrowEvent(
  event: Exclude<EscrowEvent, { type: 'EscrowResolved' }>,
  data: Readonly<Record<string, unknown>>,
  clientRefundPaise: number | null,
): Pick<HistoryEntry, 'source' | 'details'> {
  switch (event.type) {
    case 'ClientRefundSent':
    case 'ClientRefundFailed':
    case 'ClientRefundRefused':
    case 'ClientRefundSettledByHand':
      return { source: 'money', details: { ...data, amountPaise: clientRefundPaise } };
    case 'OutsideRefundRecorded':
      return { source: 'money', details: data };
    case 'ChargebackClosed': {
      const { disputeId, amountPaise, won } = event.data;
      return { source: won ? 'escrow' : 'money', details: { disputeId, amountPaise, outcome: won ? 'won' : 'lost' } };
    }
    default:
      return { source: 'escrow', details: data };
  }
}

/** The escrow's transfers that reached a wallet; the payment, the fee and the client's share show with the escrow's events. */
function walletEntry(transfer: Transfer): HistoryEntry[] {
  const credited = walletOwnerOf(transfer.creditAccount);
  const debited = walletOwnerOf(transfer.debitAccount);
  const ownerId = credited ?? debited;
  if (ownerId === null) return [];
  return [
    {
      at: transfer.at,
      actor: { id: SYSTEM_ACTOR_ID, role: 'system' },
      source: 'money',
      type: credited === null ? 'WalletDebited' : 'WalletCredited',
      details: { ownerId, amountPaise: transfer.amountPaise, description: transfer.description, idempotencyKey: transfer.id },
    },
  ];
}
