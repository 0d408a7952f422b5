import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';

export type Role = 'client' | 'freelancer' | 'admin';

export interface Caller {
  readonly id: string;
  readonly role: Role;
  readonly token: string;
}

const TOKEN_LIFETIME_SECONDS_DEFAULT = 60 * 60;

/** A fresh 24-hex-digit id, as the identity service gives users. */
export function newObjectId(): string {
  return randomBytes(12).toString('hex');
}

/**
 * A user with a token signed the way the identity service signs them. A test that moves the API's
 * clock forward gives its callers a lifetime that outlasts the move.
 */
export function newCaller(role: Role, jwtSecret: string, lifetimeSeconds = TOKEN_LIFETIME_SECONDS_DEFAULT): Caller {
  const id = newObjectId();
  const token = jwt.sign({ id, role }, jwtSecret, { algorithm: 'HS256', expiresIn: lifetimeSeconds });
  return { id, role, token };
}

/** A JWT_SECRET long enough for the API's configuration rules. */
export function newJwtSecret(): string {
  return randomBytes(32).toString('hex');
}

export interface ApiResponse {
  readonly status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  readonly body: unknown;
}

export interface RequestOptions {
  readonly as?: Caller;
  readonly json?: unknown;
}

/** JSON over HTTP to one API process. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    if (options.as !== undefined) headers['authorization'] = `Bearer ${options.as.token}`;
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
    });
    const text = await response.text();
    return { status: response.status, body: parsedBody(text) };
  }

  get(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('GET', path, options);
  }

  post(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('POST', path, options);
  }

  put(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('PUT', path, options);
  }

  patch(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('PATCH', path, options);
  }

  delete(path: string, options?: RequestOptions): Promise<ApiResponse> {
    return this.request('DELETE', path, options);
  }
}

function parsedBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The body of a response that must have `status`; otherwise an error showing what came back. */
export function expectStatus<T = Record<string, unknown>>(response: ApiResponse, status: number, what: string): T {
  if (response.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as T;
}
