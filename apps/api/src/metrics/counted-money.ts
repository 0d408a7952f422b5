import { paymentHeld, type EscrowRepository, type Ledger, type MarketplacePorts, type Transfer } from '@skillhouse/domain';
import type { ApiMetrics } from './api-metrics.ts';

/** `target` with one method replaced; every other member is the target's own, bound to it (adapters may keep private fields). */
function withMethod<T extends object, K extends keyof T>(target: T, key: K, replacement: T[K]): T {
  return new Proxy(target, {
    get(object, property) {
      if (property === key) return replacement;
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}

/**
 * The marketplace's ports, counting each money movement as the ledger records it, by the
 * transfer's kind (payment held, platform fee, freelancer payout, client refund, withdrawals).
 * Every movement is a transfer and a transfer is recorded once under its id, so a replay, a retry
 * or recovery finding it already recorded is not counted again. A payment held is its escrow's
 * claim (the ledger derives it), so it is counted when the claim succeeds, once per escrow.
 */
export function countingMoneyMovements(ports: MarketplacePorts, metrics: ApiMetrics): MarketplacePorts {
  const { ledger, escrows } = ports;
  const count = (transfer: Transfer) => metrics.recordMoney(transfer.kind, transfer.amountPaise);
  const record: Ledger['record'] = async (transfers) => {
    const result = await ledger.record(transfers);
    for (const transfer of result.recorded) count(transfer);
    return result;
  };
  const claim: EscrowRepository['claim'] = async (escrow) => {
    const result = await escrows.claim(escrow);
    if (result.outcome === 'claimed') count(paymentHeld(escrow));
    return result;
  };
  return { ...ports, ledger: withMethod(ledger, 'record', record), escrows: withMethod(escrows, 'claim', claim) };
}
