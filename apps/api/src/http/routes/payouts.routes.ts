import { z } from 'zod';
import type { Marketplace } from '@skillhouse/domain';
import { withdrawalDocument } from '../documents.ts';
import { userRoute, type Route } from '../route.ts';
import { nextCursorOf, pageOf, pageQuerySchema } from '../list-page.ts';
import { inrAmount, payoutAccountSchema, withdrawalSchema } from '../schemas.ts';

const withdrawBody = z.object({ amount: inrAmount });

/** A freelancer's payout account (Stripe Connect Express) and withdrawals from the wallet to it. */
export function payoutRoutes(service: Marketplace): Route[] {
  return [
    userRoute({
      method: 'post',
      path: '/api/freelancer/payouts/account',
      summary: "Connect the caller's payout account (created once) and get a fresh onboarding link",
      tags: ['wallet'],
      roles: ['freelancer'],
      success: {
        status: 200,
        description: 'The onboarding page and the account',
        schema: z.object({ url: z.string(), account: payoutAccountSchema }),
      },
      errors: [502],
      async handle({ actor }) {
        const { url, account } = await service.connectPayoutAccount.execute({ actor });
        return { body: { url, account } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/freelancer/payouts/account',
      summary: "The caller's payout account: connected, and whether payouts are enabled",
      tags: ['wallet'],
      roles: ['freelancer'],
      success: { status: 200, description: 'The payout account', schema: z.object({ account: payoutAccountSchema }) },
      errors: [],
      async handle({ actor }) {
        return { body: { account: await service.getPayoutAccount.execute({ actor }) } };
      },
    }),
    userRoute({
      method: 'post',
      path: '/api/freelancer/wallet/withdraw',
      summary: "Withdraw from the caller's wallet to the payout account",
      description:
        "The wallet is debited at once and the transfer to the connected account sent under the withdrawal's idempotency key. " +
        'The withdrawal is `paid_out` when the processor took the transfer, `returned` (money back in the wallet) when it refused it, ' +
        'and stays `pending` while the processor cannot be reached (recovery sends it). ' +
        'Under an Idempotency-Key the withdrawal is fixed by the key: asked again after the first request died or timed out, ' +
        'it is the same withdrawal, carried on, never a second.',
      tags: ['wallet'],
      roles: ['freelancer'],
      body: withdrawBody,
      success: {
        status: 202,
        description: 'The withdrawal, accepted',
        schema: z.object({ message: z.string(), withdrawal: withdrawalSchema }),
      },
      errors: [400, 409, 415],
      async handle({ actor, body, ctx }) {
        const { idempotencyKey } = ctx.state;
        const withdrawal = await service.withdraw.execute({
          actor,
          amount: body.amount,
          ...(idempotencyKey === undefined ? {} : { requestKey: idempotencyKey }),
        });
        return { status: 202, body: { message: 'Withdrawal accepted', withdrawal: withdrawalDocument(withdrawal) } };
      },
    }),
    userRoute({
      method: 'get',
      path: '/api/freelancer/wallet/withdrawals',
      summary: "The caller's withdrawals with their states, newest first, a page at a time",
      tags: ['wallet'],
      roles: ['freelancer'],
      query: pageQuerySchema,
      success: {
        status: 200,
        description: 'One page of the withdrawals',
        schema: z.object({ withdrawals: z.array(withdrawalSchema), nextCursor: z.string().nullable() }),
      },
      errors: [400],
      async handle({ actor, query }) {
        const withdrawals = await service.listWithdrawals.execute({ actor, page: pageOf(query) });
        return { body: { withdrawals: withdrawals.items.map(withdrawalDocument), nextCursor: nextCursorOf(withdrawals) } };
      },
    }),
  ];
}
