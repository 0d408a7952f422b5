import { describe, expect, it } from 'vitest';
import type { CheckoutRequest } from '@skillhouse/domain';
import { canonicalJson, checkoutIdempotencyKey, checkoutSessionParams } from './checkout-session-params.ts';
import { EXAMPLE_CHECKOUT_REQUEST } from './checkout-request.test-support.ts';

const request = EXAMPLE_CHECKOUT_REQUEST;

describe('checkoutSessionParams(request, clientUrl)', () => {
  it('asks for one INR line item of exactly the paise given, with the parties in both metadata', () => {
    const metadata = {
      jobId: request.jobId,
      clientId: request.clientId,
      freelancerId: request.freelancerId,
      jobRevision: '1',
      jobOpen: 'true',
    };
    expect(checkoutSessionParams(request, 'https://skillhouse.example')).toEqual({
      mode: 'payment',
      line_items: [
        { quantity: 1, price_data: { currency: 'inr', unit_amount: 5_000_000, product_data: { name: 'React Frontend Developer' } } },
      ],
      metadata,
      payment_intent_data: { metadata },
      success_url: 'https://skillhouse.example/client/jobs/home?session_id={CHECKOUT_SESSION_ID}',
      cancel_url: 'https://skillhouse.example/client/jobs/home?cancelled=true',
    });
  });

  it('does not double the slash when the client URL ends with one', () => {
    const params = checkoutSessionParams(request, 'http://localhost:5173/');
    expect(params.cancel_url).toBe('http://localhost:5173/client/jobs/home?cancelled=true');
  });
});

describe('checkoutIdempotencyKey(params)', () => {
  const keyOf = (changed: Partial<CheckoutRequest>) =>
    checkoutIdempotencyKey(checkoutSessionParams({ ...request, ...changed }, 'https://a.example'));

  it('is the same for the same request, so a doubled request opens one session', () => {
    expect(keyOf({})).toBe(keyOf({}));
    expect(keyOf({})).toMatch(/^checkout-[0-9a-f]{64}$/);
  });

  it('differs when any part of the request differs', () => {
    const keys = [
      keyOf({}),
      keyOf({ amountPaise: 5_000_001 }),
      keyOf({ title: 'React Frontend Developer ' }),
      keyOf({ jobId: '64f1a2b3c4d5e6f7a8b9c0d7' }),
      keyOf({ clientId: '64f1a2b3c4d5e6f7a8b9c0d7' }),
      keyOf({ freelancerId: '64f1a2b3c4d5e6f7a8b9c0d7' }),
      keyOf({ jobRevision: 3 }),
      keyOf({ jobOpen: false }),
      checkoutIdempotencyKey(checkoutSessionParams(request, 'https://b.example')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('canonicalJson(value)', () => {
  it('ignores key order at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson({ a: { d: [2, 1], c: null }, b: 1 })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('leaves out undefined properties, as JSON.stringify does', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }));
  });
});
