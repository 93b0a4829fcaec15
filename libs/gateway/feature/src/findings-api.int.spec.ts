import { SEVERITIES, SEVERITY_RANK, type CompiledRule, type FindingRecord, type FindingStatus } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { loadFrameworks, loadRulePacks } from '@strata/audit-packs';
import type { InventoryNode } from '@strata/inventory-domain';
import { nodeDocument, nodesCollection } from '@strata/inventory-feature';
import { openApiProblems } from '@strata/platform-http';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const ACME = 'acme-corp';
const GLOBEX = 'globex';
const RULES = loadRulePacks();
const FRAMEWORKS = loadFrameworks();
const rule = (id: string): CompiledRule => RULES.find((r) => r.id === id)!;
// Every built-in rule has findings but versioning-off, whose soc2 control A1.2 then passes on the buckets.
const FINDING_RULES = RULES.filter((r) => r.id !== 'demo-s3-bucket-versioning-off');
const ACCOUNTS = ['111111111111', '222222222222'];
const REGIONS = ['eu-west-1', 'us-east-1'];
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 20, 10, minutes)).toISOString();

/** Finding `i`: rules, statuses, accounts, regions and jobs spread over them; opened_at ties in threes. */
function finding(i: number): { id: string; doc: FindingRecord } {
  const r = FINDING_RULES[i % FINDING_RULES.length]!;
  const account = ACCOUNTS[i % 2]!;
  const region = REGIONS[Math.floor(i / 2) % 2]!;
  const nodeId = `arn:aws:demo:${region}:${account}:thing/n-${String(i).padStart(3, '0')}`;
  const status: FindingStatus = i % 7 === 3 ? 'resolved' : i % 7 === 5 ? 'muted' : 'open';
  const opened = at(Math.floor(i / 3));
  const job = i < 40 ? 'job-1' : 'job-2';
  const mute = status === 'muted' ? { reason: 'accepted risk', until: null, by: 'tok-1', mute_rule_id: null } : null;
  return {
    id: `${r.id}:${nodeId}`,
    doc: {
      rule_id: r.id,
      node_id: nodeId,
      node_type: r.document.resource_types[0]!,
      node_name: `thing-${i}`,
      account,
      region,
      scope: `demo:${account}`,
      kind: r.kind,
      severity: r.severity,
      severity_rank: SEVERITY_RANK[r.severity],
      title: r.title,
      reason: `reason ${i}`,
      monthly_savings_usd: r.kind === 'cost' && i % 4 !== 0 ? 1.25 * i + 0.1 : null,
      savings_note: r.kind === 'cost' && i % 4 === 0 ? 'savings unknown: no price' : null,
      frameworks: r.frameworks.map(({ framework, control }) => ({ framework, control })),
      status,
      mute,
      first_seen: at(0),
      opened_at: opened,
      updated_at: opened,
      resolved_at: status === 'resolved' ? at(100) : null,
      opened_in_job: job,
      resolved_in_job: status === 'resolved' ? 'job-3' : null,
      history: [
        { event: 'opened', at: opened, job_id: job },
        ...(status === 'resolved' ? [{ event: 'resolved' as const, at: at(100), job_id: 'job-3' }] : []),
        ...(status === 'muted' ? [{ event: 'muted' as const, at: at(90), job_id: null, reason: 'accepted risk', by: 'tok-1' }] : []),
      ],
    },
  };
}

const SEEDED = Array.from({ length: 75 }, (_, i) => finding(i));

