import type { DomainErrorKind, ErrorCatalogue } from '@skillhouse/domain';
import { MediaStorageErrorCode } from '@skillhouse/media-cloudinary/errors';

/**
 * The kinds of problem the API answers: the domain's kinds of refusal and those that belong to HTTP
 * itself. statusOfKind (error-middleware.ts) gives each its status.
 */
export type ProblemKind =
  | DomainErrorKind
  | 'unauthenticated'
  | 'method_not_allowed'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'dependency_failed'
  | 'not_ready'
  | 'unavailable'
  | 'internal';

/** http-errors' client errors (the router's 405) are answered with their status in the code. */
export function httpStatusCode(status: number): string {
  return `HTTP.${status}`;
}

/** The API's own codes: what the HTTP layer refuses before (or instead of) calling the domain. */
export const HttpErrors = {
  Unauthenticated: {
    code: 'AUTH.UNAUTHENTICATED',
    kind: 'unauthenticated',
    when: 'no `Authorization` header, not `Bearer <token>`, a malformed token, a wrong signature, `alg: none` or another algorithm, expired, no `exp` or `iat`, issued more than `JWT_MAX_AGE` (24 h) ago or in the future, a bad `id` or `role`',
  },
  RequestInvalid: {
    code: 'VALIDATION.INVALID_REQUEST',
    kind: 'validation',
    when: 'the path or body does not match the route’s schema; `details.fields` names each field',
  },
  MalformedJson: {
    code: 'BODY.MALFORMED_JSON',
    kind: 'validation',
    when: 'the body is not well-formed JSON, or is a bare value (`null`, a number, a string) where an object is expected, or holds a `__proto__` key (refused: it would set a prototype)',
  },
  MalformedMultipart: { code: 'BODY.MALFORMED_MULTIPART', kind: 'validation', when: 'the multipart body is malformed' },
  BodyInvalid: {
    code: 'BODY.INVALID',
    kind: 'validation',
    when: 'the body could not be verified, or its size does not match its declared length',
  },
  BodyAborted: { code: 'BODY.ABORTED', kind: 'validation', when: 'the client broke the body off' },
  BodyTooLarge: {
    code: 'BODY.TOO_LARGE',
    kind: 'too_large',
    when: 'a body over its limit (JSON 100 KiB, webhook 1 MiB, the form fields of an upload 64 KiB)',
  },
  UploadQuotaExceeded: {
    code: 'MEDIA.UPLOAD_QUOTA_EXCEEDED',
    kind: 'too_many_requests',
    when: 'the caller’s uploads of the last hour reach `UPLOADS_PER_HOUR` or `UPLOAD_BYTES_PER_HOUR`; `Retry-After` says when one leaves the window',
  },
  OneFileOnly: { code: 'MEDIA.ONE_FILE_ONLY', kind: 'validation', when: 'an upload carries more than one file' },
  TooManyFields: { code: 'MEDIA.TOO_MANY_FIELDS', kind: 'validation', when: 'an upload form has more than 20 fields' },
  RouteNotFound: { code: 'HTTP.ROUTE_NOT_FOUND', kind: 'not_found', when: 'no route has this path' },
  MethodNotAllowed: {
    code: httpStatusCode(405),
    kind: 'method_not_allowed',
    when: 'a known path with a method none of its routes take (TRACE included); `Allow` and `details.allowed` list those they do',
  },
  UnsupportedMediaType: {
    code: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
    kind: 'unsupported_media_type',
    when: 'a body that is not JSON (not multipart for media), or in a charset that cannot be read',
  },
  UnsupportedEncoding: {
    code: 'HTTP.UNSUPPORTED_ENCODING',
    kind: 'unsupported_media_type',
    when: 'a body with a `Content-Encoding` other than `identity`',
  },
  MediaStorageUnavailable: {
    code: MediaStorageErrorCode.Unavailable,
    kind: 'dependency_failed',
    when: 'Cloudinary refused the upload or could not be reached',
  },
  NotReady: { code: 'NOT_READY', kind: 'not_ready', when: '`/readyz`: the database does not answer a ping within 2 s' },
  Internal: { code: 'INTERNAL', kind: 'internal', when: 'anything else: logged with the request id, nothing else exposed' },
  CheckoutSessionNotFound: {
    code: 'CHECKOUT.SESSION_NOT_FOUND',
    kind: 'not_found',
    when: 'embedded default only: no such checkout session',
  },
  PayoutAccountNotFound: {
    code: 'PAYOUTS.ACCOUNT_NOT_FOUND',
    kind: 'not_found',
    when: 'embedded default only: no such payout account to onboard',
  },
  MediaNotFound: { code: 'MEDIA.NOT_FOUND', kind: 'not_found', when: 'embedded default only: no such media file' },
  IdempotencyKeyInvalid: {
    code: 'IDEMPOTENCY.INVALID_KEY',
    kind: 'validation',
    when: 'an `Idempotency-Key` that is not 1 to 255 visible ASCII characters (sent empty included: it is not taken for no key)',
  },
  IdempotencyInProgress: {
    code: 'IDEMPOTENCY.IN_PROGRESS',
    kind: 'conflict',
    when: 'a request with this `Idempotency-Key` is still being answered; retry once it is',
  },
  IdempotencyKeyReused: {
    code: 'IDEMPOTENCY.KEY_REUSED',
    kind: 'unprocessable',
    when: 'this `Idempotency-Key` was used in the last 24 hours for another request (method, path or body)',
  },
  EventStreamsExhausted: {
    code: 'EVENTS.TOO_MANY_STREAMS',
    kind: 'too_many_requests',
    when: 'the caller already holds the most event streams one user may open on a process',
  },
  PaymentNotRecordedYet: {
    code: 'WEBHOOK.PAYMENT_NOT_RECORDED_YET',
    kind: 'conflict',
    when: 'Stripe reports a refund or a chargeback on a payment whose checkout event has not arrived yet (it may come late: an outage, a retry): Stripe delivers the report again, after the checkout, for up to three days',
  },
  RateLimited: {
    code: 'RATE_LIMITED',
    kind: 'too_many_requests',
    when: 'too many requests from this user (or this address, without a token); `Retry-After` says when to try again',
  },
} as const satisfies ErrorCatalogue<ProblemKind>;
