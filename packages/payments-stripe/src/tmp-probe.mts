import Stripe from 'stripe';
const s = new Stripe('sk_test_123', { host: '127.0.0.1', port: 12111, protocol: 'http', apiVersion: '2026-10-28.endive', maxNetworkRetries: 0 });
const p: any = { mode: 'payment', line_items: [{ quantity: 1, price_data: { currency: 'inr', unit_amount: 5000, product_data: { name: 'x' } } }], metadata: { a: 'b' }, payment_intent_data: { metadata: { a: 'b' } }, success_url: 'http://a/b?session_id={CHECKOUT_SESSION_ID}', cancel_url: 'http://a/c' };
const r = await s.checkout.sessions.create(p, { idempotencyKey: 'k1' });
console.log(r.id, r.url, r.payment_status, r.amount_total, r.metadata);
try { await s.checkout.sessions.create({ ...p, line_items: [{ quantity: 1, price_data: { currency: 'inr', unit_amount: 1.5, product_data: { name: 'x' } } }] }); } catch (e: any) { console.log('ERR', e.type, e.code, e.statusCode, e.message); }
const rf = await s.refunds.create({ payment_intent: 'pi_1', amount: 100, metadata: { escrowId: 'e' } }, { idempotencyKey: 'k2' });
console.log(rf.id);
try { await new Stripe('bogus', { host: '127.0.0.1', port: 12111, protocol: 'http' }).refunds.create({ payment_intent: 'pi_1' }); } catch (e: any) { console.log('ERR', e.type, e.code, e.statusCode, e.message); }
