import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserDirectory } from '@skillhouse/domain';
import { request, startTestServer, TEST_JWT_SECRET, testId, type TestServer } from '../testing/test-server.ts';

/**
 * Authentication and authorization at the edge, through the real app over HTTP (in-memory ports):
 * every way a token can be bad is a 401; a valid caller who may not do the thing is a 403.
 */
const client = testId(1);
const otherClient = testId(2);
const freelancer = testId(3);
const job = { title: 'Logo', description: 'A logo', rate: 1500 };

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function unsignedToken(claims: Record<string, unknown>): string {
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** HS256 signed by hand, so claims jsonwebtoken would add (exp, iat) can be left out; `iat` is now unless given. */
function handSignedToken(claims: Record<string, unknown>): string {
  const head = `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url({ iat: nowSeconds(), ...claims })}`;
  return `${head}.${createHmac('sha256', TEST_JWT_SECRET).update(head).digest('base64url')}`;
}

describe('authentication', () => {
  let api: TestServer;
  let users: UserDirectory;
  const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

  beforeAll(async () => {
    api = await startTestServer();
    users = api.parts.users;
  });
  afterAll(() => api.close());

  const postJob = (headers: Record<string, string>) => request(api.url, 'POST', '/api/client/job/create-job', { json: job, headers });

  it.each([
    ['no Authorization header', {}],
    ['a scheme other than Bearer', { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` }],
    ['a malformed token', { authorization: 'Bearer not-a-jwt' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('refuses %s with 401', async (_case, headers) => {
    const response = await postJob(headers);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('refuses an expired token with 401', async () => {
    const expired = jwt.sign({ id: client, role: 'client', exp: Math.floor(Date.now() / 1000) - 10 }, TEST_JWT_SECRET);
    const response = await postJob({ authorization: `Bearer ${expired}` });
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/expired/);
  });

  it('refuses a token signed with another secret with 401', async () => {
    const forged = jwt.sign({ id: client, role: 'client' }, 'another-secret-that-is-long-enough-000000', { expiresIn: 60 });
    expect((await postJob({ authorization: `Bearer ${forged}` })).status).toBe(401);
  });

  it('refuses alg none with 401', async () => {
    const response = await postJob({ authorization: `Bearer ${unsignedToken({ id: client, role: 'client', exp: inAnHour() })}` });
    expect(response.status).toBe(401);
  });

  it('refuses a token signed with another algorithm (HS512) with 401', async () => {
    const other = jwt.sign({ id: client, role: 'client' }, TEST_JWT_SECRET, { algorithm: 'HS512', expiresIn: 60 });
    expect((await postJob({ authorization: `Bearer ${other}` })).status).toBe(401);
  });

  it('refuses a token older than JWT_MAX_AGE (24 h) with 401, even if it expires in the year 5000', async () => {
    const year5000 = Date.UTC(5000, 0, 1) / 1000;
    const old = handSignedToken({ id: client, role: 'client', exp: year5000, iat: nowSeconds() - 24 * 3600 - 5 });
    const response = await postJob({ authorization: `Bearer ${old}` });
    expect(response.status).toBe(401);
    expect(response.body.message).toMatch(/expired/);
    const fresh = handSignedToken({ id: client, role: 'client', exp: year5000, iat: nowSeconds() - 24 * 3600 + 60 });
    expect((await postJob({ authorization: `Bearer ${fresh}` })).status).toBe(201);
  });

  it.each([
    ['no iat', { iat: undefined }],
    ['an iat in the future', { iat: Date.UTC(5000, 0, 1) / 1000 }],
    ['an iat that is not a number', { iat: 'yesterday' }],
  ])('refuses a token with %s with 401', async (_case, claims) => {
    const token = handSignedToken({ id: client, role: 'client', exp: inAnHour(), ...claims });
    expect((await postJob({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('refuses a token without exp with 401', async () => {
    expect((await postJob({ authorization: `Bearer ${handSignedToken({ id: client, role: 'client' })}` })).status).toBe(401);
  });

  it.each([
    ['an id that is not an ObjectId', { id: 'alice', role: 'client' }],
    ['an unknown role', { id: client, role: 'superuser' }],
    ['no role', { id: client }],
  ])('refuses a token with %s with 401', async (_case, claims) => {
    expect((await postJob({ authorization: `Bearer ${handSignedToken({ ...claims, exp: inAnHour() })}` })).status).toBe(401);
  });

  it('refuses a valid token of the wrong role with 403', async () => {
    const response = await postJob({ authorization: `Bearer ${api.token('freelancer', freelancer)}` });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
  });

  it('refuses a path id naming another user with 403', async () => {
    const response = await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${otherClient}`, {
      token: api.token('client', client),
    });
    expect(response.status).toBe(403);
    expect(response.body.code).toBe('AUTH.NOT_YOURS');
  });

  it('refuses a blocked user with 403, and lets them in again once unblocked', async () => {
    const blocked = testId(40);
    const admin = api.token('admin', testId(41));
    const block = await request(api.url, 'PATCH', `/api/admin/users/${blocked}`, { token: admin, json: { blocked: true, role: 'client' } });
    expect(block.status).toBe(200);
    const refused = await postJob({ authorization: `Bearer ${api.token('client', blocked)}` });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.BLOCKED');
    await request(api.url, 'PATCH', `/api/admin/users/${blocked}`, { token: admin, json: { blocked: false } });
    expect((await postJob({ authorization: `Bearer ${api.token('client', blocked)}` })).status).toBe(201);
  });

  it('refuses with 403 a token whose role is not the one the directory holds, once an admin corrects it', async () => {
    const user = testId(60);
    const admin = api.token('admin', testId(41));
    expect((await postJob({ authorization: `Bearer ${api.token('client', user)}` })).status).toBe(201);
    const corrected = await request(api.url, 'PATCH', `/api/admin/users/${user}`, {
      token: admin,
      json: { blocked: false, role: 'freelancer' },
    });
    expect(corrected.status).toBe(200);

    const refused = await postJob({ authorization: `Bearer ${api.token('client', user)}` });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('AUTH.ROLE_MISMATCH');
    const asFreelancer = await request(api.url, 'GET', `/api/freelancer/wallet/earnings/${user}`, { token: api.token('freelancer', user) });
    expect(asFreelancer.status).toBe(200);
  });

  it('refuses with 403 an admin blocking themselves or giving themselves another role, changing nothing; another admin may', async () => {
    const self = testId(70);
    const token = api.token('admin', self);
    const setOwn = (json: Record<string, unknown>) => request(api.url, 'PATCH', `/api/admin/users/${self}`, { token, json });
    expect((await setOwn({ blocked: false, role: 'admin', displayName: 'Ops' })).status).toBe(200);
    for (const change of [{ blocked: true }, { blocked: false, role: 'client' }]) {
      const refused = await setOwn(change);
      expect(refused.status, JSON.stringify(change)).toBe(403);
      expect(refused.body.code).toBe('USER.OWN_ACCESS');
    }
    expect(await users.find(self)).toEqual({ id: self, role: 'admin', displayName: 'Ops', blocked: false });
    const byAnother = await request(api.url, 'PATCH', `/api/admin/users/${self}`, {
      token: api.token('admin', testId(71)),
      json: { blocked: true },
    });
    expect(byAnother.status).toBe(200);
  });

  it('adds an unknown caller to the directory with the name claim, without overwriting a known one', async () => {
    const newcomer = testId(50);
    await postJob({ authorization: `Bearer ${api.token('client', newcomer, { name: 'Asha' })}` });
    expect(await users.find(newcomer)).toEqual({ id: newcomer, role: 'client', displayName: 'Asha', blocked: false });

    await users.save({ id: newcomer, role: 'client', displayName: 'Asha K', blocked: false });
    await postJob({ authorization: `Bearer ${api.token('client', newcomer, { name: 'Someone Else' })}` });
    expect((await users.find(newcomer))?.displayName).toBe('Asha K');
  });

  it('lets a valid client in', async () => {
    const response = await postJob({ authorization: `Bearer ${api.token('client', client)}` });
    expect(response.status).toBe(201);
    expect(response.body.job).toMatchObject({ clientId: client, title: 'Logo', rate: 1500, status: 'Open' });
  });
});
