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
