import { METHODS } from 'node:http';
import { Router } from '@koa/router';
import Koa, { type Context, type Middleware } from 'koa';
import type { Logger } from 'pino';
import type { UserDirectory } from '@skillhouse/domain';
import type { ApiParts } from '../api-parts.ts';
import { mountConsole } from '../console/console-routes.ts';
import { mountDemoAdminSignIn, mountEmbeddedCheckout, mountLocalMedia } from '../embedded/embedded-routes.ts';
import { httpMetrics } from '../metrics/http-metrics.ts';
import { mountMetrics } from '../metrics/metrics-endpoint.ts';
import { eventRoutes, eventStreamToken } from '../events/events.routes.ts';
import { mountEmbeddedOnboarding } from '../embedded/embedded-onboarding.ts';
import { authenticate } from './authentication.ts';
import { corsPolicy } from './edge/cors-policy.ts';
import { securityHeaders } from './edge/security-headers.ts';
import { UploadQuota } from './edge/upload-quota.ts';
import { mountDocsPage } from './docs-page.ts';
import { errorMiddleware } from './error-middleware.ts';
import { MethodNotAllowed, RouteNotFound } from './http-problem.ts';
import type { IdempotencyStore } from './idempotency/idempotency-store.ts';
import { idempotentRequests } from './idempotency/idempotent-requests.ts';
import { jsonBody } from './json-body.ts';
import { openapiDocument } from './openapi.ts';
import { rateLimits } from './rate-limits.ts';
import { requestContext } from './request-context.ts';
import { publicRoute, type Route } from './route.ts';
import { adminRoutes } from './routes/admin.routes.ts';
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

function apiRoutes({ config, marketplace, database, webhookReader, userAccess, metrics, clientSupport }: ApiParts): Route[] {
  return [
    ...healthRoutes(database),
    ...webhookRoutes(marketplace, webhookReader, metrics),
    ...jobRoutes(marketplace),
    ...clientContractRoutes(marketplace),
    ...freelancerContractRoutes(marketplace),
    ...escrowRoutes(marketplace),
    ...disputeRoutes(marketplace),
    ...reviewRoutes(marketplace),
    ...walletRoutes(marketplace),
    ...payoutRoutes(marketplace),
    ...mediaRoutes(marketplace, config.policy.mediaLimits, new UploadQuota(config.edge.uploadQuota)),
    ...userRoutes(userAccess),
    ...adminRoutes(marketplace),
    ...eventRoutes(clientSupport.eventHub),
  ];
}

function mountRoute(
  router: Router,
  route: Route,
  options: { jwtSecret: string; jwtMaxAgeSeconds: number; users: UserDirectory; idempotency: IdempotencyStore },
): void {
  const chain: Middleware[] = [];
  if (route.roles !== null)
    chain.push(
      authenticate({ jwtSecret: options.jwtSecret, jwtMaxAgeSeconds: options.jwtMaxAgeSeconds, users: options.users, roles: route.roles }),
    );
  if (route.jsonBody) chain.push(...jsonBody());
  if (route.roles !== null && route.method !== 'get') chain.push(idempotentRequests(options.idempotency));
  chain.push((ctx: Context) => route.run(ctx, ctx.state.actor ?? null));
  router.register(route.koaPath, [route.method.toUpperCase()], chain);
}

/**
 * Node's HTTP parser (HPE_*), a reset connection, and an answer streamed to a client that went away
 * before its end (a closed event stream: `ERR_STREAM_PREMATURE_CLOSE`): the client's doing, not ours.
 */
function isClientFault(error: unknown): error is Error & { code: string } {
  const code: unknown = (error as { code?: unknown } | null)?.code;
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    (code.startsWith('HPE_') || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE')
  );
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
  const { config, logger, users, localCheckout, localMedia, metrics, clientSupport } = parts;

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

  // Every method Node's parser accepts counts as implemented, so one no route takes (TRACE, PROPFIND…) is a 405 with Allow, not a 501.
  const router = new Router({ methods: METHODS });
  for (const route of routes) {
    mountRoute(router, route, {
      jwtSecret: config.jwtSecret,
      jwtMaxAgeSeconds: config.edge.jwtMaxAgeSeconds,
      users,
      idempotency: clientSupport.idempotency,
    });
  }
  if (localCheckout !== undefined) {
    mountEmbeddedCheckout(router, { gateway: localCheckout, webhookSecret: config.payments.webhookSecret, clientUrl: config.clientUrl });
    mountEmbeddedOnboarding(router, { marketplace: parts.marketplace, clientUrl: config.clientUrl });
  }
  if (localMedia !== undefined) mountLocalMedia(router, localMedia);
  mountDocsPage(router);
  // With METRICS_PORT, /metrics lives on that port only (server.ts); otherwise here, behind METRICS_TOKEN.
  const { token: metricsToken, port: metricsPort } = config.edge.metrics;
  if (metricsToken !== null && metricsPort === null) mountMetrics(router, metrics, metricsToken);
  const demoSignIn = config.embeddedParts.includes('identity');
  if (demoSignIn) mountDemoAdminSignIn(router, config.jwtSecret);
  mountConsole(router, { demoSignIn });

  // Behind TRUST_PROXY proxies, ctx.ip is the client's address from X-Forwarded-For; otherwise the socket's.
  const app = new Koa({ proxy: config.trustProxyHops > 0, maxIpsCount: config.trustProxyHops });
  // Errors in the chain are answered by errorMiddleware; this catches those Koa meets outside it (e.g. a failing response stream).
  app.on('error', (error: unknown) => logOutsideChain(logger, error));
  app.use(httpMetrics(metrics));
  app.use(errorMiddleware(logger));
  app.use(requestContext(logger));
  app.use(securityHeaders());
  app.use(corsPolicy(config.edge.corsOrigins));
  app.use(eventStreamToken());
  app.use(rateLimits(clientSupport.rateLimiters, { jwtSecret: config.jwtSecret, jwtMaxAgeSeconds: config.edge.jwtMaxAgeSeconds }));
  app.use(async (ctx, next) => {
    await next();
    if (ctx.body != null) return;
    // Nothing below answered: no route has this path, or (allowedMethods set 405 and Allow) none takes this method.
    if (ctx.status === 404) throw new RouteNotFound(ctx.method, ctx.path);
    if (ctx.status === 405) throw new MethodNotAllowed(ctx.method, ctx.path, ctx.response.get('allow').split(/, */));
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
