import { findingsCollection, ruleHealthCollection } from '@strata/audit-feature';
import type { InventoryNode } from '@strata/inventory-domain';
import { edgesCollection, nodeDocument, nodesCollection } from '@strata/inventory-feature';
import { startGatewayHarness, type ApiResponse, type GatewayHarness } from './fixtures/gateway-harness';

const ACME = 'acme-rules';
const GLOBEX = 'globex-rules';

function node(id: string, type: string, attributes: Record<string, unknown>, status: 'active' | 'removed' = 'active'): InventoryNode {
  return {
    id, type, provider: type.split('.')[0]!, name: id, account: '111111111111', region: 'us-east-1', tags: {}, attributes, status, scope: 'aws:1',
    first_seen: '2026-11-20T10:00:00.000Z', last_seen: '2026-11-20T10:00:00.000Z', removed_at: null, first_seen_job: 'job-1', last_seen_job: 'job-1', last_changed_job: 'job-1',
    removed_in_job: null, updated_in_job: null, content_hash: 'h',
  } as unknown as InventoryNode;
}

const edge = (from: string, type: string, to: string) => ({
  id: `${from}|${type}|${to}`,
  doc: { from, type, to, scope: 'aws:1', status: 'active' as const, first_seen: '', last_seen: '', removed_at: null, first_seen_job: 'job-1', last_seen_job: 'job-1', removed_in_job: null },
});

// Twelve volumes: the even ones attached to the instance; vol-10 is removed, so no rule sees it.
const VOLUMES = Array.from({ length: 12 }, (_, i) => node(`vol-${String(i).padStart(2, '0')}`, 'aws.ec2.volume', { size_gb: 100, volume_type: 'gp3', encrypted: i % 3 !== 0 }, i === 10 ? 'removed' : 'active'));

const unattached = {
  id: 'acme-unattached-volume',
  title: 'Volume attached to nothing',
  severity: 'low',
  kind: 'cost',
  resource_types: ['aws.ec2.volume'],
  condition: 'node.outgoingCount("attached_to") == 0',
  savings: 'node.attributes.size_gb * price("ebs." + node.attributes.volume_type + ".gb_month")',
  remediation: 'Delete it.',
  frameworks: { 'nist-800-53-r5': ['CM-7'] },
  examples: [
    { expect: 'violated', node: { attributes: { size_gb: 10, volume_type: 'gp3' } }, savings: 0.8 },
    { expect: 'compliant', node: { attributes: { size_gb: 10, volume_type: 'gp3' }, edges: [{ direction: 'out', type: 'attached_to', node: { type: 'aws.ec2.instance' } }] } },
  ],
};

