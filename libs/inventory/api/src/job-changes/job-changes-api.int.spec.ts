import { join } from 'node:path';
import { Module } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { jobChangeItemSchema } from '@strata/contracts';
import { createHttpApp, type Principal, type PrincipalResolver } from '@strata/platform-http';
import { createLogger } from '@strata/platform-observability';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { StorageModule } from '@strata/platform-runtime';
import { makeTempDir, type TempDir } from '@strata/testing';
import { node, runJob, type RunEstate } from '../fixtures/graph-fixtures';
import { GraphApiModule } from '../graph-api.module';
import { JobChangeSummaryReader, jobExistenceView } from './job-change-summary-reader';

type Json = Record<string, unknown>;

// Tokens are `<permission>@<tenant>`.
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

/**
 * acme's scope, twice. job-1 finds a, b, c, e (a bucket) and d-less edges; job-2 finds a stopped,
 * c gone, d new, the edge a → e no longer reported though both remain, and a new edge a → d.
 */
function estate(second: boolean): RunEstate {
  const nodes = [
    node('a', { attributes: { state: second ? 'stopped' : 'running' } }),
    node('b'),
    ...(second ? [node('d', { region: 'us-east-1' })] : [node('c')]),
    node('e', { type: 'aws.s3.bucket', region: undefined }),
  ];
  const edges = second
    ? [
        { from: 'a', to: 'b', type: 'uses' },
        { from: 'a', to: 'd', type: 'uses' },
      ]
    : [
        { from: 'a', to: 'b', type: 'uses' },
        { from: 'b', to: 'c', type: 'uses' },
        { from: 'a', to: 'e', type: 'reads' },
      ];
  return { plugin: 'aws', scope: 'aws:111111111111', nodes, edges };
}

