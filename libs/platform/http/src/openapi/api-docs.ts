import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { API_DOCS_PATH, OPENAPI_JSON_PATH } from './openapi.controller';

// Swagger UI's browser bundle as `@fastify/swagger-ui` ships it. The plugin itself is not
// registered: it serves files through `@fastify/static`, which needs ES-module loading that this
// repository's Jest setup lacks, and four fixed files need no static-file server.
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'index.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

const assetDir = (): string => join(dirname(require.resolve('@fastify/swagger-ui/package.json')), 'static');

const STATIC = `${API_DOCS_PATH}/static`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>Strata API</title>
<link rel="stylesheet" href="${STATIC}/swagger-ui.css">
<link rel="stylesheet" href="${STATIC}/index.css">
<link rel="icon" type="image/png" href="${STATIC}/favicon-32x32.png" sizes="32x32">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${STATIC}/swagger-ui-bundle.js"></script>
<script src="${STATIC}/swagger-ui-standalone-preset.js"></script>
<script src="${STATIC}/initializer.js"></script>
</body>
</html>
`;

// In a file of its own rather than inline, so the page's CSP can forbid inline scripts.
const INITIALIZER = `window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(OPENAPI_JSON_PATH)},
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: 'StandaloneLayout',
    validatorUrl: null,
    persistAuthorization: false
  });
};
`;

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'";

/** Interactive API docs at `/api/v1/docs` (Swagger UI), reading the document at `/api/v1/openapi.json`. */
export function serveApiDocs(fastify: FastifyInstance): void {
  const cache = new Map<string, Buffer>();
  fastify.get(API_DOCS_PATH, async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', CSP).send(PAGE),
  );
  fastify.get(`${STATIC}/initializer.js`, async (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').send(INITIALIZER),
  );
  for (const [file, contentType] of Object.entries(ASSETS)) {
    fastify.get(`${STATIC}/${file}`, async (_request, reply) => {
      let content = cache.get(file);
      if (content === undefined) {
        content = await readFile(join(assetDir(), file));
        cache.set(file, content);
      }
      return reply.header('content-type', contentType).header('cache-control', 'public, max-age=3600').send(content);
    });
  }
}
