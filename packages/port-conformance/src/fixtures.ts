import { randomBytes } from 'node:crypto';
import type { ContractEvent, Escrow, EscrowEvent, EscrowResolution, JobEvent, Review, Transfer, User } from '@skillhouse/domain';

/** A fresh 24-hex id, as the domain's ids are. */
export function newId(): string {
  return randomBytes(12).toString('hex');
}

/** A moment on a fixed day, `minute` minutes in, with milliseconds: what a store must keep exactly. */
export function at(minute: number): Date {
  return new Date(Date.UTC(2026, 2, 1, 9, minute, 0, 123 + minute));
}

export interface ContractParties {
  readonly contractId: string;
  readonly jobId: string;
  readonly clientId: string;
  readonly freelancerId: string;
  readonly createdAt: Date;
}

export function contractParties(overrides: Partial<ContractParties> = {}): ContractParties {
  return { contractId: newId(), jobId: newId(), clientId: newId(), freelancerId: newId(), createdAt: at(0), ...overrides };
}

export function contractCreated(parties: ContractParties, amountPaise = 50_000): ContractEvent {
  const { contractId, jobId, clientId, freelancerId, createdAt } = parties;
  return { type: 'ContractCreated', data: { contractId, jobId, clientId, freelancerId, amountPaise, escrowId: null, at: createdAt } };
}

/** A whole contract life that touches every field of the fold: escrow, progress and a cancellation. */
export function canceledContractStream(parties: ContractParties): ContractEvent[] {
  return [
    contractCreated(parties),
    { type: 'EscrowAttached', data: { escrowId: newId(), at: at(1) } },
    { type: 'StatusChanged', data: { from: 'Pending', to: 'Started', by: parties.freelancerId, at: at(2) } },
    { type: 'StatusChanged', data: { from: 'Started', to: 'Ongoing', by: parties.freelancerId, at: at(3) } },
    {
      type: 'ContractCanceled',
      data: {
        by: parties.clientId,
        byRole: 'client',
        reason: 'changed plans',
        description: null,
        from: 'Ongoing',
        forRefund: true,
        at: at(4),
      },
    },
  ];
}

/**
 * A contract delivered twice, sent back for changes between, and ended by a dispute decision that
 * cancels it from Completed: every field of the fold the review and dispute rules added.
 */
export function disputedContractStream(parties: ContractParties): ContractEvent[] {
  const { freelancerId, clientId } = parties;
  return [
    contractCreated(parties),
    { type: 'EscrowAttached', data: { escrowId: newId(), at: at(1) } },
    { type: 'StatusChanged', data: { from: 'Pending', to: 'Started', by: freelancerId, at: at(2) } },
    { type: 'StatusChanged', data: { from: 'Started', to: 'Ongoing', by: freelancerId, at: at(3) } },
    { type: 'StatusChanged', data: { from: 'Ongoing', to: 'Completed', by: freelancerId, at: at(4) } },
    { type: 'ChangesRequested', data: { round: 1, by: clientId, note: 'The logo needs a darker green', at: at(5) } },
    { type: 'StatusChanged', data: { from: 'Ongoing', to: 'Completed', by: freelancerId, at: at(6) } },
    {
      type: 'DisputeSettled',
      data: {
        by: newId(),
        byRole: 'admin',
        reason: 'dispute_decision',
        description: 'Half the work was usable',
        from: 'Completed',
        forRefund: false,
        to: 'Canceled',
        at: at(7),
      },
    },
  ];
}

export function jobStream(jobId: string, clientId: string): JobEvent[] {
  const hire = { contractId: newId(), clientId, freelancerId: newId(), amountPaise: 70_000, at: at(6) };
  return [
    { type: 'JobPosted', data: { jobId, clientId, title: 'Logo', description: 'A logo for a tea shop', ratePaise: 70_000, at: at(5) } },
    { type: 'JobHired', data: hire },
    { type: 'JobReopened', data: { contractId: hire.contractId, at: at(7) } },
  ];
}

export function escrowFixture(overrides: Partial<Escrow> = {}): Escrow {
  return {
    id: newId(),
    checkoutSessionId: `cs_test_${newId()}`,
    paymentIntentId: `pi_${newId()}`,
    jobId: newId(),
    clientId: newId(),
    freelancerId: newId(),
    amountPaise: 100_000,
    platformFeePaise: 10_000,
    freelancerEarningPaise: 90_000,
    proposedContractId: newId(),
    fundedAt: at(10),
    ...overrides,
  };
}

