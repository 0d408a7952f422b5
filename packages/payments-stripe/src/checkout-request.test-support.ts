import type { CheckoutRequest } from '@skillhouse/domain';

/** The checkout request of the API documents' example: hiring for ₹50000. */
export const EXAMPLE_CHECKOUT_REQUEST: CheckoutRequest = {
  jobId: '64f1a2b3c4d5e6f7a8b9c0d4',
  clientId: '64f1a2b3c4d5e6f7a8b9c0d5',
  freelancerId: '64f1a2b3c4d5e6f7a8b9c0d6',
  title: 'React Frontend Developer',
  amountPaise: 5_000_000,
  jobRevision: 1,
  jobOpen: true,
};
