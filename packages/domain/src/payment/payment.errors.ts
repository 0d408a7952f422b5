import { DomainError, type ErrorCatalogue } from '../shared/domain-error.ts';

export const PaymentErrors = {
  GatewayFailed: {
    code: 'PAYMENT.GATEWAY_FAILED',
    kind: 'payment_gateway',
    when: 'Stripe refused or could not be reached; nothing was claimed on our side',
  },
  UnusableCheckout: {
    code: 'PAYMENT.UNUSABLE_CHECKOUT',
    kind: 'validation',
    when: 'a paid checkout session without our metadata, a payment intent, or a positive INR amount (the webhook acknowledges it with 200 `ignored`)',
  },
} as const satisfies ErrorCatalogue;

/** The payment processor refused or could not be reached; nothing was claimed on our side. */
export class PaymentGatewayError extends DomainError {
  readonly kind = PaymentErrors.GatewayFailed.kind;
  readonly code = PaymentErrors.GatewayFailed.code;
}
