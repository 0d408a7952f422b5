import { ValidationError, type ErrorCatalogue } from '@skillhouse/domain';

/** Stripe's webhook deliveries this adapter refuses before any event is read. */
export const WebhookErrors = {
  SignatureInvalid: {
    code: 'WEBHOOK.SIGNATURE_INVALID',
    kind: 'validation',
    when: 'the `stripe-signature` header is missing, invalid, for another secret, or dated more than the tolerance (300 s) in the past or the future',
  },
  Malformed: {
    code: 'WEBHOOK.MALFORMED',
    kind: 'validation',
    when: 'a correctly signed webhook body is not JSON, or not an event of the shape Stripe sends (`null`, no `id`/`type`, no `data`, `data.object` not an object, a checkout session with fields of the wrong type)',
  },
} as const satisfies ErrorCatalogue;

/** The stripe-signature header is missing, forged, for another secret or too old. The API answers 400. */
export class WebhookSignatureInvalid extends ValidationError {
  constructor() {
    super(WebhookErrors.SignatureInvalid, 'the webhook signature is missing or invalid');
  }
}

/** A correctly signed body that is not a Stripe event this reader can read. The API answers 400, so Stripe does not retry it for days. */
export class WebhookMalformed extends ValidationError {
  constructor(reason: string) {
    super(WebhookErrors.Malformed, `the webhook event is malformed: ${reason}`);
  }
}
