import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { BatchIngestor, nodesCollection, withNodeSightings, type StoredNode } from '@strata/inventory-feature';
import { createHttpApp, openApiProblems, type Principal, type PrincipalResolver } from '@strata/platform-http';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import { makeTempDir, type TempDir } from '@strata/testing';
import { node, runJob, variedNode, type RunEstate } from './fixtures/graph-fixtures';
import { GraphApiModule } from './graph-api.module';
import { compareInStoreOrder } from './paging/store-order';

type Json = Record<string, unknown>;
type Query = Record<string, string | string[]>;

// Tokens are `<permission>@<tenant>` here: `nodes:read@acme` may read acme's graph.
const resolver: PrincipalResolver = {
  resolve: async (token) => {
    const [permission, tenantId] = token.split('@');
    if (!permission || !tenantId) return undefined;
    const principal: Principal = { tokenId: token, tenantId, permissions: new Set([permission]), platformAdmin: false };
    return principal;
  },
};

const T1 = new Date('2026-11-20T10:00:00.000Z');
const T2 = new Date('2026-11-21T10:00:00.000Z');
const T3 = new Date('2026-11-22T10:00:00.000Z');
const T4 = new Date('2026-11-23T10:00:00.000Z');

// The small estate of acme: ARN ids, a chain for traversals (i-1 → subnet → vpc → account),
// a hub with five attachments, and one node that is created, updated, removed and restored.
const ARN = (kind: string, id: string) => `arn:aws:ec2:eu-west-1:111111111111:${kind}/${id}`;
const INSTANCE = ARN('instance', 'i-1');
const SUBNET = ARN('subnet', 'subnet-1');
const VPC = ARN('vpc', 'vpc-1');
const ACCOUNT = 'arn:aws:organizations::111111111111:account/o-1/111111111111';
const HUB = ARN('security-group', 'sg-hub');
const LEAVES = [1, 2, 3, 4, 5].map((n) => ARN('network-interface', `eni-${n}`));
const GHOST = ARN('instance', 'i-not-discovered');
const CHANGING = ARN('instance', 'i-changing');

function acmeEstate(changing: 'first' | 'changed' | 'absent'): RunEstate {
  const nodes = [
    node(INSTANCE, { name: 'web-1', tags: { env: 'prod' } }),
    node(SUBNET, { type: 'aws.ec2.subnet', name: 'subnet-a' }),
    node(VPC, { type: 'aws.ec2.vpc', name: 'main' }),
    node(ACCOUNT, { type: 'aws.organizations.account', name: 'prod', region: undefined }),
    node(HUB, { type: 'aws.ec2.security_group', name: 'hub' }),
    ...LEAVES.map((id, i) => node(id, { type: 'aws.ec2.network_interface', name: `eni-${i + 1}` })),
    ...(changing === 'absent'
      ? []
      : [node(CHANGING, { name: 'changing', tags: changing === 'first' ? {} : { owner: 'ops' }, attributes: { state: changing === 'first' ? 'running' : 'stopped', size: 't3.micro' } })]),
  ];
  const edges = [
    { from: INSTANCE, to: SUBNET, type: 'in_subnet' },
    { from: SUBNET, to: VPC, type: 'in_vpc' },
    { from: VPC, to: ACCOUNT, type: 'in_account' },
    { from: INSTANCE, to: HUB, type: 'uses_security_group' },
    { from: INSTANCE, to: GHOST, type: 'peers_with' },
    ...LEAVES.map((leaf) => ({ from: leaf, to: HUB, type: 'uses_security_group' })),
  ];
  return { plugin: 'aws', scope: 'aws:111111111111', nodes, edges };
}

