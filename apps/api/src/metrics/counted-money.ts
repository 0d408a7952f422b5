import type { EscrowRepository, LedgerJournal, MarketplacePorts, PaymentGateway } from '@skillhouse/domain';
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
 * The marketplace's ports, counting each money movement as it is made: an escrow funded (claimed
 * once per checkout session), a payout recorded in a wallet (once per idempotency key), a refund the
 * gateway confirmed. Replays that find the movement already made are not counted again; a refund
 * retried after a crash between the gateway and the escrow's stream may be.
 */
export function countingMoneyMovements(ports: MarketplacePorts, metrics: ApiMetrics): MarketplacePorts {
  const { escrows, ledger, payments } = ports;
  const claim: EscrowRepository['claim'] = async (escrow) => {
    const result = await escrows.claim(escrow);
    if (result.outcome === 'claimed') {
      metrics.recordMoney('payment_received', escrow.amountPaise);
      metrics.recordMoney('platform_fee', escrow.platformFeePaise);
    }
    return result;
  };
  const record: LedgerJournal['record'] = async (entry) => {
    const result = await ledger.record(entry);
    if (result.outcome === 'recorded') metrics.recordMoney('freelancer_payout', entry.amountPaise);
    return result;
  };
  const refundPayment: PaymentGateway['refundPayment'] = async (request) => {
    const refund = await payments.refundPayment(request);
    metrics.recordMoney('client_refund', request.amountPaise);
    return refund;
  };
  return {
    ...ports,
    escrows: withMethod(escrows, 'claim', claim),
    ledger: withMethod(ledger, 'record', record),
    payments: withMethod(payments, 'refundPayment', refundPayment),
  };
}
