import { Router } from '@koa/router';
import Koa, { type Context, type Middleware } from 'koa';
import type { Logger } from 'pino';
import type { UserDirectory } from '@skillhouse/domain';
import type { ApiParts } from '../api-parts.ts';
import { mountEmbeddedCheckout, mountLocalMedia } from '../embedded/embedded-routes.ts';
import { mountEmbeddedOnboarding } from '../embedded/embedded-onboarding.ts';
import { authenticate } from './authentication.ts';
import { errorMiddleware } from './error-middleware.ts';
import { RouteNotFound } from './http-problem.ts';
import { jsonBody } from './json-body.ts';
import { openapiDocument } from './openapi.ts';
import { requestContext } from './request-context.ts';
import { publicRoute, type Route } from './route.ts';
import { clientContractRoutes } from './routes/client-contracts.routes.ts';
import { disputeRoutes } from './routes/disputes.routes.ts';
import { escrowRoutes } from './routes/escrow.routes.ts';
import { freelancerContractRoutes } from './routes/freelancer-contracts.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { jobRoutes } from './routes/jobs.routes.ts';
import { mediaRoutes } from './routes/media.routes.ts';
import { reviewRoutes } from './routes/reviews.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { walletRoutes } from './routes/wallet.routes.ts';
import { payoutRoutes } from './routes/payouts.routes.ts';
import { webhookRoutes } from './routes/webhook.routes.ts';

function apiRoutes({ config, marketplace, database, webhookReader, userAccess }: ApiParts): Route[] {
  return [
    ...healthRoutes(database),
    ...webhookRoutes(marketplace, webhookReader),
    ...jobRoutes(marketplace),
    ...clientContractRoutes(marketplace),
    ...freelancerContractRoutes(marketplace),
    ...escrowRoutes(marketplace),
    ...disputeRoutes(marketplace),
    ...reviewRoutes(marketplace),
    ...walletRoutes(marketplace),
    ...payoutRoutes(marketplace),
    ...mediaRoutes(marketplace, config.policy.mediaLimits),
    ...userRoutes(userAccess),
  ];
}

function mountRoute(router: Router, route: Route, options: { jwtSecret: string; users: UserDirectory }): void {
  const chain: Middleware[] = [];
  if (route.roles !== null) chain.push(authenticate({ ...options, roles: route.roles }));
  if (route.jsonBody) chain.push(...jsonBody());
  chain.push((ctx: Context) => route.run(ctx, ctx.state.actor ?? null));
  router.register(route.koaPath, [route.method.toUpperCase()], chain);
}

/** Node's HTTP parser (HPE_*) and a reset connection: the client's doing, not ours. */
function isClientFault(error: unknown): error is Error & { code: string } {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && (code.startsWith('HPE_') || code === 'ECONNRESET');
}

/**
 * A parse error carries `rawPacket`, the request's raw bytes with its Authorization header, so a
 * client's fault is logged with its code and message only.
 */
function logOutsideChain(logger: Logger, error: unknown): void {
  if (isClientFault(error)) logger.debug({ code: error.code, message: error.message }, 'client error outside the middleware chain');
  else logger.error({ err: error }, 'error outside the middleware chain');
}

/**
 * The Koa application over the API's parts, not listening. The webhook route gets no body parser
 * (its signature covers the raw bytes); JSON routes get one each, media its multipart parser. The
 * embedded checkout and media routes are mounted when their local parts are present.
 */
export function createApp(parts: ApiParts): Koa {
  const { config, logger, users, localCheckout, localMedia } = parts;

  // The document describes every route, itself included; it is generated once, after they are all defined.
  let openapi: ReturnType<typeof openapiDocument> | null = null;
  const documentRoute = publicRoute({
    method: 'get',
    path: '/openapi.json',
    summary: 'This OpenAPI 3.1 document',
    tags: ['operations'],
    success: { status: 200, description: 'The OpenAPI 3.1 document' },
    errors: [],
    handle: async () => ({ body: openapi }),
  });
  const routes = [...apiRoutes(parts), documentRoute];
  openapi = openapiDocument(routes);

  const router = new Router();
  for (const route of routes) mountRoute(router, route, { jwtSecret: config.jwtSecret, users });
  if (localCheckout !== undefined) {
    mountEmbeddedCheckout(router, { gateway: localCheckout, webhookSecret: config.payments.webhookSecret, clientUrl: config.clientUrl });
    mountEmbeddedOnboarding(router, { marketplace: parts.marketplace, clientUrl: config.clientUrl });
  }
  if (localMedia !== undefined) mountLocalMedia(router, localMedia);

  const app = new Koa();
  // Errors in the chain are answered by errorMiddleware; this catches those Koa meets outside it (e.g. a failing response stream).
  app.on('error', (error: unknown) => logOutsideChain(logger, error));
  app.use(errorMiddleware(logger));
  app.use(requestContext(logger));
  app.use(async (ctx, next) => {
    await next();
    // Nothing below answered: no route has this path (a known path with another method is a 405 below).
    if (ctx.status === 404 && ctx.body == null) throw new RouteNotFound(ctx.method, ctx.path);
  });
  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
