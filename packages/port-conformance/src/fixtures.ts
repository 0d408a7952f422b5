import { randomBytes } from 'node:crypto';
import type { ContractEvent, Escrow, EscrowResolution, JobEvent, LedgerEntry, Review, User } from '@skillhouse/domain';

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
  return { type: 'ContractCreated', data: { contractId, jobId, clientId, freelancerId, amountPaise, at: createdAt } };
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
      data: { by: parties.clientId, byRole: 'client', reason: 'changed plans', description: null, from: 'Ongoing', forRefund: true, at: at(4) },
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

export function refundResolution(escrow: Escrow, overrides: Partial<EscrowResolution> = {}): EscrowResolution {
  return {
    escrowId: escrow.id,
    contractId: newId(),
    kind: 'refund',
    stage: 'Started',
    clientRefundPaise: 50_000,
    freelancerPayoutPaise: 45_000,
    platformFeePaise: 5_000,
    decidedBy: newId(),
    decidedAt: at(11),
    cancelReason: 'late',
    cancelReasonDescription: null,
    ...overrides,
  };
}

export function ledgerEntry(overrides: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    idempotencyKey: `escrow:${newId()}:release:freelancer`,
    ownerId: newId(),
    amountPaise: 90_000,
    direction: 'credit',
    description: 'Escrow released',
    contractId: newId(),
    escrowId: newId(),
    at: at(12),
    ...overrides,
  };
}

export function reviewFixture(overrides: Partial<Review> = {}): Review {
  return { id: newId(), contractId: newId(), clientId: newId(), freelancerId: newId(), rating: 5, description: 'On time and careful', createdAt: at(13), ...overrides };
}

export function userFixture(overrides: Partial<User> = {}): User {
  return { id: newId(), role: 'freelancer', displayName: 'Asha Rao', blocked: false, ...overrides };
}

/** Runs `count` copies of `operation` at once and returns every outcome. */
export async function simultaneously<T>(count: number, operation: (index: number) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, index) => operation(index)));
}
