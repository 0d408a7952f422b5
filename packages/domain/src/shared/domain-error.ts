/**
 * Every refusal the domain can give is a DomainError with a stable `code`. The `kind` decides how
 * an adapter reports it (the HTTP API maps kinds to statuses in one place); the code survives
 * serialization where `instanceof` would not.
 */
export type DomainErrorKind =
  | 'validation'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'payment_gateway';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  abstract readonly code: string;
  readonly details?: Readonly<Record<string, unknown>>;

  constructor(message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    if (details !== undefined) this.details = details;
  }
}

export class ValidationError extends DomainError {
  readonly kind = 'validation';
  readonly code: string;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  readonly code: string;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}

/** The payment processor refused or could not be reached; nothing was claimed on our side. */
export class PaymentGatewayError extends DomainError {
  readonly kind = 'payment_gateway';
  readonly code = 'PAYMENT.GATEWAY_FAILED';
}

/** A broken invariant is a programmer error: it must crash loudly, never be reported as a refusal. */
export class AssertionFailed extends Error {
  constructor(message: string) {
    super(`Assertion failed: ${message}`);
    this.name = 'AssertionFailed';
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionFailed(message);
}

export function assertNever(value: never, what: string): never {
  throw new AssertionFailed(`unhandled ${what}: ${JSON.stringify(value)}`);
}

export class PayloadTooLarge extends DomainError {
  readonly kind = 'too_large';
  readonly code: string;
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = code;
  }
}