describe('Graph API over HTTP (real SQLite)', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));

    await runJob(readStore, 'acme', 'job-a1', [acmeEstate('first')], T1);
    await runJob(readStore, 'acme', 'job-a2', [acmeEstate('changed')], T2);
    await runJob(readStore, 'acme', 'job-a3', [acmeEstate('absent')], T3);
    await runJob(readStore, 'acme', 'job-a4', [acmeEstate('changed')], T4);
    // Same node id in another tenant, other content: tenants never mix.
    await runJob(readStore, 'globex', 'job-g1', [{ plugin: 'aws', scope: 'aws:999', nodes: [node(INSTANCE, { name: 'globex-web' })], edges: [] }], T1);

    // A varied estate: 300 nodes over two scopes; job 2 drops a ninth of the aws ones and changes some.
    const varied = Array.from({ length: 300 }, (_, i) => variedNode(i));
    const aws = (nodes: typeof varied) => nodes.filter((n) => n.provider === 'aws');
    const pods = varied.filter((n) => n.provider === 'kubernetes');
    await runJob(readStore, 'bulk', 'job-b1', [{ plugin: 'aws', scope: 'aws:1', nodes: aws(varied), edges: [] }, { plugin: 'kubernetes', scope: 'k8s:1', nodes: pods, edges: [] }], T1);
    const second = aws(varied)
      .filter((_, i) => i % 9 !== 0)
      .map((n, i) => (i % 5 === 0 ? variedNode(Number(n.id.slice(-4)), 2) : n));
    await runJob(readStore, 'bulk', 'job-b2', [{ plugin: 'aws', scope: 'aws:1', nodes: second, edges: [] }], T2);

    @Module({ imports: [StorageModule.forInstances({ readStore }), GraphApiModule] })
    class RootModule {}
    app = await createHttpApp(RootModule, { logger: createLogger({ name: 'graph-api-test', level: 'silent' }), principalResolver: resolver });
    await app.init();
  });

  afterAll(async () => {
    await app?.close(); // closes the read store (StorageModule)
    await dir?.remove();
  });

  /** As a `nodes:read` token of the tenant in the URL, unless another token is given. */
  async function get(url: string, token = `nodes:read@${url.split('/')[4] ?? ''}`): Promise<{ status: number; body: Json }> {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: JSON.parse(response.body) as Json };
  }
  const qs = (query: Query) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
    return params.toString();
  };
  const nodeUrl = (tenant: string, id: string, rest = '') => `/api/v1/tenants/${tenant}/nodes/${encodeURIComponent(id)}${rest}`;

  /** Every page of a list, following next_cursor; the items in order. */
  async function pageAll(path: string, query: Query, limit: number): Promise<Json[]> {
    const items: Json[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1_000; pages++) {
      const page = await get(`${path}?${qs({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) })}`);
      expect(page.status).toBe(200);
      const batch = page.body['items'] as Json[];
      expect(batch.length).toBeLessThanOrEqual(limit);
      items.push(...batch);
      cursor = page.body['next_cursor'] as string | undefined;
      if (!cursor) return items;
    }
    throw new Error('paging did not end');
  }

  async function storedNodes(tenant: string): Promise<StoredNode[]> {
    const page = await readStore.collection(nodesCollection).forTenant(tenant).find({ limit: 10_000 });
    return (await withNodeSightings(readStore, tenant, page.items)).map(({ doc }) => doc);
  }

  describe('GET /nodes', () => {
    // What each query must return, decided here from the stored nodes by plain JavaScript.
    const cases: [string, Query, (n: StoredNode) => boolean][] = [
      ['no filter: the active nodes', {}, (n) => n.status === 'active'],
      ['status=removed', { status: 'removed' }, (n) => n.status === 'removed'],
      ['one type', { type: 'aws.ec2.instance' }, (n) => n.status === 'active' && n.type === 'aws.ec2.instance'],
      ['types as a comma list', { type: 'aws.ec2.instance,aws.s3.bucket' }, (n) => n.status === 'active' && ['aws.ec2.instance', 'aws.s3.bucket'].includes(n.type)],
      ['types repeated', { type: ['aws.iam.role', 'kubernetes.core.pod'] }, (n) => n.status === 'active' && ['aws.iam.role', 'kubernetes.core.pod'].includes(n.type)],
      ['provider', { provider: 'kubernetes' }, (n) => n.status === 'active' && n.provider === 'kubernetes'],
      ['account', { account: '222' }, (n) => n.status === 'active' && n.account === '222'],
      ['region', { region: 'eu-west-1' }, (n) => n.status === 'active' && n.region === 'eu-west-1'],
      ['one tag', { tag: 'env:prod' }, (n) => n.status === 'active' && n.tags['env'] === 'prod'],
      ['two tags', { tag: ['env:prod', 'team:core'] }, (n) => n.status === 'active' && n.tags['env'] === 'prod' && n.tags['team'] === 'core'],
      ['a tag with ":" in key and value', { tag: 'aws:cloudformation:stack-name:stack:a' }, (n) => n.status === 'active' && n.tags['aws:cloudformation:stack-name'] === 'stack:a'],
      ['name prefix', { name_prefix: 'web-' }, (n) => n.status === 'active' && n.name.startsWith('web-')],
      ['name prefix beyond ASCII', { name_prefix: 'ünï' }, (n) => n.status === 'active' && n.name.startsWith('ünï')],
      ['last_seen_job', { last_seen_job: 'job-b1' }, (n) => n.status === 'active' && n.last_seen_job === 'job-b1'],
      ['removed, by job', { status: 'removed', last_seen_job: 'job-b1' }, (n) => n.status === 'removed' && n.last_seen_job === 'job-b1'],
      ['type + account + region', { type: 'aws.ec2.instance', account: '111', region: 'us-east-1' }, (n) => n.status === 'active' && n.type === 'aws.ec2.instance' && n.account === '111' && n.region === 'us-east-1'],
      ['provider + tag + name prefix', { provider: 'aws', tag: 'env:dev', name_prefix: 'db' }, (n) => n.status === 'active' && n.provider === 'aws' && n.tags['env'] === 'dev' && n.name.startsWith('db')],
      ['removed of a type', { status: 'removed', type: 'aws.s3.bucket' }, (n) => n.status === 'removed' && n.type === 'aws.s3.bucket'],
      ['nothing matches', { type: 'aws.nothing.here' }, () => false],
    ];

    it.each(cases)('%s: pages visit every matching node exactly once', async (_name, query, expected) => {
      const want = (await storedNodes('bulk')).filter(expected).map((n) => n.id).sort(compareInStoreOrder);
      for (const limit of [7, 500]) {
        const got = (await pageAll('/api/v1/tenants/bulk/nodes', query, limit)).map((n) => String(n['id']));
        expect(new Set(got).size).toBe(got.length);
        expect([...got].sort(compareInStoreOrder)).toEqual(want);
      }
    });

    it('has something to find in every filter case above', async () => {
      const stored = await storedNodes('bulk');
      for (const [name, , expected] of cases.slice(0, -1)) expect({ name, matches: stored.filter(expected).length > 1 }).toEqual({ name, matches: true });
    });

    it('pages one node at a time too, in the documented order', async () => {
      const byId = (await pageAll('/api/v1/tenants/bulk/nodes', { account: '333' }, 1)).map((n) => String(n['id']));
      expect(byId).toEqual([...byId].sort(compareInStoreOrder));
      const byType = await pageAll('/api/v1/tenants/bulk/nodes', { provider: 'aws', tag: 'team:core' }, 1);
      const typeKeys = byType.map((n) => `${String(n['type'])}|${String(n['id'])}`);
      expect(typeKeys).toEqual([...typeKeys].sort(compareInStoreOrder));
      const byName = (await pageAll('/api/v1/tenants/bulk/nodes', { name_prefix: 'cache' }, 3)).map((n) => String(n['name']));
      expect(byName).toEqual([...byName].sort(compareInStoreOrder));
    });

    it('shows a node in the documented shape, without internal fields', async () => {
      const { body } = await get(`/api/v1/tenants/acme/nodes?${qs({ name_prefix: 'web-1' })}`);
      expect(body['items']).toEqual([
        {
          id: INSTANCE,
          type: 'aws.ec2.instance',
          provider: 'aws',
          name: 'web-1',
          account: '111111111111',
          region: 'eu-west-1',
          tags: { env: 'prod' },
          attributes: { state: 'running' },
          status: 'active',
          scope: 'aws:111111111111',
          first_seen: T1.toISOString(),
          last_seen: T4.toISOString(),
          removed_at: null,
          first_seen_job: 'job-a1',
          last_seen_job: 'job-a4',
          last_changed_job: 'job-a1',
          removed_in_job: null,
        },
      ]);
    });

    it('refuses bad filters with 400 and names the parameter', async () => {
      const bad: [Query, string][] = [
        [{ colour: 'red' }, ''],
        [{ limit: '0' }, 'limit'],
        [{ limit: '501' }, 'limit'],
        [{ tag: 'env' }, 'tag.0'],
        [{ status: 'gone' }, 'status'],
        [{ name_prefix: '' }, 'name_prefix'],
        [{ type: ',' }, 'type'],
        [{ type: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') }, 'type'],
      ];
      for (const [query, path] of bad) {
        const { status, body } = await get(`/api/v1/tenants/bulk/nodes?${qs(query)}`);
        expect({ query, status, code: body['code'] }).toEqual({ query, status: 400, code: 'validation_error' });
        if (path) expect((body['details'] as Json[]).map((d) => d['path'])).toContain(path);
      }
    });

    it('refuses a corrupt cursor, and the cursor of other filters or another tenant, with 400 invalid_cursor', async () => {
      const first = await get(`/api/v1/tenants/bulk/nodes?${qs({ type: 'aws.ec2.instance', limit: '2' })}`);
      const cursor = String(first.body['next_cursor']);
      const again = await get(`/api/v1/tenants/bulk/nodes?${qs({ type: 'aws.ec2.instance', limit: '5', cursor })}`);
      expect(again.status).toBe(200);
      for (const url of [
        `/api/v1/tenants/bulk/nodes?${qs({ type: 'aws.s3.bucket', cursor })}`,
        `/api/v1/tenants/bulk/nodes?${qs({ cursor: 'bm90LWEtY3Vyc29y' })}`,
        `/api/v1/tenants/bulk/nodes?${qs({ type: 'aws.ec2.instance', cursor: Buffer.from(JSON.stringify({ q: JSON.parse(Buffer.from(cursor, 'base64url').toString()).q, c: 'forged' })).toString('base64url') })}`,
      ]) {
        expect(await get(url)).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
      }
    });
  });

  describe('GET /nodes/{nodeID}', () => {
    it('answers a URL-encoded ARN with the node and its active edges both ways, paged with links', async () => {
      const { status, body } = await get(nodeUrl('acme', HUB, '?edges_limit=2'));
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: HUB, type: 'aws.ec2.security_group', status: 'active' });
      const edges = body['edges'] as Record<'outgoing' | 'incoming', Json>;
      expect(edges.outgoing).toEqual({ items: [] });
      expect((edges.incoming['items'] as Json[]).map((e) => e['from'])).toEqual([INSTANCE, LEAVES[0]]);
      expect(edges.incoming['items']).toEqual(expect.arrayContaining([expect.objectContaining({ to: HUB, type: 'uses_security_group', status: 'active', first_seen_job: 'job-a1' })]));

      const rest: string[] = [];
      let next = edges.incoming['next'] as string | undefined;
      while (next) {
        expect(next).toMatch(/^\/api\/v1\/tenants\/acme\/edges\?to=/);
        const page = await get(next);
        rest.push(...(page.body['items'] as Json[]).map((e) => String(e['from'])));
        next = page.body['next_cursor'] ? `/api/v1/tenants/acme/edges?${qs({ to: HUB, limit: '2', cursor: String(page.body['next_cursor']) })}` : undefined;
      }
      expect(rest).toEqual(LEAVES.slice(1));
    });

    it('shows outgoing edges, including those to nodes discovery never found', async () => {
      const { body } = await get(nodeUrl('acme', INSTANCE));
      const outgoing = (body['edges'] as Record<string, Json>)['outgoing']!;
      expect((outgoing['items'] as Json[]).map((e) => [e['type'], e['to']])).toEqual(
        [
          ['in_subnet', SUBNET],
          ['peers_with', GHOST],
          ['uses_security_group', HUB],
        ].sort((a, b) => compareInStoreOrder(`${INSTANCE}|${a[0]}|${a[1]}`, `${INSTANCE}|${b[0]}|${b[1]}`)),
      );
      expect(outgoing['next']).toBeUndefined();
    });

    it('answers 404 node_not_found for an unknown node, and keeps tenants apart', async () => {
      expect(await get(nodeUrl('acme', ARN('instance', 'i-nope')))).toMatchObject({ status: 404, body: { code: 'node_not_found' } });
      expect(await get(nodeUrl('acme', ARN('instance', 'i-nope'), '/history'))).toMatchObject({ status: 404, body: { code: 'node_not_found' } });
      expect(await get(nodeUrl('acme', ARN('instance', 'i-nope'), '/neighbors'))).toMatchObject({ status: 404, body: { code: 'node_not_found' } });
      expect((await get(nodeUrl('globex', INSTANCE), 'nodes:read@globex')).body).toMatchObject({ name: 'globex-web' });
      expect((await get(nodeUrl('acme', INSTANCE))).body).toMatchObject({ name: 'web-1' });
      expect(await get(nodeUrl('globex', HUB), 'nodes:read@globex')).toMatchObject({ status: 404 });
    });
  });

  describe('GET /nodes/{nodeID}/neighbors', () => {
    const neighborIds = (body: Json) => (body['nodes'] as Json[]).map((n) => [n['id'], n['depth']]);

    it('follows edges both ways, one to three hops', async () => {
      const one = await get(nodeUrl('acme', SUBNET, '/neighbors'));
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ root: { id: SUBNET, type: 'aws.ec2.subnet' }, depth: 1, truncated: false });
      expect(neighborIds(one.body)).toEqual([
        [INSTANCE, 1],
        [VPC, 1],
      ]);
      const two = await get(nodeUrl('acme', SUBNET, '/neighbors?depth=2'));
      expect(neighborIds(two.body)).toEqual(
        expect.arrayContaining([
          [ACCOUNT, 2],
          [HUB, 2],
          [GHOST, 2],
        ]),
      );
      expect(neighborIds(two.body)).toHaveLength(5);
      const three = await get(nodeUrl('acme', SUBNET, '/neighbors?depth=3'));
      expect(neighborIds(three.body)).toEqual(expect.arrayContaining(LEAVES.map((leaf) => [leaf, 3])));
      expect(neighborIds(three.body)).toHaveLength(10);
      expect(three.body['edges']).toEqual(expect.arrayContaining([{ from: LEAVES[4], to: HUB, type: 'uses_security_group' }, { from: SUBNET, to: VPC, type: 'in_vpc' }]));
      expect((three.body['nodes'] as Json[]).find((n) => n['id'] === GHOST)).toEqual({ id: GHOST, depth: 2, known: false });
      expect((three.body['nodes'] as Json[]).find((n) => n['id'] === VPC)).toMatchObject({ known: true, type: 'aws.ec2.vpc', name: 'main', status: 'active' });
    });

    it('follows one direction and edge types only when asked', async () => {
      const out = await get(nodeUrl('acme', SUBNET, '/neighbors?depth=3&direction=out'));
      expect(neighborIds(out.body)).toEqual([
        [VPC, 1],
        [ACCOUNT, 2],
      ]);
      const typed = await get(nodeUrl('acme', INSTANCE, '/neighbors?depth=3&edge_type=in_subnet,in_vpc'));
      expect(neighborIds(typed.body)).toEqual([
        [SUBNET, 1],
        [VPC, 2],
      ]);
    });

    it('stops at the node cap and says truncated', async () => {
      const capped = await get(nodeUrl('acme', HUB, '/neighbors?limit=3'));
      expect(capped.body['truncated']).toBe(true);
      expect(capped.body['nodes']).toHaveLength(3);
      const kept = new Set([HUB, ...(capped.body['nodes'] as Json[]).map((n) => n['id'])]);
      expect((capped.body['edges'] as Json[]).every((e) => kept.has(e['from']) && kept.has(e['to']))).toBe(true);
      const exact = await get(nodeUrl('acme', HUB, '/neighbors?limit=6'));
      expect(exact.body).toMatchObject({ truncated: false });
      expect(exact.body['nodes']).toHaveLength(6);
    });

    it('refuses depth beyond 3 and other bad parameters', async () => {
      for (const query of ['depth=4', 'depth=0', 'limit=501', 'direction=up', 'hops=2']) {
        expect({ query, ...(await get(nodeUrl('acme', HUB, `/neighbors?${query}`))).body }).toMatchObject({ query, code: 'validation_error' });
      }
    });
  });

  describe('GET /nodes/{nodeID}/history', () => {
    it('lists created, updated (with the changed fields), removed and restored, newest first', async () => {
      const { status, body } = await get(nodeUrl('acme', CHANGING, '/history'));
      expect(status).toBe(200);
      expect(body).toEqual({
        node_id: CHANGING,
        truncated: false,
        items: [
          { change: 'restored', job_id: 'job-a4', at: T4.toISOString(), changed: [] },
          { change: 'removed', job_id: 'job-a3', at: T3.toISOString() },
          {
            change: 'updated',
            job_id: 'job-a2',
            at: T2.toISOString(),
            changed: ['attributes.state', 'tags'],
            fields: [
              { field: 'attributes.state', old: 'running', new: 'stopped' },
              { field: 'tags', old: {}, new: { owner: 'ops' } },
            ],
            truncated: false,
          },
          { change: 'created', job_id: 'job-a1', at: T1.toISOString() },
        ],
      });
    });

    it('shows only the creation of a node that never changed', async () => {
      expect((await get(nodeUrl('acme', VPC, '/history'))).body['items']).toEqual([{ change: 'created', job_id: 'job-a1', at: T1.toISOString() }]);
    });
  });

  describe('GET /edges', () => {
    it('filters by from, to and type, and pages', async () => {
      const from = await pageAll('/api/v1/tenants/acme/edges', { from: INSTANCE }, 1);
      expect(from.map((e) => e['to']).sort()).toEqual([GHOST, HUB, SUBNET].sort());
      const to = await pageAll('/api/v1/tenants/acme/edges', { to: HUB }, 2);
      expect(to.map((e) => e['from']).sort()).toEqual([INSTANCE, ...LEAVES].sort());
      const both = await pageAll('/api/v1/tenants/acme/edges', { from: INSTANCE, to: HUB }, 10);
      expect(both.map((e) => e['type'])).toEqual(['uses_security_group']);
      const typed = await pageAll('/api/v1/tenants/acme/edges', { type: 'in_vpc,in_account' }, 1);
      expect(typed.map((e) => e['type']).sort()).toEqual(['in_account', 'in_vpc']);
      const all = await pageAll('/api/v1/tenants/acme/edges', {}, 4);
      expect(all).toHaveLength(10);
      expect(all.map((e) => `${String(e['from'])}|${String(e['type'])}|${String(e['to'])}`)).toEqual(
        all.map((e) => `${String(e['from'])}|${String(e['type'])}|${String(e['to'])}`).sort(compareInStoreOrder),
      );
      expect(await pageAll('/api/v1/tenants/acme/edges', { status: 'removed' }, 10)).toEqual([]);
    });

    it('refuses unknown parameters and bad limits', async () => {
      expect((await get('/api/v1/tenants/acme/edges?kind=x')).status).toBe(400);
      expect((await get('/api/v1/tenants/acme/edges?limit=1001')).status).toBe(400);
    });
  });

  describe('GET /graph/summary', () => {
    it('counts active nodes by provider, type, account and region as of the last reconcile', async () => {
      const { status, body } = await get('/api/v1/tenants/bulk/graph/summary');
      expect(status).toBe(200);
      const active = (await storedNodes('bulk')).filter((n) => n.status === 'active');
      const countBy = (key: (n: StoredNode) => string | undefined) => {
        const counts: Record<string, number> = {};
        for (const n of active) {
          const value = key(n);
          if (value !== undefined) counts[value] = (counts[value] ?? 0) + 1;
        }
        return counts;
      };
      expect(body).toEqual({
        total_nodes: active.length,
        by_provider: countBy((n) => n.provider),
        by_type: countBy((n) => n.type),
        by_account: countBy((n) => n.account),
        by_region: countBy((n) => n.region),
        computed_at: T2.toISOString(),
      });
      expect(body['by_provider']).toEqual({ aws: expect.any(Number), kubernetes: 60 });
    });

    it('counts on the spot for a tenant not reconciled yet, and answers zeros for an empty one', async () => {
      const batch = { tenantId: 'fresh', jobId: 'job-f1', plugin: 'aws', attempt: 1, sequence: 0, scope: 'aws:1', edges: [] };
      await new BatchIngestor({ readStore }).ingest({ ...batch, nodes: [node('a'), node('b', { type: 'aws.s3.bucket', region: undefined })] });
      expect((await get('/api/v1/tenants/fresh/graph/summary')).body).toMatchObject({
        total_nodes: 2,
        by_provider: { aws: 2 },
        by_type: { 'aws.ec2.instance': 1, 'aws.s3.bucket': 1 },
        by_account: { '111111111111': 2 },
        by_region: { 'eu-west-1': 1 },
      });
      expect((await get('/api/v1/tenants/acme/graph/summary')).body).toMatchObject({ total_nodes: 11, by_type: { 'aws.ec2.network_interface': 5 }, computed_at: T4.toISOString() });
    });
  });

  describe('access', () => {
    const routes = () => [
      '/api/v1/tenants/acme/nodes',
      nodeUrl('acme', INSTANCE),
      nodeUrl('acme', INSTANCE, '/neighbors'),
      nodeUrl('acme', INSTANCE, '/history'),
      '/api/v1/tenants/acme/edges',
      '/api/v1/tenants/acme/graph/summary',
    ];

    it('needs nodes:read on every route: 403 without it, 401 without a token', async () => {
      for (const url of routes()) {
        expect({ url, ...(await get(url, 'jobs:read@acme')) }).toMatchObject({ url, status: 403, body: { code: 'forbidden' } });
        expect({ url, ...(await get(url, 'garbage')) }).toMatchObject({ url, status: 401 });
        expect({ url, status: (await get(url)).status }).toEqual({ url, status: 200 });
      }
    });

    it("refuses another tenant's token on every route", async () => {
      for (const url of routes()) expect({ url, ...(await get(url, 'nodes:read@globex')) }).toMatchObject({ url, status: 403 });
    });
  });

  it('documents the graph routes in the OpenAPI document, without problems', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as Json;
    expect(openApiProblems(document)).toEqual([]);
    const paths = document['paths'] as Record<string, Record<string, Json>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantID}/nodes',
        '/api/v1/tenants/{tenantID}/nodes/{nodeID}',
        '/api/v1/tenants/{tenantID}/nodes/{nodeID}/neighbors',
        '/api/v1/tenants/{tenantID}/nodes/{nodeID}/history',
        '/api/v1/tenants/{tenantID}/edges',
        '/api/v1/tenants/{tenantID}/graph/summary',
      ]),
    );
    expect(paths['/api/v1/tenants/{tenantID}/nodes']!['get']!['x-required-permissions']).toEqual(['nodes:read']);
  });
});
