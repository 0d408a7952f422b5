import type { Escrow, EscrowResolution } from '../escrow/escrow.ts';

/** The escrow the ledger's rule tests keep books for: 1000 INR from c1 to f1; the platform keeps 100, the freelancer earns 900. */
export function escrowOf1000Inr(fundedAt: Date): Escrow {
  return {
    id: 'e1',
    checkoutSessionId: 'cs_1',
    paymentIntentId: 'pi_1',
    jobId: 'j1',
    clientId: 'c1',
    freelancerId: 'f1',
    amountPaise: 100_000,
    platformFeePaise: 10_000,
    freelancerEarningPaise: 90_000,
    proposedContractId: 'k1',
    fundedAt,
  };
}

/** An admin's decision on that escrow's dispute at `decidedAt`: 600 INR back to the client, 300 to the freelancer, the fee kept. */
export function disputeDecidedOn1000Inr(decidedAt: Date): EscrowResolution {
  return {
    escrowId: 'e1',
    contractId: 'k1',
    kind: 'dispute',
    stage: null,
    clientRefundPaise: 60_000,
    freelancerPayoutPaise: 30_000,
    platformFeePaise: 10_000,
    decidedBy: 'a1',
    decidedByRole: 'admin',
    decidedAt,
    reason: null,
    reasonDescription: null,
  };
}
