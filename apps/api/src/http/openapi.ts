import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import type { Route } from './route.ts';

/** The OpenAPI 3.1 document of the routes, generated from the same schemas they validate with. */
export function openapiDocument(routes: readonly Route[]): ReturnType<OpenApiGeneratorV31['generateDocument']> {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'HS256 JWT from the identity service, with claims id, role (client, freelancer, admin) and exp',
  });
  for (const route of routes) registry.registerPath(route.openapi);
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Skillhouse Escrow API',
      version: '1.0.0',
      description: 'Payments escrow and contract lifecycle of the Skillhouse freelance marketplace. Amounts are INR.',
    },
  });
}