/** Active nodes per type (and one removed bucket, which posture must not count). */
function node(id: string, type: string, account: string, status: 'active' | 'removed' = 'active'): InventoryNode {
  return {
    id, type, provider: 'demo', name: id, account, region: 'eu-west-1', tags: {}, attributes: {}, status, scope: `demo:${account}`,
    first_seen: at(0), last_seen: at(0), removed_at: null, first_seen_job: 'job-1', last_seen_job: 'job-1', last_changed_job: 'job-1',
    removed_in_job: status === 'removed' ? 'job-2' : null, updated_in_job: null, content_hash: 'h',
  } as unknown as InventoryNode;
}
const NODES = [
  node('b-1', 'demo.s3.bucket', ACCOUNTS[0]!),
  node('b-2', 'demo.s3.bucket', ACCOUNTS[1]!),
  node('b-3', 'demo.s3.bucket', ACCOUNTS[1]!),
  node('b-gone', 'demo.s3.bucket', ACCOUNTS[0]!, 'removed'),
  node('i-1', 'demo.ec2.instance', ACCOUNTS[0]!),
];

type Query = Record<string, string | string[]>;
const qs = (query: Query) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  return params.toString();
};
type Seeded = (typeof SEEDED)[number];
const bySeverity = (a: Seeded, b: Seeded) => b.doc.severity_rank - a.doc.severity_rank || (a.id < b.id ? 1 : -1);
const bySavings = (a: Seeded, b: Seeded) => (b.doc.monthly_savings_usd ?? -1) - (a.doc.monthly_savings_usd ?? -1) || (a.id < b.id ? 1 : -1);
const byOpened = (a: Seeded, b: Seeded) => (a.doc.opened_at < b.doc.opened_at ? 1 : a.doc.opened_at > b.doc.opened_at ? -1 : a.id < b.id ? 1 : -1);
const cents = (value: number) => Math.round(value * 100) / 100;

