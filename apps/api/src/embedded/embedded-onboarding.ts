import type { Router } from '@koa/router';
import type { Marketplace } from '@skillhouse/domain';
import { onboardingReturnUrls } from '@skillhouse/payments-stripe';
import { HttpProblem } from '../http/http-problem.ts';
import { HttpErrors } from '../http/http.errors.ts';
import { loggerOf } from '../http/logger-of.ts';
import { escapeHtml, page } from './embedded-routes.ts';

export interface EmbeddedOnboardingOptions {
  readonly marketplace: Marketplace;
  readonly clientUrl: string;
}

/**
 * The embedded stand-in for Stripe's hosted Express onboarding: GET shows the account with a button;
 * POST .../complete plays Stripe's `account.updated` (payouts enabled) by recording the report the
 * webhook would. Answers JSON when asked.
 */
export function mountEmbeddedOnboarding(router: Router, options: EmbeddedOnboardingOptions): void {
  const { returnUrl } = onboardingReturnUrls(options.clientUrl);

  router.get('/embedded/payouts/onboarding/:accountId', (ctx) => {
    const accountId = ctx.params['accountId'] ?? '';
    ctx.type = 'html';
    ctx.body = page(
      'Payout account onboarding',
      `<p><small>Skillhouse embedded payouts (no real money moves)</small></p>
<h1>Payout account</h1><p>Account <code>${escapeHtml(accountId)}</code></p>
<form method="post" action="/embedded/payouts/onboarding/${encodeURIComponent(accountId)}/complete"><button type="submit">Enable payouts</button></form>`,
    );
  });

  router.post('/embedded/payouts/onboarding/:accountId/complete', async (ctx) => {
    const accountId = ctx.params['accountId'] ?? '';
    const account = await options.marketplace.recordPayoutAccountState.execute({ accountId, payoutsEnabled: true, reportedAt: new Date() });
    if (account === null) throw new HttpProblem(HttpErrors.PayoutAccountNotFound, 'no such payout account');
    loggerOf(ctx).info({ accountId }, 'embedded payout account onboarded');
    if (ctx.accepts('html', 'json') === 'json') {
      ctx.body = { account };
      return;
    }
    ctx.type = 'html';
    ctx.body = page('Payouts enabled', `<h1>Payouts enabled</h1><p><a href="${escapeHtml(returnUrl)}">Back to Skillhouse</a></p>`);
  });
}