describe('GET /jobs/{jobID}/changes over HTTP (real SQLite)', () => {
  let dir: TempDir;
  let readStore: ReadStore;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    dir = await makeTempDir();
    readStore = openSqliteReadStore(join(dir.path, 'strata.db'));
    await runJob(readStore, 'acme', 'job-1', [estate(false)], T1);
    await runJob(readStore, 'acme', 'job-2', [estate(true)], T2);
    await runJob(readStore, 'globex', 'job-g1', [{ plugin: 'aws', scope: 'aws:999', nodes: [node('a', { name: 'globex-a' })], edges: [] }], T1);
    // The jobs' read model (the jobs context's) says which jobs each tenant has; job-3 has not reached inventory yet.
    for (const [tenant, job] of [['acme', 'job-1'], ['acme', 'job-2'], ['acme', 'job-3'], ['globex', 'job-g1']] as const) {
      await readStore.collection(jobExistenceView).forTenant(tenant).upsert(job, { id: job });
    }
    @Module({ imports: [StorageModule.forInstances({ readStore }), GraphApiModule] })
    class RootModule {}
    app = await createHttpApp(RootModule, { logger: createLogger({ name: 'job-changes-test', level: 'silent' }), principalResolver: resolver });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    await dir?.remove();
  });

  async function get(url: string, token = `nodes:read@${url.split('/')[4] ?? ''}`): Promise<{ status: number; body: Json }> {
    const response = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    return { status: response.statusCode, body: JSON.parse(response.body) as Json };
  }
  const changes = (tenant: string, job: string, query = '') => get(`/api/v1/tenants/${tenant}/jobs/${job}/changes${query ? `?${query}` : ''}`);
  const keyOf = (item: Json) => `${item['kind'] as string}:${item['change'] as string}:${item['kind'] === 'node' ? (item['id'] as string) : `${item['from'] as string}->${item['to'] as string}`}`;
  const keys = (body: Json) => (body['items'] as Json[]).map(keyOf).sort();

  it("lists what the job added, changed (old → new) and removed, stale edges between remaining nodes included", async () => {
    const { status, body } = await changes('acme', 'job-2');
    expect(status).toBe(200);
    expect(keys(body)).toEqual(['edge:added:a->d', 'edge:removed:a->e', 'edge:removed:b->c', 'node:added:d', 'node:changed:a', 'node:removed:c'].sort());
    for (const item of body['items'] as Json[]) expect(jobChangeItemSchema.safeParse(item).success).toBe(true);
    const changed = (body['items'] as Json[]).find((item) => item['change'] === 'changed');
    expect(changed).toMatchObject({ kind: 'node', id: 'a', type: 'aws.ec2.instance', fields: [{ field: 'attributes.state', old: 'running', new: 'stopped' }], fields_total: 1, truncated: false });
    expect(body['page']).toEqual({ limit: 50, next_cursor: null, has_more: false });
  });

  it("lists a first discovery's nodes and edges as added", async () => {
    const { body } = await changes('acme', 'job-1');
    expect(keys(body)).toEqual(['edge:added:a->b', 'edge:added:a->e', 'edge:added:b->c', 'node:added:a', 'node:added:b', 'node:added:c', 'node:added:e'].sort());
  });

  it('filters by change, type, account and region (account and region leave edges out)', async () => {
    expect(keys((await changes('acme', 'job-2', 'change=removed')).body)).toEqual(['edge:removed:a->e', 'edge:removed:b->c', 'node:removed:c']);
    expect(keys((await changes('acme', 'job-2', 'change=added')).body)).toEqual(['edge:added:a->d', 'node:added:d']);
    expect(keys((await changes('acme', 'job-2', 'change=changed')).body)).toEqual(['node:changed:a']);
    expect(keys((await changes('acme', 'job-2', 'type=uses')).body)).toEqual(['edge:added:a->d', 'edge:removed:b->c']);
    expect(keys((await changes('acme', 'job-1', 'type=aws.s3.bucket')).body)).toEqual(['node:added:e']);
    expect(keys((await changes('acme', 'job-2', 'account=111111111111')).body)).toEqual(['node:added:d', 'node:changed:a', 'node:removed:c']);
    expect(keys((await changes('acme', 'job-2', 'region=us-east-1')).body)).toEqual(['node:added:d']);
    expect(keys((await changes('acme', 'job-2', 'account=222')).body)).toEqual([]);
  });

  it('pages through the cursor: every change once, whatever the page size', async () => {
    const all = keys((await changes('acme', 'job-2')).body);
    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const { status, body }: { status: number; body: Json } = await changes('acme', 'job-2', `limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(status).toBe(200);
        const items = body['items'] as Json[];
        expect(items.length).toBeLessThanOrEqual(limit);
        seen.push(...items.map(keyOf));
        const page = body['page'] as { next_cursor: string | null; has_more: boolean; limit: number };
        expect(page.limit).toBe(limit);
        expect(page.has_more).toBe(page.next_cursor !== null);
        cursor = page.next_cursor;
        if (!cursor) break;
      }
      expect(cursor).toBeNull();
      expect(seen.sort()).toEqual(all);
    }
  });

  it('counts the changes per kind and type, in all and per scope', async () => {
    const { status, body } = await get('/api/v1/tenants/acme/jobs/job-2/changes/summary');
    expect(status).toBe(200);
    expect(body).toEqual({
      job_id: 'job-2',
      complete: true,
      nodes: { added: 1, changed: 1, removed: 1 },
      edges: { added: 1, removed: 2 },
      by_type: [
        { kind: 'node', type: 'aws.ec2.instance', added: 1, changed: 1, removed: 1 },
        { kind: 'edge', type: 'reads', added: 0, changed: 0, removed: 1 },
        { kind: 'edge', type: 'uses', added: 1, changed: 0, removed: 1 },
      ],
      scopes: [expect.objectContaining({ scope: 'aws:111111111111', nodes: { added: 1, changed: 1, removed: 1 }, edges: { added: 1, removed: 2 } })],
    });
    // The reader other contexts call gives the same, and nothing for a job the tenant does not have.
    const reader = new JobChangeSummaryReader(readStore);
    expect(await reader.get('acme', 'job-2')).toEqual(body);
    expect(await reader.get('globex', 'job-2')).toBeUndefined();
    // A job inventory has not heard of yet: nothing changed so far, not complete.
    expect((await get('/api/v1/tenants/acme/jobs/job-3/changes/summary')).body).toMatchObject({ complete: false, nodes: { added: 0, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 } });
  });

  it("answers 404 with the envelope for another tenant's job and an unknown one", async () => {
    for (const url of ['/api/v1/tenants/globex/jobs/job-2/changes', '/api/v1/tenants/globex/jobs/job-2/changes/summary', '/api/v1/tenants/acme/jobs/job-g1/changes', '/api/v1/tenants/acme/jobs/nope/changes/summary']) {
      const { status, body } = await get(url);
      expect({ url, status, code: body['code'] }).toEqual({ url, status: 404, code: 'job_not_found' });
      expect(typeof body['error']).toBe('string');
      expect(JSON.stringify(body)).not.toContain('globex-a');
    }
  });

  it('refuses bad filters and cursors with 400, and a token without nodes:read', async () => {
    for (const query of ['change=modified', 'limit=0', 'limit=501', 'limit=abc', 'colour=red', 'type=', 'cursor=garbage']) {
      const { status, body } = await changes('acme', 'job-2', query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(typeof body['error']).toBe('string');
      expect(typeof body['code']).toBe('string');
    }
    // A cursor of another list (other filters, another job) is not one of this list.
    const first = await changes('acme', 'job-2', 'limit=1');
    const cursor = (first.body['page'] as { next_cursor: string }).next_cursor;
    for (const other of [`change=removed&cursor=${cursor}`, `cursor=${cursor}`.replace('job-2', 'job-1')]) {
      expect((await changes('acme', 'job-1', other)).status).toBe(400);
    }
    expect((await get('/api/v1/tenants/acme/jobs/job-2/changes', 'jobs:read@acme')).status).toBe(403);
    expect((await get('/api/v1/tenants/acme/jobs/job-2/changes', 'nodes:read@globex')).status).toBe(403);
  });
});