describe('Findings API through the gateway (findings and nodes seeded in SQLite)', () => {
  let harness: GatewayHarness;
  let reader: string;
  let nodesOnly: string;
  let call: (url: string, bearer?: string) => Promise<ApiResponse>;

  beforeAll(async () => {
    harness = await startGatewayHarness('findingsgw');
    const { admin, readStore } = harness;
    const post = (url: string, body: unknown) => harness.call('POST', url, admin, body);
    for (const id of [ACME, GLOBEX]) expect((await post('/api/v1/tenants', { id, name: id })).status).toBe(201);
    reader = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'ui', permissions: ['findings:read'] })).body['token']);
    nodesOnly = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'graph', permissions: ['nodes:read'] })).body['token']);
    await readStore.collection(findingsCollection).forTenant(ACME).bulkUpsert(SEEDED);
    await readStore.collection(findingsCollection).forTenant(GLOBEX).bulkUpsert([finding(1000)]);
    await readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert(NODES.map((n) => ({ id: n.id, doc: nodeDocument(n) })));
    call = (url, bearer = reader) => harness.call('GET', url, bearer);
  });

  afterAll(() => harness?.close());

  const list = (query: Query = {}) => call(`/api/v1/tenants/${ACME}/findings?${qs(query)}`);

  /** Every page, following next_cursor; the ids in order, and the first page's body. */
  async function pageAll(query: Query, limit: number): Promise<{ ids: string[]; first: Json }> {
    const ids: string[] = [];
    let first: Json | undefined;
    let cursor: string | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page = await list({ ...query, limit: String(limit), ...(cursor ? { cursor } : {}) });
      expect(page.status).toBe(200);
      first ??= page.body;
      const items = page.body.items!;
      expect(items.length).toBeLessThanOrEqual(limit);
      ids.push(...items.map((item) => String(item['id'])));
      const meta = page.body['page'] as { limit: number; next_cursor: string | null; has_more: boolean };
      expect(meta.limit).toBe(limit);
      expect(meta.has_more).toBe(meta.next_cursor !== null);
      if (!meta.has_more) return { ids, first: first! };
      cursor = meta.next_cursor!;
    }
    throw new Error('paging did not end');
  }

  const inFramework = (framework: string, control?: string) => (f: Seeded) =>
    f.doc.frameworks.some((m) => m.framework === framework && (control === undefined || m.control === control));
  const open = (f: Seeded) => f.doc.status === 'open';

  // Each filter (and some together), decided here from the seeded findings by plain JavaScript.
  const cases: [string, Query, (f: Seeded) => boolean][] = [
    ['default: open only (muted and resolved left out)', {}, open],
    ['status=muted', { status: 'muted' }, (f) => f.doc.status === 'muted'],
    ['status=resolved', { status: 'resolved' }, (f) => f.doc.status === 'resolved'],
    ['status=all', { status: 'all' }, () => true],
    ['kind=cost', { kind: 'cost' }, (f) => open(f) && f.doc.kind === 'cost'],
    ['severity, repeated', { severity: ['high', 'critical'] }, (f) => open(f) && ['high', 'critical'].includes(f.doc.severity)],
    ['severity, comma list', { severity: 'low,info' }, (f) => open(f) && ['low', 'info'].includes(f.doc.severity)],
    ['rule_id', { rule_id: 'demo-pod-privileged' }, (f) => open(f) && f.doc.rule_id === 'demo-pod-privileged'],
    ['framework', { framework: 'soc2', status: 'all' }, inFramework('soc2')],
    ['framework + control', { framework: 'nist-800-53-r5', control: 'SC-28' }, (f) => open(f) && inFramework('nist-800-53-r5', 'SC-28')(f)],
    ['framework + rule_id outside it: nothing', { framework: 'soc2', rule_id: 'demo-pod-privileged' }, () => false],
    ['resource_type', { resource_type: 'demo.s3.bucket' }, (f) => open(f) && f.doc.node_type === 'demo.s3.bucket'],
    ['account', { account: ACCOUNTS[1]! }, (f) => open(f) && f.doc.account === ACCOUNTS[1]],
    ['region', { region: 'us-east-1', status: 'all' }, (f) => f.doc.region === 'us-east-1'],
    ['node_id', { node_id: SEEDED[4]!.doc.node_id }, (f) => open(f) && f.id === SEEDED[4]!.id],
    ['job_id', { job_id: 'job-2' }, (f) => open(f) && f.doc.opened_in_job === 'job-2'],
    ['several at once', { kind: 'compliance', account: ACCOUNTS[0]!, region: 'eu-west-1', severity: 'high,medium' }, (f) =>
      open(f) && f.doc.kind === 'compliance' && f.doc.account === ACCOUNTS[0] && f.doc.region === 'eu-west-1' && ['high', 'medium'].includes(f.doc.severity)],
  ];

  it.each(cases)('lists by %s, most severe first, with the total and savings of every match', async (_name, query, expected) => {
    const matched = SEEDED.filter(expected).sort(bySeverity);
    const { ids, first } = await pageAll(query, 7);
    expect(ids).toEqual(matched.map((f) => f.id));
    expect(first['total']).toBe(matched.length);
    expect(first['estimated_monthly_savings']).toBe(cents(matched.reduce((sum, f) => sum + (f.doc.monthly_savings_usd ?? 0), 0)));
  });

  it('has matches for the filters above (the cases test something)', () => {
    expect(SEEDED.filter(open).length).toBeGreaterThan(40);
    expect(SEEDED.filter((f) => open(f) && inFramework('nist-800-53-r5', 'SC-28')(f)).length).toBeGreaterThan(3);
  });

  it.each([
    ['estimated_monthly_savings', bySavings],
    ['opened_at', byOpened],
    ['severity', bySeverity],
  ] as const)('sorts by %s (ties by id), every finding once across pages', async (sort, order) => {
    const expected = [...SEEDED].sort(order).map((f) => f.id);
    for (const limit of [1, 6, 500]) expect((await pageAll({ sort, status: 'all' }, limit)).ids).toEqual(expected);
    expect((await pageAll({ sort }, 8)).ids).toEqual(SEEDED.filter(open).sort(order).map((f) => f.id));
  });

  it('shows a finding as the API names it', async () => {
    const muted = SEEDED.find((f) => f.doc.status === 'muted' && f.doc.kind === 'cost' && f.doc.monthly_savings_usd !== null)!;
    const { body } = await list({ status: 'muted', node_id: muted.doc.node_id });
    expect(body.items).toEqual([
      {
        id: muted.id,
        rule_id: muted.doc.rule_id,
        title: muted.doc.title,
        kind: 'cost',
        severity: muted.doc.severity,
        status: 'muted',
        reason: muted.doc.reason,
        node: { id: muted.doc.node_id, type: muted.doc.node_type, name: muted.doc.node_name, account: muted.doc.account, region: muted.doc.region },
        scope: muted.doc.scope,
        estimated_monthly_savings: muted.doc.monthly_savings_usd,
        currency: 'USD',
        savings_note: null,
        frameworks: muted.doc.frameworks,
        mute: { reason: 'accepted risk', until: null, by: 'tok-1', mute_rule_id: null },
        first_seen: muted.doc.first_seen,
        opened_at: muted.doc.opened_at,
        resolved_at: null,
        opened_in_job: muted.doc.opened_in_job,
        resolved_in_job: null,
      },
    ]);
  });

  it('refuses bad parameters and foreign cursors with 400', async () => {
    for (const query of <Query[]>[
      { status: 'closed' },
      { severity: 'urgent' },
      { kind: 'security' },
      { sort: 'title' },
      { limit: '0' },
      { limit: '501' },
      { limit: 'ten' },
      { unknown: 'x' },
      { control: 'CC6.1' },
    ]) {
      const response = await list(query);
      expect({ query, status: response.status, code: response.body['code'] }).toEqual({ query, status: 400, code: 'validation_error' });
    }
    expect((await list({ framework: 'iso-27001' })).body).toMatchObject({ code: 'unknown_framework' });
    expect((await list({ framework: 'soc2', control: 'ZZ9' })).body).toMatchObject({ code: 'unknown_control' });
    const first = await list({ limit: '5' });
    const cursor = String((first.body['page'] as Json)['next_cursor']);
    expect(await list({ limit: '5', cursor, kind: 'cost' })).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(await list({ cursor: 'not-a-cursor' })).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    // Same filters, another page size: the cursor is the query's, not the page's.
    expect((await list({ limit: '9', cursor })).status).toBe(200);
  });

  it('needs findings:read, and a token of the tenant', async () => {
    const id = encodeURIComponent(SEEDED[0]!.id);
    for (const path of ['findings', 'findings/summary', `findings/${id}`, 'compliance/frameworks', 'compliance/frameworks/soc2']) {
      expect({ path, ...(await call(`/api/v1/tenants/${ACME}/${path}`, nodesOnly)) }).toMatchObject({ path, status: 403, body: { code: 'forbidden' } });
      expect({ path, ...(await call(`/api/v1/tenants/${GLOBEX}/${path}`)) }).toMatchObject({ path, status: 403 });
      expect({ path, status: (await call(`/api/v1/tenants/${ACME}/${path}`)).status }).toEqual({ path, status: 200 });
    }
  });

  it('gets a finding by its URL-encoded id, with its rule guidance and history; 404 for an unknown or another tenant’s', async () => {
    const resolved = SEEDED.find((f) => f.doc.status === 'resolved')!;
    const { status, body } = await call(`/api/v1/tenants/${ACME}/findings/${encodeURIComponent(resolved.id)}`);
    expect(status).toBe(200);
    const r = rule(resolved.doc.rule_id);
    expect(body).toMatchObject({
      id: resolved.id,
      status: 'resolved',
      resolved_at: resolved.doc.resolved_at,
      resolved_in_job: 'job-3',
      remediation: r.document.remediation,
      description: r.document.description || null,
      references: r.document.references,
      history: [
        { event: 'opened', at: resolved.doc.opened_at, job_id: resolved.doc.opened_in_job },
        { event: 'resolved', at: resolved.doc.resolved_at, job_id: 'job-3' },
      ],
    });
    const muted = SEEDED.find((f) => f.doc.status === 'muted')!;
    const mutedBody = (await call(`/api/v1/tenants/${ACME}/findings/${encodeURIComponent(muted.id)}`)).body;
    expect((mutedBody['history'] as Json[])[1]).toEqual({ event: 'muted', at: at(90), job_id: null, reason: 'accepted risk', by: 'tok-1' });

    const foreign = finding(1000).id; // globex's
    expect(await call(`/api/v1/tenants/${ACME}/findings/${encodeURIComponent(foreign)}`)).toMatchObject({ status: 404, body: { code: 'finding_not_found' } });
    expect(await call(`/api/v1/tenants/${ACME}/findings/${encodeURIComponent('demo-pod-privileged:nope')}`)).toMatchObject({ status: 404, body: { code: 'finding_not_found' } });
  });

  it('summarises: open findings per severity and kind, per status, open cost savings, top rules', async () => {
    const { status, body } = await call(`/api/v1/tenants/${ACME}/findings/summary`);
    expect(status).toBe(200);
    const openOnes = SEEDED.filter(open);
    const perRule = new Map<string, number>();
    for (const f of openOnes) perRule.set(f.doc.rule_id, (perRule.get(f.doc.rule_id) ?? 0) + 1);
    const top = [...perRule].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).slice(0, 10);
    expect(body).toEqual({
      by_severity: Object.fromEntries(SEVERITIES.map((s) => [s, openOnes.filter((f) => f.doc.severity === s).length])),
      by_kind: { compliance: openOnes.filter((f) => f.doc.kind === 'compliance').length, cost: openOnes.filter((f) => f.doc.kind === 'cost').length },
      by_status: { open: openOnes.length, resolved: SEEDED.filter((f) => f.doc.status === 'resolved').length, muted: SEEDED.filter((f) => f.doc.status === 'muted').length },
      estimated_monthly_savings: cents(openOnes.reduce((sum, f) => sum + (f.doc.monthly_savings_usd ?? 0), 0)),
      currency: 'USD',
      top_rules: top.map(([id, count]) => ({ rule_id: id, title: rule(id).title, severity: rule(id).severity, open: count })),
    });
  });

  it("shows amounts in the tenant's currency, converted from the price table's USD with the dated rates", async () => {
    const patched = await harness.call('PATCH', `/api/v1/tenants/${GLOBEX}/settings/general`, harness.admin, { currency: 'EUR' });
    expect(patched.status).toBe(200);
    const rate = (patched.body['exchange_rate'] as { rate: number }).rate;
    // An open cost finding with savings, of globex's own.
    const costly = Array.from({ length: 200 }, (_, k) => finding(1001 + k)).find((f) => f.doc.status === 'open' && f.doc.monthly_savings_usd !== null)!;
    await harness.readStore.collection(findingsCollection).forTenant(GLOBEX).upsert(costly.id, costly.doc);
    const usd = costly.doc.monthly_savings_usd!;
    const listed = await harness.call('GET', `/api/v1/tenants/${GLOBEX}/findings?kind=cost`, harness.admin);
    expect(listed.body).toMatchObject({ currency: 'EUR', estimated_monthly_savings: cents(usd * rate) });
    expect(listed.body.items).toEqual([expect.objectContaining({ id: costly.id, currency: 'EUR', estimated_monthly_savings: cents(usd * rate) })]);
    expect(rate).not.toBe(1);
    expect((await harness.call('GET', `/api/v1/tenants/${GLOBEX}/findings/summary`, harness.admin)).body).toMatchObject({ currency: 'EUR' });
  });

  describe('compliance posture', () => {
    const soc2Rules = (control: string) => RULES.filter((r) => r.document.frameworks['soc2']?.includes(control)).map((r) => r.id);
    const openOf = (ruleIds: string[], account?: string) =>
      SEEDED.filter((f) => open(f) && ruleIds.includes(f.doc.rule_id) && (account === undefined || f.doc.account === account));

    it('lists every framework with its score and control counts', async () => {
      const { status, body } = await call(`/api/v1/tenants/${ACME}/compliance/frameworks`);
      expect(status).toBe(200);
      expect((body.items ?? []).map((item) => item['id'])).toEqual(FRAMEWORKS.map((f) => f.id));
      for (const item of body.items ?? []) {
        const framework = FRAMEWORKS.find((f) => f.id === item['id'])!;
        expect(item).toMatchObject({ name: framework.name, version: framework.version, controls_total: framework.controls.length });
        expect(Number(item['passing']) + Number(item['failing']) + Number(item['not_evaluated'])).toBe(framework.controls.length);
        const detail = (await call(`/api/v1/tenants/${ACME}/compliance/frameworks/${framework.id}`)).body;
        const { controls: _controls, ...summary } = detail;
        expect(summary).toEqual(item);
      }
    });

    it('details soc2 control by control: failing with open findings, passing on resources without, else not evaluated', async () => {
      const { status, body } = await call(`/api/v1/tenants/${ACME}/compliance/frameworks/soc2`);
      expect(status).toBe(200);
      const controls = body['controls'] as Json[];
      const control = (id: string) => controls.find((c) => c['id'] === id)!;
      const activeBuckets = NODES.filter((n) => n.type === 'demo.s3.bucket' && n.status === 'active').length;
      const cc61 = openOf(soc2Rules('CC6.1'));
      expect(cc61.length).toBeGreaterThan(0);
      expect(control('CC6.1')).toMatchObject({ status: 'failing', rules: soc2Rules('CC6.1'), open_findings: cc61.length, resources_evaluated: activeBuckets });
      expect(control('CC6.1')['findings']).toEqual(expect.arrayContaining(cc61.slice(0, 1).map((f) => f.id)));
      // Whatever the packs map to A1.2, its status follows its open findings.
      const a12 = openOf(soc2Rules('A1.2'));
      expect(control('A1.2')).toMatchObject({ status: a12.length > 0 ? 'failing' : 'passing', rules: soc2Rules('A1.2'), open_findings: a12.length });
      expect(soc2Rules('A1.2')).toContain('demo-s3-bucket-versioning-off');
      expect(control('CC1.1')).toMatchObject({ status: 'not_evaluated', rules: [], resources_evaluated: 0 });
      const passing = controls.filter((c) => c['status'] === 'passing').length;
      const failing = controls.filter((c) => c['status'] === 'failing').length;
      expect(body).toMatchObject({ id: 'soc2', passing, failing, score_percent: Math.round((passing / (passing + failing)) * 1000) / 10 });
    });

    it('narrows to one account, and answers 404 for an unknown framework', async () => {
      const account = ACCOUNTS[0]!;
      const { body } = await call(`/api/v1/tenants/${ACME}/compliance/frameworks/soc2?account=${account}`);
      const cc61 = (body['controls'] as Json[]).find((c) => c['id'] === 'CC6.1')!;
      expect(body['account']).toBe(account);
      expect(cc61).toMatchObject({ open_findings: openOf(soc2Rules('CC6.1'), account).length, resources_evaluated: 1 });
      expect(await call(`/api/v1/tenants/${ACME}/compliance/frameworks/iso-27001`)).toMatchObject({ status: 404, body: { code: 'framework_not_found' } });
      expect((await call(`/api/v1/tenants/${ACME}/compliance/frameworks?region=x`)).status).toBe(400);
    });
  });

  it('documents the routes in the gateway OpenAPI document', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as Json & { paths: Record<string, Json> };
    expect(openApiProblems(document)).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantID}/findings',
        '/api/v1/tenants/{tenantID}/findings/summary',
        '/api/v1/tenants/{tenantID}/findings/{findingID}',
        '/api/v1/tenants/{tenantID}/compliance/frameworks',
        '/api/v1/tenants/{tenantID}/compliance/frameworks/{frameworkID}',
      ]),
    );
  });
});
