import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../shared/domain-error.ts';

export class EscrowNotFound extends NotFoundError {
  constructor(what: string) {
    super('ESCROW.NOT_FOUND', `${what} has no escrow`);
  }
}

export class EscrowAlreadyResolved extends ConflictError {
  constructor(kind: string) {
    super('ESCROW.ALREADY_RESOLVED', `this escrow has already been ${kind === 'release' ? 'released' : 'refunded'}`, { resolution: kind });
  }
}

export class RefundRefused extends ConflictError {
  constructor(reason: string) {
    super('ESCROW.REFUND_REFUSED', reason);
  }
}

/** An open dispute freezes the escrow and its contract until it is withdrawn or decided. */
export class EscrowInDispute extends ConflictError {
  constructor() {
    super('ESCROW.IN_DISPUTE', 'this escrow is in dispute: nothing moves until the dispute is withdrawn or decided');
  }
}

export class DisputeAlreadyOpen extends ConflictError {
  constructor() {
    super('DISPUTE.ALREADY_OPEN', 'this escrow already has an open dispute');
  }
}

export class DisputeNotOpen extends ConflictError {
  constructor() {
    super('DISPUTE.NOT_OPEN', 'this escrow has no open dispute');
  }
}

export class DisputeStatementsExhausted extends ConflictError {
  constructor(statementsMax: number) {
    super('DISPUTE.STATEMENTS_EXHAUSTED', `a dispute holds at most ${statementsMax} statements`, { statementsMax });
  }
}

export class NotDisputeOpener extends ForbiddenError {
  constructor() {
    super('DISPUTE.NOT_OPENER', 'only the party who opened the dispute may withdraw it');
  }
}

/** A dispute decision may give the freelancer at most their earning. */
export class PayoutOverEarning extends ValidationError {
  constructor(field: string, earningInr: string) {
    super('VALIDATION.PAYOUT_OVER_EARNING', `${field} may be at most the freelancer's earning, ${earningInr} INR`, {
      fields: { [field]: `must be from 0 to ${earningInr}` },
    });
  }
}
