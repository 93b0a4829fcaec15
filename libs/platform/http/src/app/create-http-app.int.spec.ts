import { DomainError } from '@strata/contracts';
import { Controller, Get, HttpCode, NotFoundException, Post, Delete, Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createLogger, LoopHealth } from '@strata/platform-observability';
import { z } from 'zod';
import { CurrentPrincipal, Public, RequirePermissions } from '../auth/auth.decorators';
import { Permissions } from '../auth/permissions';
import type { Principal, PrincipalResolver } from '../auth/principal';
import { DownstreamUnavailableError } from '../errors/api-errors';
import { ApiRoute } from '../openapi/api-route.decorator';
import { ZodBody, ZodParam, ZodQuery } from '../validation/zod-decorators';
import { createHttpApp } from './create-http-app';

class JobTerminal extends DomainError {
  constructor() {
    super('job_terminal', 'The job has already finished');
  }
}

const widgetSchema = z.object({ name: z.string().min(1), size: z.number().int().positive() }).strict().meta({ id: 'TestWidget' });
const listQuerySchema = z.object({ per_page: z.coerce.number().int().min(1).max(100).default(20) }).strict();
const slugSchema = z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and "-" only');

@Controller('api/v1/tenants/:tenantID/widgets')
class WidgetsController {
  @Get()
  @RequirePermissions(Permissions.jobsRead)
  @ApiRoute({ summary: 'List widgets', tags: ['widgets'], responses: { 200: z.object({ per_page: z.number() }) } })
  list(@ZodQuery(listQuerySchema) query: z.infer<typeof listQuerySchema>, @CurrentPrincipal() principal: Principal) {
    return { per_page: query.per_page, caller: principal.tokenId };
  }

  @Post()
  @RequirePermissions(Permissions.jobsCreate)
  @ApiRoute({ summary: 'Create a widget', tags: ['widgets'], responses: { 201: widgetSchema }, errors: [409] })
  create(@ZodParam('tenantID', slugSchema) _tenant: string, @ZodBody(widgetSchema) body: z.infer<typeof widgetSchema>) {
    return body;
  }

  @Delete(':widgetID')
  @HttpCode(204)
  @RequirePermissions(Permissions.jobsCancel)
  @ApiRoute({ summary: 'Delete a widget', tags: ['widgets'], responses: { 204: null } })
  remove(): void {}
}

@Controller('test')
@Public()
class FailuresController {
  @Get('boom')
  boom(): never {
    throw new Error('database password is hunter2');
  }
  @Get('domain/:code')
  domain(@ZodParam('code', z.string()) code: string): never {
    throw new DomainError(code, `domain said no: ${code}`);
  }
  @Get('terminal')
  terminal(): never {
    throw new JobTerminal();
  }
  @Get('downstream')
  downstream(): never {
    throw new DownstreamUnavailableError('job-orchestrator', { cause: new Error('nats: timeout') });
  }
  @Get('bus-timeout')
  busTimeout(): never {
    const error = new Error('timeout');
    error.name = 'TimeoutError';
    throw error;
  }
  @Get('inline-zod')
  inlineZod(): unknown {
    return z.object({ count: z.number() }).parse({ count: 'many' });
  }
  @Get('missing')
  missing(): never {
    throw new NotFoundException('Widget not found');
  }
  @Post('echo')
  echo(@ZodBody(z.unknown()) body: unknown): unknown {
    return { body };
  }
}

@Module({ controllers: [WidgetsController, FailuresController] })
class TestApiModule {}

const principal = (tokenId: string, tenantId: string | null, permissions: string[]): Principal => ({
  tokenId,
  tenantId,
  permissions: new Set(permissions),
  platformAdmin: permissions.includes(Permissions.platformAdmin),
});

