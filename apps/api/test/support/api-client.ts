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

/** An answer with its headers, for the tests that read them. */
export interface ApiExchange extends ApiResponse {
  readonly headers: Headers;
}

export interface RequestOptions {
  readonly as?: Caller;
  readonly json?: unknown;
  /** Any other headers (an Idempotency-Key, …); the caller's token and the JSON content type win over them. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** What `fetch` is given for a request: the caller's bearer token, the JSON body and its content type. */
export function requestInit(method: string, options: RequestOptions): RequestInit & { headers: Record<string, string> } {
  const headers: Record<string, string> = { ...options.headers };
  if (options.as !== undefined) headers['authorization'] = `Bearer ${options.as.token}`;
  if (options.json === undefined) return { method, headers };
  headers['content-type'] = 'application/json';
  return { method, headers, body: JSON.stringify(options.json) };
}

/** JSON over HTTP to one API process. */
export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async exchange(method: string, path: string, options: RequestOptions = {}): Promise<ApiExchange> {
    const response = await fetch(`${this.baseUrl}${path}`, requestInit(method, options));
    return { status: response.status, headers: response.headers, body: parsedBody(await response.text()) };
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    const { status, body } = await this.exchange(method, path, options);
    return { status, body };
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

/** The JSON a response holds, its text when it is not JSON, null when it is empty. */
export function parsedBody(text: string): unknown {
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
