import { ConflictError, ForbiddenError, NotFoundError, type ErrorCatalogue } from '../shared/domain-error.ts';
import type { ContractStatus } from './contract.ts';

export const ContractErrors = {
  NotFound: { code: 'CONTRACT.NOT_FOUND', kind: 'not_found', when: 'no contract has this id' },
  NotAParty: { code: 'CONTRACT.NOT_A_PARTY', kind: 'forbidden', when: 'the contract is not the caller’s' },
  InvalidTransition: {
    code: 'CONTRACT.INVALID_TRANSITION',
    kind: 'conflict',
    when: 'the contract’s status cannot become the one asked for',
  },
  NotFunded: { code: 'CONTRACT.NOT_FUNDED', kind: 'conflict', when: 'the contract has no funded escrow, so it cannot start' },
  ReviewNotRunning: {
    code: 'CONTRACT.REVIEW_NOT_RUNNING',
    kind: 'conflict',
    when: 'changes are asked for outside the review period of a delivery',
  },
  ChangeRequestsExhausted: {
    code: 'CONTRACT.CHANGE_REQUESTS_EXHAUSTED',
    kind: 'conflict',
    when: 'the client already sent the work back the most times allowed: a dispute is the way',
  },
  ReleaseNotAllowed: {
    code: 'CONTRACT.RELEASE_NOT_ALLOWED',
    kind: 'conflict',
    when: 'a release asked for or approved before its time (not Completed, not funded, not requested, already requested)',
  },
} as const satisfies ErrorCatalogue;

export class ContractNotFound extends NotFoundError {
  constructor(contractId: string) {
    super(ContractErrors.NotFound, `contract ${contractId} does not exist`);
  }
}

export class NotAPartyToContract extends ForbiddenError {
  constructor() {
    super(ContractErrors.NotAParty, 'this contract is not yours');
  }
}

export class TransitionRefused extends ConflictError {
  constructor(from: ContractStatus, to: ContractStatus) {
    super(ContractErrors.InvalidTransition, `a ${from} contract cannot become ${to}`, { from, to });
  }
}

export class ReleaseNotAllowed extends ConflictError {
  constructor(reason: string) {
    super(ContractErrors.ReleaseNotAllowed, reason);
  }
}

/** The funding gate: a contract with no funded escrow cannot leave Pending. */
export class ContractNotFunded extends ConflictError {
  constructor() {
    super(ContractErrors.NotFunded, 'this contract has no funded escrow yet: it cannot start before it is paid');
  }
}

export class ReviewNotRunning extends ConflictError {
  constructor() {
    super(ContractErrors.ReviewNotRunning, 'changes can be requested only during the review period of a delivered contract');
  }
}

export class ChangeRequestsExhausted extends ConflictError {
  constructor(changeRequestsMax: number) {
    super(ContractErrors.ChangeRequestsExhausted, `a contract takes at most ${changeRequestsMax} change requests: open a dispute instead`, {
      changeRequestsMax,
    });
  }
}
