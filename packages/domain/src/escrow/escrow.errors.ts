import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type ErrorCatalogue } from '../shared/domain-error.ts';
import { ValidationErrors } from '../shared/validation.errors.ts';
import { DISPUTES_PER_PARTY_MAX } from './dispute.ts';

export const EscrowErrors = {
  NotFound: { code: 'ESCROW.NOT_FOUND', kind: 'not_found', when: 'the contract has no escrow to release' },
  AlreadyResolved: { code: 'ESCROW.ALREADY_RESOLVED', kind: 'conflict', when: 'the escrow was already released or refunded' },
  RefundRefused: {
    code: 'ESCROW.REFUND_REFUSED',
    kind: 'conflict',
    when: 'the escrow cannot be refunded (no funded escrow, or the work was completed: release it, or open a dispute)',
  },
  InDispute: {
    code: 'ESCROW.IN_DISPUTE',
    kind: 'conflict',
    when: 'an open dispute freezes the escrow and its contract: no release, refund, status change or auto-release',
  },
  InChargeback: {
    code: 'ESCROW.IN_CHARGEBACK',
    kind: 'conflict',
    when: 'an open chargeback freezes the escrow: no release, refund, dispute decision or auto-release until the card network decides',
  },
  GivenBackByProcessor: {
    code: 'ESCROW.GIVEN_BACK_BY_PROCESSOR',
    kind: 'conflict',
    when: 'the payment processor gave the payment back on its own (an outside refund, a lost chargeback): the escrow is resolved by that',
  },
  ReviewLapsed: {
    code: 'ESCROW.REVIEW_LAPSED',
    kind: 'conflict',
    when: 'the client’s review period ended unanswered: the escrow is due to the freelancer and is released now, so no dispute opens on it',
  },
  RefundNotFailed: {
    code: 'ESCROW.REFUND_NOT_FAILED',
    kind: 'conflict',
    when: 'the escrow has no failed client refund to retry or settle by hand',
  },
} as const satisfies ErrorCatalogue;

export const DisputeErrors = {
  AlreadyOpen: { code: 'DISPUTE.ALREADY_OPEN', kind: 'conflict', when: 'the escrow already has an open dispute' },
  NotOpen: { code: 'DISPUTE.NOT_OPEN', kind: 'conflict', when: 'the escrow has no open dispute to add to, withdraw or decide' },
  StatementsExhausted: {
    code: 'DISPUTE.STATEMENTS_EXHAUSTED',
    kind: 'conflict',
    when: 'the dispute already holds the most statements it takes',
  },
  NotOpener: { code: 'DISPUTE.NOT_OPENER', kind: 'forbidden', when: 'only the party who opened the dispute may withdraw it' },
  Exhausted: {
    code: 'DISPUTE.EXHAUSTED',
    kind: 'conflict',
    when: `the caller already opened the most disputes a party may open on this escrow (${DISPUTES_PER_PARTY_MAX})`,
  },
} as const satisfies ErrorCatalogue;

export class EscrowNotFound extends NotFoundError {
  constructor(what: string) {
    super(EscrowErrors.NotFound, `${what} has no escrow`);
  }
}

export class EscrowAlreadyResolved extends ConflictError {
  constructor(kind: string) {
    super(EscrowErrors.AlreadyResolved, `this escrow has already been ${kind === 'release' ? 'released' : 'refunded'}`, {
      resolution: kind,
    });
  }
}

export class RefundRefused extends ConflictError {
  constructor(reason: string) {
    super(EscrowErrors.RefundRefused, reason);
  }
}

/** An open dispute freezes the escrow and its contract until it is withdrawn or decided. */
export class EscrowInDispute extends ConflictError {
  constructor() {
    super(EscrowErrors.InDispute, 'this escrow is in dispute: nothing moves until the dispute is withdrawn or decided');
  }
}

/** An open chargeback freezes the escrow until the card network decides it. */
export class EscrowInChargeback extends ConflictError {
  constructor() {
    super(EscrowErrors.InChargeback, 'the payment of this escrow is charged back: nothing moves until the card network decides');
  }
}

/** Money the processor gave back resolves the escrow: no party's resolution comes before it. */
export class EscrowGivenBackByProcessor extends ConflictError {
  constructor() {
    super(EscrowErrors.GivenBackByProcessor, 'the payment processor gave this payment back: the escrow is resolved by that');
  }
}

export class RefundNotFailed extends ConflictError {
  constructor() {
    super(EscrowErrors.RefundNotFailed, 'this escrow has no failed client refund waiting for an answer');
  }
}

export class DisputeAlreadyOpen extends ConflictError {
  constructor() {
    super(DisputeErrors.AlreadyOpen, 'this escrow already has an open dispute');
  }
}

export class DisputeNotOpen extends ConflictError {
  constructor() {
    super(DisputeErrors.NotOpen, 'this escrow has no open dispute');
  }
}

export class DisputeStatementsExhausted extends ConflictError {
  constructor(statementsMax: number) {
    super(DisputeErrors.StatementsExhausted, `a dispute holds at most ${statementsMax} statements`, { statementsMax });
  }
}

export class DisputesExhausted extends ConflictError {
  constructor(disputesMax: number) {
    super(DisputeErrors.Exhausted, `each party may open at most ${disputesMax} disputes on an escrow`, { disputesMax });
  }
}

export class NotDisputeOpener extends ForbiddenError {
  constructor() {
    super(DisputeErrors.NotOpener, 'only the party who opened the dispute may withdraw it');
  }
}

/** A dispute decision may give the freelancer at most their earning. */
export class PayoutOverEarning extends ValidationError {
  constructor(field: string, earningInr: string) {
    super(ValidationErrors.PayoutOverEarning, `${field} may be at most the freelancer's earning, ${earningInr} INR`, {
      fields: { [field]: `must be from 0 to ${earningInr}` },
    });
  }
}

/** The review period ended unanswered: from that moment the escrow is the freelancer's, whenever the timer gets to it. */
export class ReviewLapsed extends ConflictError {
  constructor(endsAt: Date) {
    super(
      EscrowErrors.ReviewLapsed,
      `the review period ended at ${endsAt.toISOString()} unanswered: the escrow is released to the freelancer`,
      {
        reviewEndedAt: endsAt.toISOString(),
      },
    );
  }
}
