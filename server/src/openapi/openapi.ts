import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { ReadinessPartSchema } from './schemas';

export const DOCS_PATH = 'api/docs';

/** The OpenAPI document of every route, built from the controllers' decorators and the DTO classes. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Customer Care Registry')
    .setDescription(
      'REST API of the registry. Every error answers `{ statusCode, error, message, requestId }`. ' +
        'Realtime (Socket.IO) events are described in docs/realtime.md.',
    )
    .setVersion(process.env.npm_package_version ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ReadinessPartSchema] });
  // One tag per resource (/api/<resource>/…), so the UI groups the routes without a decorator on every controller.
  for (const [path, item] of Object.entries(document.paths)) {
    const tag = path.split('/')[2] ?? 'api';
    for (const operation of Object.values(item)) {
      if (operation && typeof operation === 'object' && 'responses' in operation) operation.tags = [tag];
    }
  }
  return document;
}

/** Serves the Swagger UI at /api/docs and the JSON at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: `${DOCS_PATH}-json`,
    customSiteTitle: 'Customer Care Registry API',
    swaggerOptions: { persistAuthorization: false },
    yamlDocumentUrl: `${DOCS_PATH}-yaml`,
  });
}
