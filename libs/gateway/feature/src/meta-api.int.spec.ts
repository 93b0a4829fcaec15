import { API_ERROR_CODES } from '@strata/contracts';
import { openApiProblems } from '@strata/platform-http';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const TENANT = 'acme-corp';
const OPERATIONS = ['get', 'put', 'post', 'patch', 'delete', 'head', 'options'];

type Operation = Json & { summary: string; tags: string[]; security?: unknown[]; 'x-required-permissions'?: string[] };
interface CapabilityRoute {
  method: string;
  path: string;
  operation_id: string;
  summary: string;
  auth: string;
  permissions: string[];
}
interface ErrorCode {
  code: string;
  status: number;
}

/**
 * Seed 001's self-description of the API, checked against what the gateway really serves: the
 * OpenAPI document (capabilities), its list routes (compatibility) and the answers of sampled
 * failing requests (error model); and `/status` over a real socket.
 */
describe('the API describes itself: /status and /api/v1/meta/*', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let admin: string;
  let jobsReader: string;
  let openapi: Json & { paths: Record<string, Record<string, Operation>> };

  beforeAll(async () => {
    harness = await startGatewayHarness('metaapi', { listen: true });
    ({ call, admin } = harness);
    expect((await call('POST', '/api/v1/tenants', admin, { id: TENANT, name: 'Acme' })).status).toBe(201);
    jobsReader = String((await call('POST', `/api/v1/tenants/${TENANT}/tokens`, admin, { name: 'ci', permissions: ['jobs:read'] })).body['token']);
    openapi = (await call('GET', '/api/v1/openapi.json')).body as typeof openapi;
  });

  afterAll(() => harness?.close());

  const meta = async (name: string, bearer = jobsReader): Promise<ApiResponse> => call('GET', `/api/v1/meta/${name}`, bearer);

  it("/status keeps its fields and adds seed 001's, true of the socket it listens on", async () => {
    const response = await fetch(`${harness.baseUrl!}/status`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'running',
      version: expect.any(String),
      api_version: 'v1',
      listen_host: '127.0.0.1',
      transport: 'http',
      remote_auth: 'bearer_token_required',
      loopback_without_token: false,
    });
    // What remote_auth and loopback_without_token say: a loopback call without the token is refused.
    expect((await fetch(`${harness.baseUrl!}/api/v1/meta/capabilities`)).status).toBe(401);
    expect(openapi.paths['/status']!['get']!['responses']).toMatchObject({ 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } } } });
    const statusSchema = (openapi['components'] as { schemas: Record<string, { required: string[] }> }).schemas['Status']!;
    expect(statusSchema.required).toEqual(expect.arrayContaining(['status', 'version', 'api_version', 'listen_host', 'transport', 'remote_auth']));
  });

  it('needs a token for the meta routes, any valid one (no permission)', async () => {
    for (const name of ['capabilities', 'compatibility', 'error-model']) {
      expect(await call('GET', `/api/v1/meta/${name}`)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
      expect((await meta(name)).status).toBe(200);
      expect(openapi.paths[`/api/v1/meta/${name}`]!['get']!['x-required-permissions']).toEqual([]);
    }
  });

  it('lists in capabilities exactly the operations of the OpenAPI document, with their summary, tag and permissions', async () => {
    expect(openApiProblems(openapi)).toEqual([]);
    const capabilities = (await meta('capabilities')).body as Json & { groups: { name: string; route_count: number; permissions: string[]; routes: CapabilityRoute[] }[]; route_count: number };
    const listed = capabilities.groups.flatMap((group) => group.routes.map((route) => ({ group: group.name, ...route })));
    const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => OPERATIONS.includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
    );
    const key = (route: { method: string; path: string }) => `${route.method} ${route.path}`;
    expect(listed.map(key).sort()).toEqual(documented.map(key).sort());
    expect(capabilities.route_count).toBe(documented.length);
    for (const { method, path, operation } of documented) {
      const route = listed.find((each) => each.method === method && each.path === path)!;
      expect({ route: key(route), group: route.group, summary: route.summary, operation_id: route.operation_id, auth: route.auth, permissions: route.permissions }).toEqual({
        route: key(route),
        group: operation.tags[0] ?? 'other',
        summary: operation.summary,
        operation_id: operation['operationId'],
        auth: operation.security?.length === 0 ? 'none' : 'bearer_token',
        permissions: operation['x-required-permissions'] ?? [],
      });
    }
    for (const group of capabilities.groups) expect(group.route_count).toBe(group.routes.length);
    // The meta routes themselves, and the groups other engineers' routes join by their tag.
    expect(capabilities.groups.map((group) => group.name)).toEqual(expect.arrayContaining(['jobs', 'tenants', 'graph', 'findings', 'webhooks', 'events', 'meta', 'status']));
    expect(listed.filter((route) => route.group === 'meta').map(key).sort()).toEqual([
      'GET /api/v1/meta/capabilities',
      'GET /api/v1/meta/compatibility',
      'GET /api/v1/meta/error-model',
    ]);
    expect(capabilities.groups.find((group) => group.name === 'jobs')!.permissions).toEqual(expect.arrayContaining(['jobs:read', 'jobs:create', 'jobs:cancel']));
  });

  it('states the compatibility policy, its list routes those of the OpenAPI document that take envelope', async () => {
    const compatibility = (await meta('compatibility')).body as Json & { pagination: { list_routes: string[] }; deprecation: { deprecated_routes: unknown[]; window_days: number } };
    expect(compatibility).toMatchObject({
      api_version: 'v1',
      versioning: { scheme: 'path', base_path: '/api/v1', current: 'v1' },
      deprecation: { window_days: 180, deprecated_routes: [] },
      webhook_signing: { algorithm: 'HMAC-SHA256', timestamp_tolerance_seconds: 300, signature_header: expect.stringContaining('X-Strata-Signature: sha256=') },
      error_envelope: { error_model: '/api/v1/meta/error-model' },
    });
    const takingEnvelope = Object.entries(openapi.paths)
      .filter(([, item]) => ((item['get']?.['parameters'] as { name: string }[] | undefined) ?? []).some((parameter) => parameter.name === 'envelope'))
      .map(([path]) => path)
      .sort();
    expect(compatibility.pagination.list_routes).toEqual(takingEnvelope);
    expect(takingEnvelope).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/jobs', '/api/v1/tenants/{tenantID}/findings', '/api/v1/plugins', '/api/v1/tenants']));
  });

  it('lists every fixed error code with the status the API really answers it with', async () => {
    const model = (await meta('error-model')).body as Json & { codes: ErrorCode[]; domain_rules: { suffixes: { suffix: string; status: number }[]; default_status: number }; envelope: Json };
    expect(model.envelope).toMatchObject({ schema: { type: 'object', required: ['error', 'code'] }, content_type: 'application/json; charset=utf-8' });
    const statusOf = (code: string): number | undefined => {
      const exact = model.codes.find((entry) => entry.code === code);
      if (exact) return exact.status;
      return model.domain_rules.suffixes.find((rule) => code.endsWith(rule.suffix))?.status ?? model.domain_rules.default_status;
    };
    for (const code of Object.values(API_ERROR_CODES)) expect({ code, listed: model.codes.some((entry) => entry.code === code) }).toEqual({ code, listed: true });
    expect(model.codes.map((entry) => entry.code)).toEqual(expect.arrayContaining(['job_terminal', 'idempotency_key_reused', 'schedule_disabled', 'method_not_allowed', 'unsupported_media_type', 'tenant_not_found']));

    const base = `/api/v1/tenants/${TENANT}`;
    const samples: [string, Promise<ApiResponse>][] = [
      ['no token', call('GET', `${base}/jobs`)],
      ['a missing permission', call('GET', `${base}/nodes`, jobsReader)],
      ['another tenant', call('POST', '/api/v1/tenants', jobsReader, { id: 'x', name: 'x' })],
      ['an unknown route', call('GET', '/api/v1/nope', admin)],
      ['a method the path has no route for', call('PUT', '/status', admin)],
      ['an unknown job (a domain code by suffix)', call('GET', `${base}/jobs/job-nope`, admin)],
      ['an unknown tenant', call('GET', '/api/v1/tenants/nobody/jobs', admin)],
      ['invalid input', call('GET', `${base}/jobs?per_page=0`, admin)],
      ['a bad cursor', call('GET', `${base}/jobs?envelope=true&cursor=bm9wZQ`, admin)],
      ['malformed JSON', call('POST', '/api/v1/tenants', admin, '{"id":')],
      ['a body that is not JSON', call('POST', '/api/v1/tenants', admin, undefined, { 'content-type': 'text/plain' })],
      ['a long path segment', call('GET', `${base}/jobs/${'x'.repeat(150)}`, admin)],
    ];
    const seen = new Set<string>();
    for (const [what, pending] of samples) {
      const { status, body } = await pending;
      const code = String(body['code']);
      seen.add(code);
      expect({ what, code, status }).toEqual({ what, code, status: statusOf(code) });
      expect(status).toBeGreaterThanOrEqual(400);
    }
    expect([...seen].sort()).toEqual(
      ['forbidden', 'invalid_cursor', 'job_not_found', 'malformed_json', 'method_not_allowed', 'not_found', 'tenant_not_found', 'unauthorized', 'unsupported_media_type', 'uri_too_long', 'validation_error'].sort(),
    );
  });
});
