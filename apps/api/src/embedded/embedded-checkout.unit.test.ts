import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startTestServer, testId, type TestServer } from '../testing/test-server.ts';

/**
 * The embedded default's checkout, through the app over HTTP: the page shows the session, and
 * paying on it delivers a Stripe-signed event to our own /webhook, which creates the contract.
 */
describe('embedded checkout', () => {
  let api: TestServer;
  let client: string;
  const clientId = testId(1);
  const freelancerId = testId(2);

  beforeAll(async () => {
    api = await startTestServer();
    client = api.token('client', clientId);
  });
  afterAll(() => api.close());

  async function openCheckout(title: string, rate: number): Promise<{ jobId: string; sessionId: string; path: string }> {
    const job = await request(api.url, 'POST', '/api/client/job/create-job', { token: client, json: { title, description: 'D', rate } });
    const jobId: string = job.body.job._id;
    const session = await request(api.url, 'POST', `/api/client/job/payment/${jobId}`, {
      token: client,
      json: { title, rate, freelancerId },
    });
    expect(session.status).toBe(200);
    return { jobId, sessionId: session.body.id, path: new URL(session.body.url).pathname };
  }

  it('shows the title, the amount, a Pay button and a Cancel link', async () => {
    const { sessionId, path } = await openCheckout('Landing page <b>now</b>', 1234.5);
    expect(path).toBe(`/embedded/checkout/${sessionId}`);
    const page = await request(api.url, 'GET', path);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain('Landing page &#60;b&#62;now&#60;/b&#62;');
    expect(page.text).not.toContain('<b>now</b>');
    expect(page.text).toContain('₹1234.50');
    expect(page.text).toContain(`<form method="post" action="/embedded/checkout/${sessionId}/pay">`);
    expect(page.text).toContain('/client/jobs/home?cancelled=true">Cancel</a>');
  });

  it('creates the escrow and the contract when paid, once however often it is paid', async () => {
    const { jobId, path } = await openCheckout('Mobile app', 50000);
    expect((await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`)).body).toEqual({ contract: null });

    const paid = await request(api.url, 'POST', `${path}/pay`, { headers: { accept: 'application/json' } });
    expect(paid.status).toBe(200);
    expect(paid.body).toMatchObject({ paid: true, webhookStatus: 200, webhookReply: { received: true } });

    const created = await request(api.url, 'GET', `/api/client/is-created/${jobId}/${clientId}`);
    expect(created.body.contract).toMatchObject({
      jobId: { _id: jobId, title: 'Mobile app', status: 'Closed' },
      clientId: { _id: clientId },
      freelancerId: { _id: freelancerId },
      amount: 50000,
      status: 'Pending',
      escrowId: expect.stringMatching(/^[0-9a-f]{24}$/),
    });

    const paidAgain = await request(api.url, 'POST', `${path}/pay`);
    expect(paidAgain.status).toBe(200);
    expect(paidAgain.text).toContain('<h1>Paid</h1>');
    const contracts = await request(api.url, 'GET', `/api/client/get-contracts/${clientId}`);
    expect(contracts.body.data.filter((contract: { jobId: { _id: string } }) => contract.jobId._id === jobId)).toHaveLength(1);
  });

  it('answers an unknown session with 404', async () => {
    expect((await request(api.url, 'GET', '/embedded/checkout/cs_test_unknown')).status).toBe(404);
    expect((await request(api.url, 'POST', '/embedded/checkout/cs_test_unknown/pay')).status).toBe(404);
  });
});
