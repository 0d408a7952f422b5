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

/**
 * Whether a payment's metadata is this service's checkout's (the processor copies it from the
 * checkout's payment to its charge): a report about a payment so labelled, whose checkout is not
 * recorded yet, is about a payment this service will record.
 */
export function isLabelledByCheckout(metadata: Readonly<Record<string, string>>): boolean {
  return ['jobId', 'clientId', 'freelancerId'].every((key) => (metadata[key] ?? '') !== '');
}