const PRINCIPALS: Record<string, Principal> = {
  'reader-token': principal('tok-reader', 'acme', [Permissions.jobsRead]),
  'writer-token': principal('tok-writer', 'acme', [Permissions.jobsRead, Permissions.jobsCreate]),
  'admin-token': principal('tok-admin', null, [Permissions.platformAdmin]),
};
const TENANTS = new Set(['acme', 'globex']);
const resolver: PrincipalResolver = { resolve: async (token) => PRINCIPALS[token], isUnknownTenant: async (tenantId) => /^[a-z0-9-]+$/.test(tenantId) && !TENANTS.has(tenantId) };

const UNAUTHORIZED = { error: 'Missing or invalid bearer token', code: 'unauthorized' };

describe('createHttpApp', () => {
  let app: NestFastifyApplication;
  const logLines: string[] = [];
  const loopHealth = new LoopHealth();

  beforeAll(async () => {
    const logger = createLogger({ name: 'http-test', level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    app = await createHttpApp(TestApiModule, {
      logger,
      principalResolver: resolver,
      bodyLimitBytes: 1024,
      version: '9.8.7',
      domainErrorStatuses: { quota_spent: 429 },
      loopHealth,
    });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(() => app.close());

  const inject = (options: Parameters<NestFastifyApplication['inject']>[0]) => app.inject(options);
  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  // Injected requests: no socket, so no bind address.
  const RUNTIME = { listen_host: null, transport: 'http', remote_auth: 'bearer_token_required', loopback_without_token: false };

  it('answers GET /status without a token', async () => {
    const response = await inject({ method: 'GET', url: '/status' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'running', version: '9.8.7', api_version: 'v1', ...RUNTIME });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-request-id']).toEqual(expect.any(String));
  });

  it("logs each request's incoming and completed lines with its request id", async () => {
    await inject({ method: 'GET', url: '/status', headers: { 'x-request-id': 'access-log-1' } });
    const lines = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line['reqId'] === 'access-log-1');
    expect(lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'incoming request', req: expect.objectContaining({ method: 'GET', url: '/status' }) }),
      expect.objectContaining({ level: 30, msg: 'request completed', res: { statusCode: 200 }, responseTime: expect.any(Number) }),
    ]);
  });

  it('says degraded, still 200, while a background loop is down, naming it, and running once it is back', async () => {
    loopHealth.failed('relay:events');
    loopHealth.failed('projection:jobs');
    const degraded = await inject({ method: 'GET', url: '/status' });
    expect(degraded.statusCode).toBe(200);
    expect(degraded.json()).toEqual({ status: 'degraded', version: '9.8.7', api_version: 'v1', loops_down: ['projection:jobs', 'relay:events'], ...RUNTIME });
    loopHealth.recovered('relay:events');
    loopHealth.recovered('projection:jobs');
    expect((await inject({ method: 'GET', url: '/status' })).json()).toEqual({ status: 'running', version: '9.8.7', api_version: 'v1', ...RUNTIME });
  });

  it('answers an unknown route with 404 not_found', async () => {
    const response = await inject({ method: 'GET', url: '/api/v1/nope?token=abc' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'No route for GET /api/v1/nope', code: 'not_found' });
  });

  it('answers a method the path has no route for with 405 and the methods it has, authenticated or not', async () => {
    for (const headers of [{}, as('reader-token')]) {
      const response = await inject({ method: 'PUT', url: '/status?x=1', headers });
      expect(response.statusCode).toBe(405);
      expect(response.headers['allow']).toBe('GET, HEAD');
      expect(response.json()).toEqual({ error: 'PUT is not allowed on /status; it answers GET, HEAD', code: 'method_not_allowed' });
    }
    const onEcho = await inject({ method: 'DELETE', url: '/test/echo' });
    expect({ status: onEcho.statusCode, allow: onEcho.headers['allow'] }).toEqual({ status: 405, allow: 'POST' });
  });

  it('answers a trailing slash or an empty path segment with 404, not a 405 naming the method used', async () => {
    // The router matches an empty segment to a path parameter (widgets/ to widgets/:widgetID),
    // which Nest then passes to the not-found handler: there is no route for these paths.
    for (const url of ['/api/v1/tenants/acme/widgets/', '/api/v1/tenants//widgets', '/test/domain/']) {
      for (const method of ['GET', 'DELETE', 'PUT'] as const) {
        const response = await inject({ method, url, headers: as('admin-token') });
        expect({ url, method, status: response.statusCode, allow: response.headers['allow'] }).toEqual({ url, method, status: 404, allow: undefined });
        expect(response.json()).toEqual({ error: `No route for ${method} ${url}`, code: 'not_found' });
      }
    }
    const genuine = await inject({ method: 'PUT', url: '/api/v1/tenants/acme/widgets/w1', headers: as('admin-token') });
    expect({ status: genuine.statusCode, allow: genuine.headers['allow'], body: genuine.json() }).toEqual({
      status: 405,
      allow: 'DELETE',
      body: { error: 'PUT is not allowed on /api/v1/tenants/acme/widgets/w1; it answers DELETE', code: 'method_not_allowed' },
    });
  });

  it('keeps the message of an HttpException thrown by a handler', async () => {
    const response = await inject({ method: 'GET', url: '/test/missing' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'Widget not found', code: 'not_found' });
  });

  describe('bodies', () => {
    it('refuses malformed JSON with 400 malformed_json, without quoting the body', async () => {
      const response = await inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"secret": "AKIAIOSFODNN7EXAMPLE"',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'Request body is not valid JSON', code: 'malformed_json' });
      expect(response.body).not.toContain('AKIA');
    });

    it('refuses prototype pollution attempts as malformed JSON', async () => {
      const response = await inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"__proto__": {"admin": true}}',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: 'malformed_json' });
    });

    it('refuses other content types with 415', async () => {
      const response = await inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'text/plain' }, payload: 'hello' });
      expect(response.statusCode).toBe(415);
      expect(response.json()).toEqual({ error: expect.any(String), code: 'unsupported_media_type' });
    });

    it('refuses bodies over the limit with 413 payload_too_large', async () => {
      const response = await inject({
        method: 'POST',
        url: '/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ padding: 'x'.repeat(2000) }),
      });
      expect(response.statusCode).toBe(413);
      expect(response.json()).toEqual({ error: 'Request body is too large', code: 'payload_too_large' });
    });

    it('refuses a body nested deeper than 64 levels with 400 body_too_complex, on every route, before validation', async () => {
      const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
      const accepted = await inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload: nested(64) });
      expect(accepted.statusCode).toBe(201);
      for (const payload of [nested(65), '['.repeat(65) + ']'.repeat(65)]) {
        const response = await inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': 'application/json' }, payload });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toEqual({ error: expect.stringMatching(/nest at most 64 levels.*at most 10000 values/), code: 'body_too_complex' });
      }
      const validated = await inject({ method: 'POST', url: '/api/v1/tenants/acme/widgets', headers: { ...as('writer-token'), 'content-type': 'application/json' }, payload: nested(65) });
      expect({ status: validated.statusCode, code: validated.json().code }).toEqual({ status: 400, code: 'body_too_complex' });
    });

    it('accepts JSON with a charset and vendor +json types', async () => {
      for (const contentType of ['application/json; charset=utf-8', 'application/merge-patch+json']) {
        const response = await inject({ method: 'POST', url: '/test/echo', headers: { 'content-type': contentType }, payload: '{"a":1}' });
        expect(response.json()).toEqual({ body: { a: 1 } });
      }
    });
  });

  describe('validation', () => {
    it('refuses an invalid body with 400 validation_error and one detail per field', async () => {
      const response = await inject({
        method: 'POST',
        url: '/api/v1/tenants/acme/widgets',
        headers: as('writer-token'),
        payload: { name: '', size: 1.5, colour: 'red' },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'Invalid request body',
        code: 'validation_error',
        details: [
          { path: 'name', message: expect.any(String) },
          { path: 'size', message: expect.any(String) },
          { path: 'body', message: expect.stringContaining('colour') },
        ],
      });
    });

    it('says a field left out is required, and what a field of the wrong type should be', async () => {
      const response = await inject({ method: 'POST', url: '/api/v1/tenants/acme/widgets', headers: as('writer-token'), payload: { size: 'big' } });
      expect(response.statusCode).toBe(400);
      expect(response.json().details).toEqual([
        { path: 'name', message: 'Required' },
        { path: 'size', message: 'Invalid input: expected number, received string' },
      ]);
    });

    it('answers what the router refuses before any route with the envelope, not echoing the path', async () => {
      const long = 'a'.repeat(101);
      const tooLong = await inject({ method: 'GET', url: `/api/v1/tenants/${long}/widgets`, headers: as('reader-token') });
      expect(tooLong.statusCode).toBe(414);
      expect(tooLong.json()).toEqual({ error: 'A path segment is longer than 100 characters', code: 'uri_too_long' });
      const malformed = await inject({ method: 'GET', url: '/api/v1/tenants/%zz/widgets', headers: as('reader-token') });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json()).toEqual({ error: 'The URL cannot be decoded (a malformed percent-encoding)', code: 'malformed_url' });
    });

    it('refuses a missing body as a validation error', async () => {
      const response = await inject({ method: 'POST', url: '/api/v1/tenants/acme/widgets', headers: as('writer-token') });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'Invalid request body', code: 'validation_error', details: [{ path: 'body', message: expect.any(String) }] });
    });

    it('refuses an invalid query parameter', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/acme/widgets?per_page=1000', headers: as('reader-token') });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'Invalid query parameters',
        code: 'validation_error',
        details: [{ path: 'per_page', message: expect.any(String) }],
      });
    });

    it('refuses an invalid path parameter', async () => {
      const response = await inject({ method: 'POST', url: '/api/v1/tenants/ACME_corp/widgets', headers: as('admin-token'), payload: { name: 'a', size: 1 } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        error: 'Invalid path parameter tenantID',
        code: 'validation_error',
        details: [{ path: 'tenantID', message: 'lower-case letters, digits and "-" only' }],
      });
    });

    it('passes parsed values (defaults, coercion) to the handler', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/acme/widgets', headers: as('reader-token') });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ per_page: 20, caller: 'tok-reader' });
    });

    it('answers a ZodError thrown inside a handler with 400 details', async () => {
      const response = await inject({ method: 'GET', url: '/test/inline-zod' });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ error: 'Invalid request', code: 'validation_error', details: [{ path: 'count', message: expect.any(String) }] });
    });
  });

  describe('auth', () => {
    it.each([
      ['no header', {}],
      ['an unknown token', as('nobody')],
      ['a malformed header', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['an empty bearer', { authorization: 'Bearer ' }],
      ['an over-long token', as('x'.repeat(600))],
    ])('answers %s with the same 401', async (_case, headers) => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/acme/widgets', headers });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual(UNAUTHORIZED);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses a token of another tenant with 403', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/globex/widgets', headers: as('reader-token') });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'This token may not act in this tenant', code: 'forbidden' });
    });

    it('refuses a token without the permission with 403', async () => {
      const response = await inject({ method: 'POST', url: '/api/v1/tenants/acme/widgets', headers: as('reader-token'), payload: { name: 'a', size: 1 } });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'This token lacks the permission jobs:create', code: 'forbidden' });
    });

    it('checks the token before validating input', async () => {
      const response = await inject({ method: 'POST', url: '/api/v1/tenants/acme/widgets', payload: { name: '' } });
      expect(response.statusCode).toBe(401);
    });

    it('lets a platform admin act in any tenant with any permission', async () => {
      const create = await inject({ method: 'POST', url: '/api/v1/tenants/globex/widgets', headers: as('admin-token'), payload: { name: 'a', size: 1 } });
      expect(create.statusCode).toBe(201);
      expect(create.json()).toEqual({ name: 'a', size: 1 });
      const remove = await inject({ method: 'DELETE', url: '/api/v1/tenants/globex/widgets/w1', headers: as('admin-token') });
      expect(remove.statusCode).toBe(204);
      expect(remove.body).toBe('');
    });
  });

  describe('tenants that do not exist', () => {
    it('answers 404 tenant_not_found to a caller that may act in any tenant', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/ghost/widgets', headers: as('admin-token') });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'tenant ghost does not exist', code: 'tenant_not_found' });
    });

    it('still answers 403 to a tenant token, which learns nothing about other tenants', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/tenants/ghost/widgets', headers: as('reader-token') });
      expect(response.statusCode).toBe(403);
    });
  });

  describe('domain and infrastructure errors', () => {
    it.each([
      ['job_not_found', 404],
      ['tenant_exists', 409],
      ['idempotency_key_reused', 409],
      ['quota_spent', 429],
      ['plugin_unsupported', 400],
    ])('answers DomainError %s with %i', async (code, status) => {
      const response = await inject({ method: 'GET', url: `/test/domain/${code}` });
      expect(response.statusCode).toBe(status);
      expect(response.json()).toEqual({ error: `domain said no: ${code}`, code });
    });

    it("lists the app's own domain codes in its error model, with the status it answers them with", async () => {
      const model = await inject({ method: 'GET', url: '/api/v1/meta/error-model', headers: as('reader-token') });
      expect(model.statusCode).toBe(200);
      const codes = (model.json() as { codes: { code: string; status: number }[] }).codes;
      for (const code of ['quota_spent', 'idempotency_key_reused', 'job_terminal']) {
        const answered = await inject({ method: 'GET', url: `/test/domain/${code}` });
        expect(codes.find((entry) => entry.code === code)).toMatchObject({ code, status: answered.statusCode });
      }
      expect(codes.find((entry) => entry.code === 'quota_spent')?.status).toBe(429);
    });

    it('recognises subclasses of DomainError', async () => {
      const response = await inject({ method: 'GET', url: '/test/terminal' });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({ error: 'The job has already finished', code: 'job_terminal' });
    });

    it.each(['/test/downstream', '/test/bus-timeout'])('answers %s with 503 service_unavailable', async (url) => {
      const response = await inject({ method: 'GET', url });
      expect(response.statusCode).toBe(503);
      expect(response.json()).toEqual({ error: 'A service this request depends on is unavailable; retry later', code: 'service_unavailable' });
      expect(response.headers['retry-after']).toBe('5');
    });

    it('answers an unexpected error with a generic 500 and logs the real one with the request id', async () => {
      const response = await inject({ method: 'GET', url: '/test/boom', headers: { 'x-request-id': 'trace-me-123' } });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({ error: 'Internal server error', code: 'internal_error' });
      expect(response.body).not.toMatch(/hunter2|at |\.ts/);
      expect(response.headers['x-request-id']).toBe('trace-me-123');
      const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line['msg'] === 'request failed');
      expect(logged).toMatchObject({ reqId: 'trace-me-123', err: { message: 'database password is hunter2' } });
    });
  });

  describe('documentation', () => {
    it('serves the OpenAPI document without a token', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toBe('3.1.0');
      expect(Object.keys(document.paths).sort()).toEqual([
        // Every app describes itself (seed 001's meta routes).
        '/api/v1/meta/capabilities',
        '/api/v1/meta/compatibility',
        '/api/v1/meta/error-model',
        '/api/v1/tenants/{tenantID}/widgets',
        '/api/v1/tenants/{tenantID}/widgets/{widgetID}',
        '/status',
      ]);
      expect(document.paths['/api/v1/tenants/{tenantID}/widgets'].post['x-required-permissions']).toEqual(['jobs:create']);
    });

    it('serves interactive docs whose assets are all there and which load that document', async () => {
      const page = await inject({ method: 'GET', url: '/api/v1/docs' });
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
      expect(assets).toEqual(expect.arrayContaining(['/api/v1/docs/static/swagger-ui-bundle.js', '/api/v1/docs/static/initializer.js']));
      for (const url of assets) {
        const asset = await inject({ method: 'GET', url });
        expect({ url, status: asset.statusCode }).toEqual({ url, status: 200 });
      }
      const initializer = await inject({ method: 'GET', url: '/api/v1/docs/static/initializer.js' });
      expect(initializer.body).toContain('"/api/v1/openapi.json"');
    });

    it('serves no other file under the docs path', async () => {
      const response = await inject({ method: 'GET', url: '/api/v1/docs/static/..%2f..%2fpackage.json' });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ code: 'not_found' });
    });
  });
});

