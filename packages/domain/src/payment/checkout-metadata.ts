import type { CheckoutRequest } from '../ports/payment-gateway.port.ts';

/**
 * What a checkout session carries to its payment and back (the processor signs it): who hires whom
 * for which job, and the job's revision and whether it was Open there, which RecordPayment reads.
 */
export function checkoutMetadata(request: CheckoutRequest): Record<string, string> {
  return {
    jobId: request.jobId,
    clientId: request.clientId,
    freelancerId: request.freelancerId,
    jobRevision: String(request.jobRevision),
    jobOpen: String(request.jobOpen),
  };
}
