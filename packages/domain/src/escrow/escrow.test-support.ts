import type { Actor } from '../user/user.ts';
import type { Escrow, EscrowEvent, EscrowResolution } from './escrow.ts';

/** The parties of the escrow's and the contract's rule tests, and strangers to them. */
export const CLIENT: Actor = { userId: 'c1'.padEnd(24, '0'), role: 'client' };
export const FREELANCER: Actor = { userId: 'f1'.padEnd(24, '0'), role: 'freelancer' };
export const OTHER_CLIENT: Actor = { userId: 'c2'.padEnd(24, '0'), role: 'client' };
export const OTHER_FREELANCER: Actor = { userId: 'f2'.padEnd(24, '0'), role: 'freelancer' };
export const ADMIN: Actor = { userId: 'ad'.padEnd(24, '0'), role: 'admin' };
/** The parties' own ids under the wrong role. */
export const FREELANCER_AS_CLIENT: Actor = { userId: FREELANCER.userId, role: 'client' };
export const CLIENT_AS_FREELANCER: Actor = { userId: CLIENT.userId, role: 'freelancer' };

export const CONTRACT_ID = 'a'.repeat(24);
export const ESCROW_ID = 'e'.repeat(24);

/** The client's 500 INR for the freelancer's work: the platform keeps 50, the freelancer earns 450. */
export function escrowOf500Inr(fundedAt: Date): Escrow {
  return {
    id: ESCROW_ID,
    checkoutSessionId: 'cs_1',
    paymentIntentId: 'pi_1',
    jobId: 'b'.repeat(24),
    clientId: CLIENT.userId,
    freelancerId: FREELANCER.userId,
    amountPaise: 50_000,
    platformFeePaise: 5_000,
    freelancerEarningPaise: 45_000,
    proposedContractId: CONTRACT_ID,
    fundedAt,
  };
}

/** What a resolution must say: its kind and where the money goes; the rest may be given too. */
export type ResolutionFields = Pick<EscrowResolution, 'kind' | 'clientRefundPaise' | 'freelancerPayoutPaise' | 'platformFeePaise'> &
  Partial<EscrowResolution>;

/** That escrow resolved at `decidedAt`: by the admin, with no stage or reason unless given. */
export function escrowResolved(decidedAt: Date, fields: ResolutionFields): EscrowEvent {
  return {
    type: 'EscrowResolved',
    data: {
      escrowId: ESCROW_ID,
      contractId: CONTRACT_ID,
      stage: null,
      decidedBy: ADMIN.userId,
      decidedByRole: 'admin',
      decidedAt,
      reason: null,
      reasonDescription: null,
      ...fields,
    },
  };
}
