import { describe, expect, inject, it } from 'vitest';

describe('test servers', () => {
  it('are started and reachable', async () => {
    expect(inject('mongodbUri')).toMatch(/^mongodb:\/\//);
    const response = await fetch(`${inject('stripeMockUrl')}/v1/customers`, { headers: { Authorization: 'Bearer sk_test_123' } });
    expect(response.status).toBe(200);
  });
});
