import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshId, Marketplace, startIntegrationApi, type IntegrationApi } from '../testing/integration-api.ts';
import { request } from '../testing/test-server.ts';
import { listedContractSchema, pagedList } from './schemas.ts';

/**
 * Pages of the lists over real HTTP on FerretDB: limit and cursor, the next page in `nextCursor`
 * or in a `Link` header, pages that hold still while contracts are created, the filters, and lists
 * that carry a job's summary instead of its description.
 */
let api: IntegrationApi;
let market: Marketplace;

beforeAll(async () => {
  api = await startIntegrationApi('list_pages');
  market = new Marketplace(api);
});
afterAll(() => api.close());

const contractPage = pagedList(listedContractSchema);

/** A contract made with create-contract (no payment): the cheapest contract to make. */
async function createContract(clientId: string, freelancerId: string): Promise<string> {
  const jobId = await market.postJob(clientId);
  const response = await request(api.url, 'POST', `/api/client/create-contract/${jobId}`, {
    token: api.token('client', clientId),
    json: { freelancerId, amount: 500 },
  });
  expect(response.status).toBe(201);
  return response.body.contract._id;
}

async function createContracts(count: number, clientId: string, freelancerId: string): Promise<string[]> {
  const ids: string[] = [];
  for (let made = 0; made < count; made += 1) ids.push(await createContract(clientId, freelancerId));
  return ids;
}

async function clientPage(clientId: string, query = '') {
  const response = await request(api.url, 'GET', `/api/client/get-contracts/${clientId}${query}`);
  expect(response.status).toBe(200);
  return contractPage.parse(response.body);
}

describe('GET /api/client/get-contracts/:clientId in pages', () => {
  const clientId = freshId();
  const freelancerId = freshId();
  let created: string[] = [];

  beforeAll(async () => {
    created = await createContracts(23, clientId, freelancerId);
  });

  it('answers 20 by default with a nextCursor; the next page has the rest and a null nextCursor', async () => {
    const first = await clientPage(clientId);
    expect(first.count).toBe(20);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await clientPage(clientId, `?cursor=${first.nextCursor ?? 'missing'}`);
    expect(second.count).toBe(3);
    expect(second.nextCursor).toBeNull();
    expect([...first.data, ...second.data].map((contract) => contract._id)).toEqual(created.toReversed());
  });

  it('holds a page still while contracts are created: the next page continues where the last one stopped', async () => {
    const first = await clientPage(clientId, '?limit=5');
    expect(first.data.map((contract) => contract._id)).toEqual(created.toReversed().slice(0, 5));
    await createContract(clientId, freelancerId);
    const second = await clientPage(clientId, `?limit=5&cursor=${first.nextCursor ?? 'missing'}`);
    expect(second.data.map((contract) => contract._id)).toEqual(created.toReversed().slice(5, 10));
  });

  it('lists the job in summary: title, rate and status, no description', async () => {
    // The keys as answered, not as the page's schema parses them (it drops unknown ones).
    const answered = await request(api.url, 'GET', `/api/client/get-contracts/${clientId}?limit=1`);
    const [listed] = contractPage.parse(answered.body).data;
    expect(Object.keys(answered.body.data[0].jobId).sort()).toEqual(['_id', 'rate', 'status', 'title']);
    const viewed = await request(api.url, 'GET', `/api/freelancer/contract/view-contract/${listed?._id ?? 'missing'}`);
    expect(viewed.body.jobId.description).toBe('Build the dashboard');
  });

  it('filters by status and by creation time', async () => {
    const canceled = created[3];
    const cancel = await request(api.url, 'DELETE', `/api/client/cancel-contract/${canceled ?? 'missing'}`, {
      token: api.token('client', clientId),
    });
    expect(cancel.status).toBe(200);
    const onlyCanceled = await clientPage(clientId, '?status=Canceled');
    expect(onlyCanceled.data.map((contract) => contract._id)).toEqual([canceled]);

    const all = await clientPage(clientId, '?limit=100');
    const middle = all.data[10];
    const from = encodeURIComponent(middle?.createdAt ?? '');
    const since = await clientPage(clientId, `?limit=100&createdFrom=${from}`);
    expect(since.data.map((contract) => contract._id)).toEqual(all.data.slice(0, 11).map((contract) => contract._id));
    const before = await clientPage(clientId, `?limit=100&createdBefore=${from}`);
    expect(before.data.map((contract) => contract._id)).toEqual(all.data.slice(11).map((contract) => contract._id));
  });

  it('400 for a limit outside 1 to 100, a cursor it never gave, a status or a date it cannot read; every field named', async () => {
    for (const query of ['?limit=0', '?limit=101', '?limit=ten', '?limit=2.5']) {
      const refused = await request(api.url, 'GET', `/api/client/get-contracts/${clientId}${query}`);
      expect(refused.status).toBe(400);
      expect(refused.body.details.fields).toHaveProperty('limit');
    }
    const several = await request(api.url, 'GET', `/api/client/get-contracts/${clientId}?cursor=abc&status=Done&createdFrom=yesterday`);
    expect(several.status).toBe(400);
    expect(Object.keys(several.body.details.fields).sort()).toEqual(['createdFrom', 'cursor', 'status']);
  });
});

describe('lists answering a bare array give the next page in a Link header (RFC 8288)', () => {
  it('GET /api/freelancer/contract/get-contracts/:freelancerId: following rel="next" reaches every contract once', async () => {
    const freelancerId = freshId();
    const created = await createContracts(5, freshId(), freelancerId);
    const seen: string[] = [];
    let next: string | null = `/api/freelancer/contract/get-contracts/${freelancerId}?limit=2`;
    let pages = 0;
    while (next !== null) {
      const response = await request(api.url, 'GET', next);
      expect(response.status).toBe(200);
      seen.push(
        ...z
          .array(listedContractSchema)
          .parse(response.body)
          .map((contract) => contract._id),
      );
      const link = response.headers.get('link');
      next = link === null ? null : (/^<([^>]+)>; rel="next"$/.exec(link)?.[1] ?? 'unparsable Link header');
      pages += 1;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(created.toReversed());
  });
});
