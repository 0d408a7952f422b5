import type { ErrorCatalogue } from '../shared/domain-error.ts';

export const ReviewErrors = {
  WrongFreelancer: {
    code: 'REVIEW.WRONG_FREELANCER',
    kind: 'validation',
    when: 'the review’s freelancerId is not the freelancer of its contract',
  },
  ContractNotCompleted: {
    code: 'REVIEW.CONTRACT_NOT_COMPLETED',
    kind: 'conflict',
    when: 'the contract reviewed is not Completed with its escrow released',
  },
  AlreadyExists: { code: 'REVIEW.ALREADY_EXISTS', kind: 'conflict', when: 'the contract has already been reviewed' },
} as const satisfies ErrorCatalogue;