describe('createHttpApp with a resolver that answers at once (a cached token), without promises', () => {
  const syncResolver: PrincipalResolver = { resolve: (token) => PRINCIPALS[token], isUnknownTenant: (tenantId) => /^[a-z0-9-]+$/.test(tenantId) && !TENANTS.has(tenantId) };
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createHttpApp(TestApiModule, { logger: createLogger({ name: 'http-test', level: 'silent' }), principalResolver: syncResolver });
    await app.init();
  });
  afterAll(() => app.close());

  it.each([
    ['no token', 'GET', '/api/v1/tenants/acme/widgets', undefined, 401, UNAUTHORIZED],
    ['an unknown token', 'GET', '/api/v1/tenants/acme/widgets', 'nobody', 401, UNAUTHORIZED],
    ["another tenant's token", 'GET', '/api/v1/tenants/globex/widgets', 'reader-token', 403, { error: 'This token may not act in this tenant', code: 'forbidden' }],
    ['a token without the permission', 'POST', '/api/v1/tenants/acme/widgets', 'reader-token', 403, { error: 'This token lacks the permission jobs:create', code: 'forbidden' }],
    ['an admin naming a tenant nobody created', 'GET', '/api/v1/tenants/ghost/widgets', 'admin-token', 404, { error: 'tenant ghost does not exist', code: 'tenant_not_found' }],
    ["a tenant's token naming a tenant nobody created", 'GET', '/api/v1/tenants/ghost/widgets', 'reader-token', 403, { error: 'This token may not act in this tenant', code: 'forbidden' }],
    ['a token with the permission', 'GET', '/api/v1/tenants/acme/widgets', 'reader-token', 200, { per_page: 20, caller: 'tok-reader' }],
    ['an admin in another tenant', 'POST', '/api/v1/tenants/globex/widgets', 'admin-token', 201, { name: 'a', size: 1 }],
  ])('decides as with promises: %s', async (_case, method, url, token, status, body) => {
    const response = await app.inject({
      method: method as 'GET',
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(method === 'POST' ? { payload: { name: 'a', size: 1 } } : {}),
    });
    expect({ status: response.statusCode, body: response.json() }).toEqual({ status, body });
  });
});

describe('createHttpApp without a PrincipalResolver', () => {
  it('fails at startup, saying how to provide one', async () => {
    const logger = createLogger({ name: 'http-test', level: 'silent' });
    await expect(createHttpApp(TestApiModule, { logger })).rejects.toThrow(/no PrincipalResolver\. Import TenancyModule/);
  });
});

describe('createHttpApp with a route documented wrongly', () => {
  @Controller('api/v1/misdocumented')
  class MisdocumentedController {
    @Post()
    @Public()
    @ApiRoute({ summary: 'Says 200, answers 201', responses: { 200: null } })
    create(): void {}
  }
  @Module({ controllers: [MisdocumentedController] })
  class MisdocumentedModule {}

  it('fails at init, naming the route', async () => {
    const logger = createLogger({ name: 'http-test', level: 'silent' });
    const app = await createHttpApp(MisdocumentedModule, { logger, principalResolver: resolver });
    await expect(app.init()).rejects.toThrow('MisdocumentedController.create answers 201 but @ApiRoute documents 200');
    await app.close();
  });
});
