import type { Router } from '@koa/router';
import type { Context } from 'koa';
import { paiseToInrText } from '@skillhouse/domain';
import { checkoutReturnUrls } from '@skillhouse/payments-stripe';
import { HttpProblem } from '../http/http-problem.ts';
import { HttpErrors } from '../http/http.errors.ts';
import { loggerOf } from '../http/logger-of.ts';
import { demoTokens } from './demo-users.ts';
import type { LocalDiskMediaStorage } from './local-disk-media-storage.ts';
import { deliverSignedEvent, type LocalCheckoutSession, type LocalPaymentGateway } from './local-payment-gateway.ts';

class CheckoutSessionNotFound extends HttpProblem {
  constructor() {
    super(HttpErrors.CheckoutSessionNotFound, 'no such checkout session');
  }
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.5rem 1.5rem}</style>
</head><body>${body}</body></html>`;
}

function checkoutPage(session: LocalCheckoutSession, cancelUrl: string): string {
  const amount = `₹${paiseToInrText(session.amountPaise)}`;
  return page(
    `Pay ${amount}`,
    `<p><small>Skillhouse embedded checkout (no real money moves)</small></p>
<h1>${escapeHtml(session.title)}</h1>
<p>Amount: <strong>${amount}</strong></p>
<form method="post" action="/embedded/checkout/${encodeURIComponent(session.sessionId)}/pay"><button type="submit">Pay ${amount}</button></form>
<p><a href="${escapeHtml(cancelUrl)}">Cancel</a></p>`,
  );
}

/** This server's own /webhook, at the address the current request came in on. */
function ownWebhookUrl(ctx: Context): string {
  const { localAddress, localPort } = ctx.req.socket;
  const host = localAddress === undefined ? '127.0.0.1' : localAddress.includes(':') ? `[${localAddress}]` : localAddress;
  return `http://${host}:${String(localPort)}/webhook`;
}

export interface EmbeddedCheckoutOptions {
  readonly gateway: LocalPaymentGateway;
  readonly webhookSecret: string;
  readonly clientUrl: string;
}

/**
 * The embedded checkout: GET shows the session with a Pay button; POST .../pay plays Stripe's part,
 * delivering a signed checkout.session.completed event to our /webhook. Answers JSON when asked.
 */
export function mountEmbeddedCheckout(router: Router, options: EmbeddedCheckoutOptions): void {
  const { successUrl, cancelUrl } = checkoutReturnUrls(options.clientUrl);
  const sessionOf = (sessionId: string | undefined): LocalCheckoutSession => {
    const session = options.gateway.findSession(sessionId ?? '');
    if (session === null) throw new CheckoutSessionNotFound();
    return session;
  };

  router.get('/embedded/checkout/:sessionId', (ctx) => {
    ctx.type = 'html';
    ctx.body = checkoutPage(sessionOf(ctx.params['sessionId']), cancelUrl);
  });

  router.post('/embedded/checkout/:sessionId/pay', async (ctx) => {
    const session = sessionOf(ctx.params['sessionId']);
    const delivered = await deliverSignedEvent(options.gateway.pay(session, new Date()), {
      webhookUrl: ownWebhookUrl(ctx),
      webhookSecret: options.webhookSecret,
    });
    const webhookReply: unknown = await delivered.json().catch(() => null);
    loggerOf(ctx).info({ checkoutSessionId: session.sessionId, webhookStatus: delivered.status }, 'embedded checkout paid');
    ctx.status = delivered.ok ? 200 : 502;
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.body = { paid: delivered.ok, checkoutSessionId: session.sessionId, webhookStatus: delivered.status, webhookReply };
      return;
    }
    ctx.type = 'html';
    const backUrl = successUrl.replace('{CHECKOUT_SESSION_ID}', encodeURIComponent(session.sessionId));
    ctx.body = delivered.ok
      ? page(
          'Paid',
          `<h1>Paid</h1><p>${escapeHtml(session.title)}: ₹${paiseToInrText(session.amountPaise)}.</p><p><a href="${escapeHtml(backUrl)}">Back to Skillhouse</a></p>`,
        )
      : page('Payment not recorded', `<h1>Payment not recorded</h1><p>The webhook answered ${delivered.status}.</p>`);
  });
}

/** GET /media/:name: the files the embedded media storage holds, with the type sniffed at upload. */
export function mountLocalMedia(router: Router, storage: LocalDiskMediaStorage): void {
  router.get('/media/:name', (ctx) => {
    const file = storage.open(ctx.params['name'] ?? '');
    if (file === null) throw new HttpProblem(HttpErrors.MediaNotFound, 'no such media');
    ctx.type = file.mimeType;
    ctx.set('x-content-type-options', 'nosniff');
    // Shown in the web client's pages (`<img>` from another origin), which the default same-origin policy would block.
    ctx.set('cross-origin-resource-policy', 'cross-origin');
    ctx.set('cache-control', 'public, max-age=31536000, immutable');
    ctx.body = file.content;
  });
}

/**
 * POST /embedded/demo-admin/token: the demo admin's token, for the console's "sign in as the demo
 * admin". Mounted only when identity runs embedded, where the secret was generated for this process
 * and the demo tokens are printed at start-up anyway. Another site may send the request but cannot
 * read the answer (no CORS), and the console keeps the token in its tab, never in a cookie.
 */
export function mountDemoAdminSignIn(router: Router, jwtSecret: string): void {
  router.post('/embedded/demo-admin/token', (ctx) => {
    const { id, token } = demoTokens(jwtSecret).admin;
    ctx.set('cache-control', 'no-store');
    ctx.body = { userId: id, token };
  });
}
