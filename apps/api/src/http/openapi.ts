import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import { errorCodeRows } from '../docs/error-catalogue.ts';
import type { Route } from './route.ts';

type OpenApiDocument = ReturnType<OpenApiGeneratorV31['generateDocument']>;

/**
 * Every error response gets an example per code of the catalogues that answers with its status, so
 * the viewer shows what `code` a client may meet there (the catalogue is per status, not per route).
 */
function withErrorExamples(document: OpenApiDocument): OpenApiDocument {
  const rows = errorCodeRows();
  for (const operations of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(operations as Record<string, { responses?: Record<string, unknown> }>)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = (response as { content?: Record<string, { examples?: Record<string, unknown> }> }).content?.['application/json'];
        const codes = rows.filter((row) => String(row.status) === status);
        if (json === undefined || Number(status) < 400 || codes.length === 0) continue;
        json.examples = Object.fromEntries(codes.map(({ code, when }) => [code, { summary: when, value: { message: when, code } }]));
      }
    }
  }
  return document;
}

/** The OpenAPI 3.1 document of the routes, generated from the same schemas they validate with. */
export function openapiDocument(routes: readonly Route[]): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'HS256 JWT from the identity service, with claims id, role (client, freelancer, admin), exp and iat; refused once older than JWT_MAX_AGE (24 h by default)',
  });
  for (const route of routes) registry.registerPath(route.openapi);
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Skillhouse Escrow API',
      version: '1.0.0',
      description: 'Payments escrow and contract lifecycle of the Skillhouse freelance marketplace. Amounts are INR.',
    },
  });
  return withErrorExamples(document);
}