describe('Rules API through the gateway', () => {
  let harness: GatewayHarness;
  let writer: string;
  let reader: string;
  let other: string;
  const call = (method: string, url: string, body?: unknown, bearer = writer): Promise<ApiResponse> => harness.call(method, url, bearer, body);
  const rules = (suffix = '', tenant = ACME) => `/api/v1/tenants/${tenant}/rules${suffix}`;

  beforeAll(async () => {
    harness = await startGatewayHarness('rulesgw');
    const { admin, readStore } = harness;
    for (const id of [ACME, GLOBEX]) expect((await harness.call('POST', '/api/v1/tenants', admin, { id, name: id })).status).toBe(201);
    const token = async (tenant: string, permissions: string[]) => String((await harness.call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: 'rules', permissions })).body['token']);
    writer = await token(ACME, ['rules:write', 'findings:read']);
    reader = await token(ACME, ['findings:read']);
    other = await token(GLOBEX, ['rules:write', 'findings:read']);
    await readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert([...VOLUMES, node('i-1', 'aws.ec2.instance', {})].map((n) => ({ id: n.id, doc: nodeDocument(n) })));
    await readStore.collection(edgesCollection).forTenant(ACME).bulkUpsert(VOLUMES.filter((_, i) => i % 2 === 0).map((v) => edge(v.id, 'attached_to', 'i-1')));
  });

  afterAll(() => harness?.close());

  it('lists the built-in rules with their pack and enabled flag, pages with a cursor, and filters', async () => {
    const first = await call('GET', `${rules()}?limit=10`, undefined, reader);
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(10);
    const total = Number(first.body['total']);
    // aws, demo and kubernetes packs.
    expect(total).toBeGreaterThanOrEqual(67 + 11 + 37);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiResponse = await call('GET', `${rules()}?limit=25${cursor ? `&cursor=${cursor}` : ''}`, undefined, reader);
      ids.push(...page.body.items!.map((item) => String(item['id'])));
      cursor = (page.body['page'] as { next_cursor: string | null }).next_cursor;
    } while (cursor);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    const cost = await call('GET', `${rules()}?pack=aws&kind=cost&limit=500`, undefined, reader);
    expect(cost.body.items!.every((item) => item['pack'] === 'aws' && item['kind'] === 'cost' && item['source'] === 'builtin' && item['enabled'] === true)).toBe(true);
    expect(cost.body['total']).toBeGreaterThanOrEqual(12);
    const kubernetes = await call('GET', `${rules()}?pack=kubernetes&limit=500`, undefined, reader);
    expect(kubernetes.body.items!.every((item) => item['pack'] === 'kubernetes' && String(item['id']).startsWith('k8s-') && item['source'] === 'builtin')).toBe(true);
    expect(kubernetes.body['total']).toBeGreaterThanOrEqual(37);
    const volumes = await call('GET', `${rules()}?resource_type=aws.ec2.volume&limit=500`, undefined, reader);
    expect(volumes.body.items!.every((item) => (item['resource_types'] as string[]).includes('aws.ec2.volume'))).toBe(true);
    expect((await call('GET', `${rules()}?cursor=nope`, undefined, reader)).status).toBe(400);
    expect((await call('GET', `${rules()}?colour=red`, undefined, reader)).status).toBe(400);
  });

  it('creates a rule of the tenant\'s own once its CEL compiles and its examples hold, and refuses what does not', async () => {
    const created = await call('POST', rules(), unattached);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: unattached.id, source: 'custom', pack: 'custom', enabled: true, examples: 2, last_error: null });
    expect(await call('GET', rules(`/${unattached.id}`), undefined, reader)).toMatchObject({ status: 200, body: { id: unattached.id, condition: unattached.condition } });
    expect((await call('POST', rules(), unattached)).body).toMatchObject({ code: 'rule_exists' });
    expect((await call('POST', rules(), { ...unattached, id: 'aws-ebs-volume-unattached' })).status).toBe(409);

    const refused = async (rule: Record<string, unknown>) => {
      const response = await call('POST', rules(), { ...unattached, id: 'acme-refused', ...rule });
      expect(response.status).toBe(400);
      return response.body;
    };
    expect(await refused({ condition: 'node.attributes.size_gb >' })).toMatchObject({ code: 'validation_error', details: [{ path: 'condition', message: expect.stringContaining('Unexpected token') }] });
    expect(await refused({ condition: 'node.outgoing(3).size() > 0' })).toMatchObject({ details: [{ path: 'condition', message: expect.stringContaining("no matching overload for 'map.outgoing(int)'") }] });
    expect(await refused({ savings: '"lots"' })).toMatchObject({ details: [{ path: 'savings', message: 'must be double, not string' }] });
    expect(await refused({ frameworks: { 'nist-800-53-r5': ['XX-99'] } })).toMatchObject({ details: [{ path: 'frameworks.nist-800-53-r5' }] });
    expect(await refused({ examples: [{ expect: 'compliant', node: { attributes: { size_gb: 10, volume_type: 'gp3' } } }] })).toMatchObject({ details: [{ path: 'examples', message: 'example 1: expected compliant, got violated' }] });
    expect(await refused({ severity: 'urgent' })).toMatchObject({ code: 'validation_error' });
    expect(await refused({ kind: 'compliance' })).toMatchObject({ details: [{ path: 'savings' }] });
    // Nothing of the refused rule was written.
    expect((await call('GET', rules('/acme-refused'), undefined, reader)).status).toBe(404);
  });

  it("knows the tenant's own rules in the Findings API: framework filters, detail, posture, and a disabled rule evidences nothing", async () => {
    const id = `${unattached.id}:vol-01`;
    await harness.readStore.collection(findingsCollection).forTenant(ACME).upsert(id, {
      rule_id: unattached.id, node_id: 'vol-01', node_type: 'aws.ec2.volume', node_name: 'vol-01', account: '111111111111', region: 'us-east-1', scope: 'aws:1',
      kind: 'cost', severity: 'low', severity_rank: 1, title: unattached.title, reason: 'unattached', monthly_savings_usd: 8, savings_note: null,
      frameworks: [{ framework: 'nist-800-53-r5', control: 'CM-7' }], status: 'open', mute: null, first_seen: '2026-12-01T00:00:00.000Z', opened_at: '2026-12-01T00:00:00.000Z',
      updated_at: '2026-12-01T00:00:00.000Z', resolved_at: null, opened_in_job: 'job-1', resolved_in_job: null, history: [],
    });
    const filtered = await call('GET', `/api/v1/tenants/${ACME}/findings?framework=nist-800-53-r5&control=CM-7`, undefined, reader);
    expect(filtered.body.items!.map((item) => item['id'])).toContain(id);
    expect((await call('GET', `/api/v1/tenants/${ACME}/findings/${encodeURIComponent(id)}`, undefined, reader)).body).toMatchObject({ remediation: 'Delete it.' });
    const cm7 = async () => ((await call('GET', `/api/v1/tenants/${ACME}/compliance/frameworks/nist-800-53-r5`, undefined, reader)).body['controls'] as { id: string; status: string; rules: string[] }[]).find((c) => c.id === 'CM-7')!;
    expect(await cm7()).toMatchObject({ status: 'failing' });
    expect((await cm7()).rules).toContain(unattached.id);
    expect((await call('PATCH', rules(`/${unattached.id}`), { enabled: false })).status).toBe(200);
    expect((await cm7()).rules).not.toContain(unattached.id);
    expect((await call('PATCH', rules(`/${unattached.id}`), { enabled: true })).status).toBe(200);
    await harness.readStore.collection(findingsCollection).forTenant(ACME).delete(id);
  });

  it('dry-runs a posted rule or a stored one over the current graph, writing nothing', async () => {
    const posted = await call('POST', rules('/dry-run'), { rule: { ...unattached, id: undefined }, limit: 2 });
    expect(posted.status).toBe(200);
    // The odd volumes but removed vol-10... which is even anyway: vol-01, 03, 05, 07, 09, 11.
    expect(posted.body).toMatchObject({ rule_id: 'dry-run', count: 6, evaluated: 11, not_judged: 0, errors: 0, complete: true, estimated_monthly_savings: 48 });
    expect((posted.body['matches'] as unknown[]).length).toBe(2);
    // The document alone, as it would be posted to /rules, is a dry run of it too.
    expect((await call('POST', rules('/dry-run'), { ...unattached, id: 'bare-rule' })).body).toMatchObject({ rule_id: 'bare-rule', count: 6, matches: expect.any(Array) });
    const stored = await call('POST', rules('/dry-run'), { rule_id: 'aws-ebs-volume-unencrypted' });
    expect(stored.body).toMatchObject({ rule_id: 'aws-ebs-volume-unencrypted', count: 4, evaluated: 11 });
    expect((await call('POST', rules('/dry-run'), { rule_id: 'nope-rule' })).status).toBe(404);
    expect((await call('POST', rules('/dry-run'), {})).status).toBe(400);
    expect((await call('POST', rules('/dry-run'), { rule: { ...unattached, condition: 'node.size ==' } })).body).toMatchObject({ code: 'validation_error', details: [{ path: 'condition' }] });
    const globex = await call('POST', rules('/dry-run', GLOBEX), { rule: unattached }, other);
    expect(globex.body).toMatchObject({ count: 0, evaluated: 0 });
  });

  it('disables and enables any rule, changes and deletes only the tenant\'s own', async () => {
    expect((await call('PATCH', rules('/aws-ebs-volume-unencrypted'), { enabled: false })).body).toMatchObject({ enabled: false, source: 'builtin' });
    expect((await call('GET', `${rules()}?enabled=false`, undefined, reader)).body.items!.map((item) => item['id'])).toEqual(['aws-ebs-volume-unencrypted']);
    expect((await call('PATCH', rules('/aws-ebs-volume-unencrypted'), { title: 'Mine now' })).body).toMatchObject({ code: 'builtin_rule_readonly' });
    expect((await call('DELETE', rules('/aws-ebs-volume-unencrypted'))).body).toMatchObject({ code: 'builtin_rule' });
    expect((await call('PATCH', rules('/aws-ebs-volume-unencrypted'), { enabled: true })).body).toMatchObject({ enabled: true });

    const changed = await call('PATCH', rules(`/${unattached.id}`), { severity: 'medium', reason: '"unattached: " + node.name' });
    expect(changed.body).toMatchObject({ severity: 'medium', reason: '"unattached: " + node.name' });
    expect((await call('PATCH', rules(`/${unattached.id}`), { condition: 'node.x ==' })).body).toMatchObject({ code: 'validation_error', details: [{ path: 'condition' }] });
    expect((await call('GET', rules(`/${unattached.id}`), undefined, reader)).body).toMatchObject({ severity: 'medium', condition: unattached.condition });
    expect((await call('PATCH', rules(`/${unattached.id}`), {})).status).toBe(400);
    expect((await call('PATCH', rules('/nope-rule'), { enabled: false })).status).toBe(404);

    expect((await call('DELETE', rules(`/${unattached.id}`))).status).toBe(204);
    expect((await call('GET', rules(`/${unattached.id}`), undefined, reader)).status).toBe(404);
    expect((await call('DELETE', rules(`/${unattached.id}`))).status).toBe(404);
  });

  it('shows the last error a rule raised in an audit', async () => {
    const at = '2026-12-05T10:00:00.000Z';
    await harness.readStore.collection(ruleHealthCollection).forTenant(ACME).upsert('aws-ebs-volume-gp2', {
      rule_id: 'aws-ebs-volume-gp2',
      last_error: { message: 'no such overload', node_id: 'vol-01', nodes: 3, job_id: 'job-9', at },
      last_evaluated_at: at,
    });
    expect((await call('GET', rules('/aws-ebs-volume-gp2'), undefined, reader)).body).toMatchObject({ last_error: { message: 'no such overload', nodes: 3, job_id: 'job-9' }, last_evaluated_at: at });
  });

  it('needs rules:write to change rules and findings:read to read them, and keeps tenants apart', async () => {
    expect((await call('POST', rules(), { ...unattached, id: 'acme-by-reader' }, reader)).status).toBe(403);
    expect((await call('PATCH', rules('/aws-ebs-volume-gp2'), { enabled: false }, reader)).status).toBe(403);
    expect((await call('POST', rules('/dry-run'), { rule_id: 'aws-ebs-volume-gp2' }, reader)).status).toBe(403);
    expect((await call('GET', rules('', GLOBEX), undefined, writer)).status).toBe(403);
    expect((await call('POST', rules('', GLOBEX), { ...unattached, id: 'globex-own' }, other)).status).toBe(201);
    expect((await call('GET', rules('/globex-own'), undefined, reader)).status).toBe(404);
  });
});
