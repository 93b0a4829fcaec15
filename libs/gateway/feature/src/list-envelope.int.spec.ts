import { batchMsgId, subjects, type DiscoveryWorkItem, type JobReport, type ResourceNode } from '@strata/contracts';
import { EventFeedRecorderModule } from '@strata/events-feature';
import { InventoryModule } from '@strata/inventory-feature';
import { acceptsEnvelope, OpenApiDocumentService } from '@strata/platform-http';
import { waitFor } from '@strata/testing';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const TENANT = 'acme-corp';
const T = `/api/v1/tenants/${TENANT}`;
const vpcId = 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1';
const node = (n: number): ResourceNode => ({
  id: n === 0 ? vpcId : `arn:aws:ec2:eu-west-1:123456789012:instance/i-${String(n).padStart(3, '0')}`,
  type: n === 0 ? 'aws.ec2.vpc' : 'aws.ec2.instance',
  provider: 'aws',
  name: n === 0 ? 'main' : `web-${n}`,
  account: '123456789012',
  region: 'eu-west-1',
  tags: {},
  attributes: {},
});

/** How a list answers without the envelope. */
type OwnShape =
  /** `{items, next_cursor?}`: its own keyset pages. */
  | 'next_cursor'
  /** The jobs list: `{items, total, page, per_page, next_cursor?}`. */
  | 'jobs'
  /** Already the envelope. */
  | 'envelope'
  /** `{items, ...}` whole, no paging of its own. */
  | 'whole';

interface ListRoute {
  name: string;
  path: string;
  own: OwnShape;
  /** Query giving the whole list in its own shape, to compare the envelope's pages with. */
  all: string;
  keyOf: (item: Json) => string;
  /** At least this many items are there (so a page size of 2 pages through several). */
  atLeast: number;
}

const byId = (item: Json) => String(item['id']);

/**
 * Every list route of the gateway, in both shapes: the own shape by default and with
 * `envelope=false`; with `envelope=true` seed 001's cursor envelope, paged through to the end by
 * passing `page.next_cursor` back as `cursor` alone, the same items as the whole list; a bad
 * cursor is a 400 `invalid_cursor`.
 */
