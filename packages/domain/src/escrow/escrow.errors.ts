import { ConflictError, NotFoundError } from '../shared/domain-error.ts';

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
