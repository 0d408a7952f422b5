import type { Context, Middleware, Next } from 'koa';
import { HttpMethodEnum, koaBody } from 'koa-body';
import { requireIdentityEncoding } from './content-encoding.ts';
import { UnsupportedContentType } from './http-problem.ts';

export const JSON_BODY_BYTES_MAX = 100 * 1024;

function hasBody(ctx: Context): boolean {
  const { headers } = ctx.req;
  return headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
}

/** The charsets a JSON body may name: JSON exchanged between systems is UTF-8 (RFC 8259), of which ASCII is a part. */
const READABLE_CHARSET = /^(utf-?8|us-ascii)$/i;

/**
 * Whether the body's declared charset, if any, is one the parser reads. Koa answers '' both without
 * a charset and for a Content-Type it cannot parse (`…; charset=latin1;`): then any mention of a
 * charset is refused, since which one it names is unknown.
 */
function hasReadableCharset(ctx: Context): boolean {
  const { charset } = ctx.request;
  return charset === '' ? !/charset/i.test(ctx.get('content-type')) : READABLE_CHARSET.test(charset);
}

/**
 * A body, when there is one, must be uncompressed JSON in UTF-8 (415 otherwise), at most
 * JSON_BODY_BYTES_MAX (413), well-formed (400). The parser reads every body as UTF-8 whatever its
 * `charset` says, so a body declared in another charset is refused rather than read wrong.
 */
export function jsonBody(): Middleware[] {
  const requireJson = async (ctx: Context, next: Next) => {
    requireIdentityEncoding(ctx.req.headers);
    if (hasBody(ctx)) {
      if (!ctx.is('application/json')) throw new UnsupportedContentType('application/json');
      if (!hasReadableCharset(ctx)) throw new UnsupportedContentType('application/json in UTF-8');
    }
    await next();
  };
  const parse = koaBody({
    json: true,
    jsonStrict: true,
    jsonLimit: JSON_BODY_BYTES_MAX,
    multipart: false,
    urlencoded: false,
    text: false,
    // A DELETE may say why (cancel-contract); koa-body leaves DELETE bodies unread unless told.
    parsedMethods: [HttpMethodEnum.POST, HttpMethodEnum.PUT, HttpMethodEnum.PATCH, HttpMethodEnum.DELETE],
  });
  return [requireJson, parse];
}
