import { ConflictError, ForbiddenError, NotFoundError } from '../shared/domain-error.ts';
import type { ContractStatus } from './contract.ts';

export class ContractNotFound extends NotFoundError {
  constructor(contractId: string) {
    super('CONTRACT.NOT_FOUND', `contract ${contractId} does not exist`);
  }
}

export class NotAPartyToContract extends ForbiddenError {
  constructor() {
    super('CONTRACT.NOT_A_PARTY', 'this contract is not yours');
  }
}

export class TransitionRefused extends ConflictError {
  constructor(from: ContractStatus, to: ContractStatus) {
    super('CONTRACT.INVALID_TRANSITION', `a ${from} contract cannot become ${to}`, { from, to });
  }
}

export class ReleaseNotAllowed extends ConflictError {
  constructor(reason: string) {
    super('CONTRACT.RELEASE_NOT_ALLOWED', reason);
  }
}

/** The funding gate: a contract with no funded escrow cannot leave Pending. */
export class ContractNotFunded extends ConflictError {
  constructor() {
    super('CONTRACT.NOT_FUNDED', 'this contract has no funded escrow yet: it cannot start before it is paid');
  }
}

export class ReviewNotRunning extends ConflictError {
  constructor() {
    super('CONTRACT.REVIEW_NOT_RUNNING', 'changes can be requested only during the review period of a delivered contract');
  }
}

export class ChangeRequestsExhausted extends ConflictError {
  constructor(changeRequestsMax: number) {
    super('CONTRACT.CHANGE_REQUESTS_EXHAUSTED', `a contract takes at most ${changeRequestsMax} change requests: open a dispute instead`, {
      changeRequestsMax,
    });
  }
}
