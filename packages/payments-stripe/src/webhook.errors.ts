import { ValidationError, type ErrorCatalogue } from '@skillhouse/domain';

/** Stripe's webhook deliveries this adapter refuses before any event is read. */
export const WebhookErrors = {
  SignatureInvalid: {
    code: 'WEBHOOK.SIGNATURE_INVALID',
    kind: 'validation',
    when: 'the `stripe-signature` header is missing, invalid, for another secret, or older than the tolerance',
  },
  MalformedPayload: {
    code: 'WEBHOOK.MALFORMED_PAYLOAD',
    kind: 'validation',
    when: 'a correctly signed webhook body is not JSON, or an event this service reads lacks its fields',
  },
} as const satisfies ErrorCatalogue;

/** The stripe-signature header is missing, forged, for another secret or too old. The API answers 400. */
export class WebhookSignatureInvalid extends ValidationError {
  constructor() {
    super(WebhookErrors.SignatureInvalid, 'the webhook signature is missing or invalid');
  }
}
