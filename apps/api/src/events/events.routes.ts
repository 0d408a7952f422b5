import { PassThrough } from 'node:stream';
import type { Context, Middleware, Next } from 'koa';
import { z } from 'zod';
import { historyDetails } from '../http/documents.ts';
import { HttpProblem } from '../http/http-problem.ts';
import { HttpErrors } from '../http/http.errors.ts';
import { userRoute, type Route } from '../http/route.ts';
import type { FeedEvent } from './activity-feed.ts';
import type { EventHub } from './event-hub.ts';

export const EVENTS_PATH = '/api/events';
/** How long EventSource waits before reconnecting, told to it once per stream. */
const RECONNECT_MS = 3_000;

/** What one SSE message carries as its `data`: JSON, amounts in INR and dates in ISO 8601. */
export function eventMessage(event: FeedEvent) {
  return {
    id: event.id,
    source: event.source,
    type: event.type,
    contractId: event.contractId,
    escrowId: event.escrowId,
    at: event.recordedAt.toISOString(),
    details: historyDetails(event.data),
  };
}

/**
 * EventSource cannot send an Authorization header, so the events stream also takes the token as
 * `?access_token=`; it becomes the header before anything reads it. Only this path takes it, and
 * the request log never records the query.
 */
export function eventStreamToken(): Middleware {
  return async (ctx: Context, next: Next) => {
    const token = ctx.query['access_token'];
    if (ctx.path === EVENTS_PATH && ctx.get('authorization') === '' && typeof token === 'string') {
      ctx.req.headers.authorization = `Bearer ${token}`;
    }
    await next();
  };
}

export function eventRoutes(hub: EventHub): Route[] {
  return [
    userRoute({
      method: 'get',
      path: EVENTS_PATH,
      summary: 'Server-Sent Events: what happens to the caller’s contracts (payments, status changes, releases, refunds, disputes), live',
      description:
        'A `text/event-stream`. Each message’s `id` is its position, `data` is JSON `{ id, source, type, contractId, escrowId, at, details }` (as a history entry). ' +
        'Reconnect with `Last-Event-ID` to resume after it. The token goes in `Authorization` or, for EventSource, `?access_token=`. ' +
        'Comment lines keep the stream open; a stream idle for long is closed (EventSource reconnects). An `event: reset` says the stream could not resume: reload.',
      tags: ['events'],
      roles: ['client', 'freelancer', 'admin'],
      query: z.object({ access_token: z.string().optional().meta({ description: 'The bearer token, for EventSource' }) }),
      success: { status: 200, description: 'The event stream', schema: z.string(), contentType: 'text/event-stream' },
      errors: [429],
      async handle({ actor, ctx }) {
        if (hub.connectionsOf(actor.userId) >= hub.limits.connectionsPerUser) {
          ctx.set('Retry-After', String(Math.ceil(hub.limits.idleCloseMs / 1_000)));
          throw new HttpProblem(HttpErrors.EventStreamsExhausted, `at most ${hub.limits.connectionsPerUser} event streams per user`);
        }
        const stream = new PassThrough();
        openStream(ctx, stream);
        const lastEventId = ctx.get('last-event-id');
        const { heartbeatMs, idleCloseMs } = hub.limits;
        let idle: NodeJS.Timeout | null = null;
        let unsubscribe: () => void = () => undefined;
        const end = () => {
          clearInterval(heartbeat);
          if (idle !== null) clearTimeout(idle);
          unsubscribe();
          stream.end();
        };
        const restartIdle = () => {
          if (idle !== null) clearTimeout(idle);
          idle = setTimeout(end, idleCloseMs);
        };
        const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
        restartIdle();
        ctx.res.once('close', end);
        try {
          unsubscribe = await hub.subscribe(
            {
              actor,
              deliver(event) {
                stream.write(`id: ${event.id}\ndata: ${JSON.stringify(eventMessage(event))}\n\n`);
                restartIdle();
              },
              reset(position) {
                stream.write(`event: reset\nid: ${position}\ndata: {}\n\n`);
              },
              close: end,
            },
            lastEventId === '' ? null : lastEventId,
          );
        } catch (error) {
          end();
          throw error;
        }
        if (stream.writableEnded) unsubscribe();
        return { body: stream };
      },
    }),
  ];
}

function openStream(ctx: Context, stream: PassThrough): void {
  ctx.set('Content-Type', 'text/event-stream; charset=utf-8');
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Accel-Buffering', 'no');
  ctx.req.socket.setTimeout(0);
  ctx.req.socket.setNoDelay(true);
  stream.write(`retry: ${RECONNECT_MS}\n\n`);
}