describe('the cursor envelope on every list route', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let admin: string;
  let webhookId: string;

  const routes = (): ListRoute[] => [
    { name: 'tenants', path: '/api/v1/tenants', own: 'next_cursor', all: 'limit=200', keyOf: byId, atLeast: 4 },
    { name: 'tokens', path: `${T}/tokens`, own: 'next_cursor', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'credentials', path: `${T}/credentials`, own: 'next_cursor', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'jobs', path: `${T}/jobs`, own: 'jobs', all: 'per_page=100', keyOf: byId, atLeast: 3 },
    { name: 'nodes', path: `${T}/nodes`, own: 'next_cursor', all: 'limit=500', keyOf: byId, atLeast: 7 },
    { name: 'node history', path: `${T}/nodes/${encodeURIComponent(vpcId)}/history`, own: 'whole', all: '', keyOf: (h) => `${String(h['at'])}|${String(h['change'])}`, atLeast: 1 },
    { name: 'edges', path: `${T}/edges?to=${encodeURIComponent(vpcId)}`, own: 'next_cursor', all: 'limit=1000', keyOf: (e) => `${String(e['from'])}|${String(e['type'])}|${String(e['to'])}`, atLeast: 6 },
    { name: 'plugins', path: '/api/v1/plugins', own: 'whole', all: '', keyOf: byId, atLeast: 3 },
    { name: 'event types', path: '/api/v1/events/types', own: 'whole', all: '', keyOf: (t) => String(t['type']), atLeast: 10 },
    { name: 'compliance frameworks', path: `${T}/compliance/frameworks`, own: 'whole', all: '', keyOf: byId, atLeast: 2 },
    { name: 'schedules', path: `${T}/schedules`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'webhooks', path: `${T}/webhooks`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'deliveries', path: `${T}/webhooks/${webhookId}/deliveries`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 0 },
    { name: 'channels', path: `${T}/notifications/channels`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'mute rules', path: `${T}/mute-rules`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'handled resources', path: `${T}/findings/handled`, own: 'envelope', all: 'limit=200', keyOf: (h) => String(h['resource_id']), atLeast: 0 },
    { name: 'rules', path: `${T}/rules`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
    { name: 'findings', path: `${T}/findings`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 0 },
    { name: 'kubernetes clusters', path: `${T}/kubernetes/clusters`, own: 'envelope', all: 'limit=100', keyOf: (c) => String(c['name']), atLeast: 0 },
    { name: 'events', path: `${T}/events`, own: 'envelope', all: 'limit=200', keyOf: byId, atLeast: 3 },
  ];

  const withQuery = (path: string, query: string) => (query === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${query}`);
  const get = (path: string, query = ''): Promise<ApiResponse> => call('GET', withQuery(path, query), admin);

  beforeAll(async () => {
    harness = await startGatewayHarness('listenvelope', {
      modules: [
        InventoryModule.forRoot({ batchWaitMs: 100, batchPollIntervalMs: 20, reconcileBackoff: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 } }),
        EventFeedRecorderModule.forRoot(),
      ],
    });
    ({ call, admin } = harness);
    const { messaging } = harness;
    await messaging.consume<DiscoveryWorkItem>({ stream: 'work', durable: 'test-worker', filterSubject: 'work.discovery.>', handler: async () => undefined });
    const created = async (path: string, body: unknown) => {
      const response = await call('POST', path, admin, body);
      expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      return response.body;
    };

    for (const id of [TENANT, 'globex', 'initech', 'umbrella']) await created('/api/v1/tenants', { id, name: id });
    for (const name of ['ci', 'ui', 'cli']) await created(`${T}/tokens`, { name, permissions: ['jobs:read'] });
    for (const id of ['cred-a', 'cred-b', 'cred-c']) await created(`${T}/credentials`, { id, kind: 'demo', name: id, secret: {} });
    for (const name of ['nightly', 'hourly', 'weekly']) {
      await created(`${T}/schedules`, { name, interval_minutes: 60, job_template: { name, plugins: ['demo'], credential_id: 'cred-a', config: { size: 5 } } });
    }
    for (const n of [1, 2, 3]) {
      const webhook = await created(`${T}/webhooks`, { url: `https://hooks.example.com/strata/${n}`, events: ['finding.*'] });
      webhookId ??= String(webhook['id']);
    }
    for (const n of [1, 2, 3]) await created(`${T}/notifications/channels`, { name: `ops-${n}`, method: 'email', config: { to: [`ops${n}@example.com`] }, enabled: true });
    for (const n of [1, 2, 3]) await created(`${T}/mute-rules`, { match: { region: `r-${n}` }, reason: `r-${n}` });

    // Three jobs; the first one's worker is played here, so that the graph holds 8 nodes and 7 edges.
    const jobIds: string[] = [];
    for (const name of ['one', 'two', 'three']) jobIds.push(String((await created(`${T}/jobs`, { name, plugins: ['demo'], credential_id: 'cred-a' }))['id']));
    const run = { tenantId: TENANT, jobId: jobIds[0]!, plugin: 'demo', attempt: 1 };
    const report = (r: JobReport, key: string) => messaging.publish(subjects.jobReports(TENANT), r, { msgId: `${run.jobId}:${key}` });
    await report({ type: 'PluginRunStarted', ...run, workerId: 'w1' }, 'started');
    const nodes = Array.from({ length: 8 }, (_, i) => node(i));
    const batch = { ...run, sequence: 0, scope: 'demo:acme', nodes, edges: nodes.slice(1).map((n) => ({ from: n.id, to: vpcId, type: 'in_vpc' })) };
    await messaging.publish(subjects.batches(TENANT, run.jobId), batch, { msgId: batchMsgId(batch) });
    await waitFor(async () => ((await get(`${T}/edges?to=${encodeURIComponent(vpcId)}`, 'limit=100')).body.items?.length ?? 0) === 7, { message: 'the graph written' });
    await waitFor(async () => ((await get(`${T}/events`, 'limit=200')).body.items?.length ?? 0) >= 3, { message: 'events in the feed' });
  });

  afterAll(() => harness?.close());

  /** The envelope's pages of `size`, followed with `cursor` alone: every item once. */
  async function pageThrough(route: ListRoute, size: number): Promise<Json[]> {
    const items: Json[] = [];
    let response = await get(route.path, `envelope=true&limit=${size}`);
    for (let pages = 1; ; pages++) {
      expect({ route: route.name, status: response.status, body: response.body }).toMatchObject({ status: 200, body: { items: expect.any(Array), page: { limit: size, has_more: expect.any(Boolean) } } });
      const page = response.body['page'] as { next_cursor: string | null; has_more: boolean };
      expect(Object.keys(response.body).sort()).toEqual(route.own === 'envelope' ? expect.arrayContaining(['items', 'page']) : ['items', 'page']);
      expect(response.body.items!.length).toBeLessThanOrEqual(size);
      items.push(...response.body.items!);
      if (!page.has_more) break;
      expect(page.next_cursor).toEqual(expect.any(String));
      expect(pages).toBeLessThan(200);
      response = await get(route.path, `limit=${size}&cursor=${encodeURIComponent(page.next_cursor!)}`);
    }
    return items;
  }

  it.each(routes().map((route) => [route.name, route] as const))('%s: its own shape by default and with envelope=false', async (_name, template) => {
    const route = routes().find((each) => each.name === template.name)!;
    for (const query of [route.all, `${route.all}${route.all ? '&' : ''}envelope=false`]) {
      const response = await get(route.path, query);
      expect({ route: route.name, query, status: response.status }).toEqual({ route: route.name, query, status: 200 });
      expect(response.body.items!.length).toBeGreaterThanOrEqual(route.atLeast);
      if (route.own === 'next_cursor') expect(Object.keys(response.body).filter((key) => key !== 'next_cursor')).toEqual(['items']);
      if (route.own === 'jobs') expect(response.body).toMatchObject({ total: expect.any(Number), page: 1, per_page: 100 });
      if (route.own === 'envelope') expect(response.body['page']).toMatchObject({ limit: expect.any(Number), has_more: false });
      if (route.own === 'whole') expect(response.body).not.toHaveProperty('page');
    }
  });

  it.each(routes().map((route) => [route.name, route] as const))('%s: the envelope, paged through to the end, holds the whole list', async (_name, template) => {
    const route = routes().find((each) => each.name === template.name)!;
    const whole = (await get(route.path, route.all)).body.items!.map(route.keyOf);
    const paged = (await pageThrough(route, 2)).map(route.keyOf);
    expect(paged).toEqual(whole);
    if (route.atLeast > 2) expect(paged.length).toBeGreaterThan(2);
    // One page when it all fits: has_more false, next_cursor null (the event feed gives one to poll with).
    const single = await get(route.path, `envelope=true&${route.all || 'limit=1000'}`);
    expect(single.body['page']).toMatchObject({ has_more: false });
    if (route.name !== 'events') expect(single.body['page']).toMatchObject({ next_cursor: null });
  });

  it.each(routes().map((route) => [route.name, route] as const))('%s: a bad cursor is a 400 invalid_cursor', async (_name, template) => {
    const route = routes().find((each) => each.name === template.name)!;
    for (const query of ['envelope=true&cursor=bm90LWEtY3Vyc29y', `cursor=${encodeURIComponent(Buffer.from(JSON.stringify({ q: 'envelope:another-list', c: 'x' })).toString('base64url'))}`]) {
      const response = await get(route.path, query);
      expect({ route: route.name, query, status: response.status, code: response.body['code'] }).toEqual({ route: route.name, query, status: 400, code: 'invalid_cursor' });
    }
    expect((await get(route.path, 'envelope=maybe')).body).toMatchObject({ code: 'validation_error' });
  });

  it("refuses a list's own cursor in the envelope, and an envelope's cursor with envelope=false", async () => {
    const own = await get(`${T}/nodes`, 'limit=2');
    expect(await get(`${T}/nodes`, `envelope=true&limit=2&cursor=${encodeURIComponent(String(own.body['next_cursor']))}`)).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    const enveloped = await get(`${T}/nodes`, 'envelope=true&limit=2');
    const next = (enveloped.body['page'] as { next_cursor: string }).next_cursor;
    expect(await get(`${T}/nodes`, `envelope=false&limit=2&cursor=${encodeURIComponent(next)}`)).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(await get(`${T}/jobs`, 'envelope=true&page=2')).toMatchObject({ status: 400, body: { code: 'validation_error' } });
  });

  it('leaves no list route out: every GET answering items takes envelope, and the OpenAPI document gives both shapes', async () => {
    const service = harness.app.get(OpenApiDocumentService);
    const document = service.document() as Json & { paths: Record<string, Record<string, Json>> };
    const components = (document['components'] as { schemas: Record<string, Json> }).schemas;
    // Whether a response schema is (or may be) an object with an `items` property.
    const hasItems = (schema: Json | undefined, depth = 0): boolean => {
      if (schema === undefined || depth > 4) return false;
      const ref = schema['$ref'];
      if (typeof ref === 'string') return hasItems(components[ref.replace('#/components/schemas/', '')], depth + 1);
      if ('items' in ((schema['properties'] as Json | undefined) ?? {})) return true;
      return [...((schema['anyOf'] as Json[] | undefined) ?? []), ...((schema['oneOf'] as Json[] | undefined) ?? [])].some((member) => hasItems(member, depth + 1));
    };
    const itemLists = service.routes().filter((route) => {
      if (route.method !== 'get') return false;
      const ok = (document.paths[route.path]!['get']!['responses'] as Record<string, Json>)['200'] as { content?: Record<string, { schema: Json }> } | undefined;
      return hasItems(ok?.content?.['application/json']?.schema);
    });
    // The table above, and the credential contexts (which need a kubeconfig credential).
    expect(itemLists.length).toBeGreaterThanOrEqual(routes().length + 1);
    const missing = itemLists.filter((route) => !acceptsEnvelope(route)).map((route) => route.path);
    // A list added without the envelope: see "Add an endpoint" in docs/architecture.md (withListEnvelope + answerList).
    expect(missing).toEqual([]);
    const jobs = JSON.stringify(document.paths[`/api/v1/tenants/{tenantID}/jobs`]!['get']);
    expect(jobs).toContain('#/components/schemas/JobList"');
    expect(jobs).toContain('#/components/schemas/JobListEnvelope"');
    expect(JSON.stringify(document.paths[`/api/v1/tenants/{tenantID}/jobs`]!['get']!['parameters'])).toContain('"envelope"');
  });
});
