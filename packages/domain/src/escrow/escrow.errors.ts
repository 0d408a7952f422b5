import { ConflictError, NotFoundError, type ErrorCatalogue } from '../shared/domain-error.ts';

export const EscrowErrors = {
  NotFound: { code: 'ESCROW.NOT_FOUND', kind: 'not_found', when: 'the contract has no escrow to release' },
  AlreadyResolved: { code: 'ESCROW.ALREADY_RESOLVED', kind: 'conflict', when: 'the escrow was already released or refunded' },
  RefundRefused: { code: 'ESCROW.REFUND_REFUSED', kind: 'conflict', when: 'the escrow cannot be refunded (no funded escrow, or the work was completed: release instead)' },
} as const satisfies ErrorCatalogue;

export class EscrowNotFound extends NotFoundError {
  constructor(what: string) {
    super(EscrowErrors.NotFound, `${what} has no escrow`);
  }
}

export class EscrowAlreadyResolved extends ConflictError {
  constructor(kind: string) {
    super(EscrowErrors.AlreadyResolved, `this escrow has already been ${kind === 'release' ? 'released' : 'refunded'}`, { resolution: kind });
  }
}

export class RefundRefused extends ConflictError {
  constructor(reason: string) {
    super(EscrowErrors.RefundRefused, reason);
  }
}