/** Events of an escrow's stream, each at a minute of the fixed day. */
export const escrowEvents = {
  contractFunded: (contractId: string, minute: number): EscrowEvent => ({ type: 'ContractFunded', data: { contractId, at: at(minute) } }),
  reviewStarted: (round: number, endsMinute: number, minute: number): EscrowEvent => ({
    type: 'ReviewStarted',
    data: { round, endsAt: at(endsMinute), at: at(minute) },
  }),
  changesRequested: (escrow: Escrow, round: number, minute: number): EscrowEvent => ({
    type: 'ChangesRequested',
    data: { round, by: escrow.clientId, note: 'The logo needs a darker green', at: at(minute) },
  }),
  disputeOpened: (escrow: Escrow, minute: number): EscrowEvent => ({
    type: 'DisputeOpened',
    data: { by: escrow.clientId, byRole: 'client', reason: 'quality', description: 'The files do not open', at: at(minute) },
  }),
  statementAdded: (escrow: Escrow, minute: number): EscrowEvent => ({
    type: 'DisputeStatementAdded',
    data: {
      by: escrow.freelancerId,
      byRole: 'freelancer',
      text: 'They open in Illustrator',
      mediaUrls: ['https://media.example/a.png', 'https://media.example/b.png'],
      at: at(minute),
    },
  }),
  disputeWithdrawn: (escrow: Escrow, reviewEndsMinute: number | null, minute: number): EscrowEvent => ({
    type: 'DisputeWithdrawn',
    data: { by: escrow.clientId, reviewEndsAt: reviewEndsMinute === null ? null : at(reviewEndsMinute), at: at(minute) },
  }),
  /** The escrow released whole to the freelancer, as an admin or the review timer decides it. */
  released: (
    escrow: Escrow,
    contractId: string,
    minute: number,
    decidedBy: Pick<EscrowResolution, 'decidedBy' | 'decidedByRole'> = { decidedBy: 'system', decidedByRole: 'system' },
  ): EscrowEvent => ({
    type: 'EscrowResolved',
    data: {
      escrowId: escrow.id,
      contractId,
      kind: 'release',
      stage: null,
      clientRefundPaise: 0,
      freelancerPayoutPaise: escrow.freelancerEarningPaise,
      platformFeePaise: escrow.platformFeePaise,
      ...decidedBy,
      decidedAt: at(minute),
      reason: null,
      reasonDescription: null,
    },
  }),
  /** A refund with the work stopped at Started: a split of every paisa, with reasons. */
  refunded: (escrow: Escrow, contractId: string, minute: number): EscrowEvent => ({
    type: 'EscrowResolved',
    data: {
      escrowId: escrow.id,
      contractId,
      kind: 'refund',
      stage: 'Started',
      clientRefundPaise: escrow.amountPaise - escrow.platformFeePaise - 13_500,
      freelancerPayoutPaise: 13_500,
      platformFeePaise: escrow.platformFeePaise,
      decidedBy: escrow.clientId,
      decidedByRole: 'client',
      decidedAt: at(minute),
      reason: 'changed plans',
      reasonDescription: 'We found the logo elsewhere',
    },
  }),
  clientRefundSent: (minute: number): EscrowEvent => ({ type: 'ClientRefundSent', data: { refundId: `re_${newId()}`, at: at(minute) } }),
  settled: (minute: number): EscrowEvent => ({ type: 'EscrowSettled', data: { at: at(minute) } }),
};

/** A freelancer's payout from an escrow: escrow account to wallet. */
export function transferFixture(overrides: Partial<Transfer> = {}): Transfer {
  const escrowId = overrides.escrowId === undefined ? newId() : overrides.escrowId;
  const source = escrowId ?? newId();
  return {
    id: `escrow:${source}:release:freelancer`,
    debitAccount: `escrow:${source}`,
    creditAccount: `wallet:${newId()}`,
    amountPaise: 90_000,
    kind: 'freelancer_payout',
    escrowId,
    contractId: newId(),
    withdrawalId: null,
    externalId: null,
    description: 'Escrow released',
    at: at(12),
    ...overrides,
  };
}

export function reviewFixture(overrides: Partial<Review> = {}): Review {
  return {
    id: newId(),
    contractId: newId(),
    clientId: newId(),
    freelancerId: newId(),
    rating: 5,
    description: 'On time and careful',
    createdAt: at(13),
    ...overrides,
  };
}

export function userFixture(overrides: Partial<User> = {}): User {
  return { id: newId(), role: 'freelancer', displayName: 'Asha Rao', blocked: false, ...overrides };
}

/** Runs `count` copies of `operation` at once and returns every outcome. */
export async function simultaneously<T>(count: number, operation: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => operation(index)));
}
