import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { z } from 'zod';
import { ROLES, type Role } from '@skillhouse/domain';
import { Unauthenticated } from './http-problem.ts';

/** The identity service signs HS256 only; pinning it refuses `alg: none` and algorithm swaps. */
const ALGORITHM = 'HS256';

const claimsSchema = z.object({
  id: z.string().regex(/^[0-9a-fA-F]{24}$/),
  role: z.enum(ROLES),
  exp: z.number(),
  iat: z.number(),
  name: z.string().trim().min(1).max(200).optional().catch(undefined),
});

export interface AccessClaims {
  readonly id: string;
  readonly role: Role;
  /** A display name, when the identity service put one in the token. */
  readonly name?: string;
}

/**
 * Each secret as a key object, made once. Handed a string, jsonwebtoken first tries to parse it as
 * a PEM public key, and that failed parse cost about 0.4 ms of CPU per token verified (profiled:
 * 91 % of `jwt.verify`), more than the rest of a contract list request. The same bytes (UTF-8) as
 * jsonwebtoken's own fallback. A process holds one secret, tests a few.
 */
const secretKeys = new Map<string, KeyObject>();

function secretKeyOf(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (key === undefined) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

/** Clocks of the identity service and the API may differ a little; a token issued further ahead is forged or broken. */
const ISSUED_AHEAD_SECONDS_MAX = 60;

/**
 * The claims of a valid token signed with `secret`, unexpired by its `exp` and issued (`iat`) at
 * most `maxAgeSeconds` ago: a token that says it expires in the year 5000 still lives `maxAgeSeconds`.
 * Anything else is Unauthenticated.
 */
export function verifyAccessToken(token: string, secret: string, maxAgeSeconds: number): AccessClaims {
  let payload: unknown;
  try {
    payload = jwt.verify(token, secretKeyOf(secret), { algorithms: [ALGORITHM], maxAge: maxAgeSeconds });
  } catch (error) {
    throw new Unauthenticated(error instanceof jwt.TokenExpiredError ? 'the token has expired' : 'the token is invalid');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new Unauthenticated('the token needs the claims id, role, exp and iat');
  const { id, role, name, iat } = claims.data;
  if (iat > Date.now() / 1000 + ISSUED_AHEAD_SECONDS_MAX) throw new Unauthenticated('the token is issued in the future');
  return name === undefined ? { id: id.toLowerCase(), role } : { id: id.toLowerCase(), role, name };
}

/** The token in `Authorization: Bearer <token>`. */
export function bearerTokenOf(header: string | undefined): string {
  if (header === undefined || header === '') throw new Unauthenticated('no Authorization header');
  const token = /^Bearer +([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim())?.[1];
  if (token === undefined) throw new Unauthenticated('the Authorization header must be "Bearer <token>"');
  return token;
}

/** Signs a token the way the identity service does; for the embedded default's demo users and tests. */
export function issueAccessToken(claims: AccessClaims, secret: string, expiresInSeconds: number): string {
  return jwt.sign({ ...claims }, secretKeyOf(secret), { algorithm: ALGORITHM, expiresIn: expiresInSeconds });
}
