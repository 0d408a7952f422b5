import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestServer, type TestServer } from '../testing/test-server.ts';

/** Every `allOf` of the document that joins a reference with a type admitting null, by where it is. */
function nullableReferencesIn(node: unknown, path = ''): string[] {
  if (typeof node !== 'object' || node === null) return [];
  const found: string[] = [];
  const { allOf } = node as { allOf?: unknown };
  if (Array.isArray(allOf)) {
    const types = allOf.map((member: { type?: unknown }) => [member?.type].flat());
    if (allOf.some((member: { $ref?: unknown }) => member?.$ref !== undefined) && types.some((type) => type.includes('null')))
      found.push(path);
  }
  for (const [key, value] of Object.entries(node)) found.push(...nullableReferencesIn(value, `${path}/${key}`));
  return found;
}

describe('the OpenAPI document', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer();
  });
  afterAll(() => api.close());

  it('lets a field that may be null hold null also where its schema is a reference (anyOf [ref, null]), and keeps null out of the shared schema', async () => {
    const response = await request(api.url, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    expect(nullableReferencesIn(response.body)).toEqual([]);
    const { schemas } = (
      response.body as { components: { schemas: Record<string, { type?: unknown; properties: Record<string, unknown> }> } }
    ).components;
    // Nor is a shared schema widened to admit null for every use because one use may be null.
    expect(Object.keys(schemas).filter((id) => [schemas[id]?.type].flat().includes('null'))).toEqual([]);
    expect(schemas['ContractCase']?.properties['dispute']).toEqual({ anyOf: [{ $ref: '#/components/schemas/Dispute' }, { type: 'null' }] });
  });

  it('names what every route may answer besides its own refusals: 503 when the database is out (not /healthz), and 400/413/415 for a JSON body', async () => {
    const { paths } = (await request(api.url, 'GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    };
    const statusesOf = (path: string, method: string) => Object.keys(paths[path]?.[method]?.responses ?? {});
    expect(statusesOf('/api/client/job/create-job', 'post')).toEqual(expect.arrayContaining(['400', '413', '415', '503']));
    expect(statusesOf('/api/client/get-contracts/{clientId}', 'get')).toContain('503');
    expect(statusesOf('/api/client/get-contracts/{clientId}', 'get')).not.toContain('413');
    expect(statusesOf('/healthz', 'get')).not.toContain('503');
    // The webhook reads its raw body itself: a compressed one is 415 too.
    expect(statusesOf('/webhook', 'post')).toEqual(expect.arrayContaining(['400', '413', '415', '503']));
  });
});
