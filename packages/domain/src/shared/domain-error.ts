/**
 * Every refusal the domain can give is a DomainError with a stable `code`. The `kind` decides how
 * an adapter reports it (the HTTP API maps kinds to statuses in one place); the code survives
 * serialization where `instanceof` would not.
 */
export type DomainErrorKind = 'validation' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'payment_gateway';

/**
 * One entry of an area's error catalogue (`<area>/<area>.errors.ts`): the stable code, the kind of
 * refusal it always is, and when it is given (docs/api.md lists every entry from the catalogues).
 */
export interface CatalogueEntry<K extends string = DomainErrorKind> {
  readonly code: string;
  readonly kind: K;
  readonly when: string;
}

export type ErrorCatalogue<K extends string = DomainErrorKind> = Readonly<Record<string, CatalogueEntry<K>>>;

/** A catalogued code whose kind matches the class, or a bare code (what tests of the error table use). */
type CodeOf<K extends DomainErrorKind> = CatalogueEntry<K> | string;

function codeText(code: CodeOf<DomainErrorKind>): string {
  return typeof code === 'string' ? code : code.code;
}

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
  constructor(code: CodeOf<'validation'>, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = codeText(code);
  }
}

export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
  readonly code: string;
  constructor(code: CodeOf<'forbidden'>, message: string) {
    super(message);
    this.code = codeText(code);
  }
}

export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
  readonly code: string;
  constructor(code: CodeOf<'not_found'>, message: string) {
    super(message);
    this.code = codeText(code);
  }
}

export class ConflictError extends DomainError {
  readonly kind = 'conflict';
  readonly code: string;
  constructor(code: CodeOf<'conflict'>, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = codeText(code);
  }
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
  constructor(code: CodeOf<'too_large'>, message: string, details?: Record<string, unknown>) {
    super(message, details);
    this.code = codeText(code);
  }
}
