import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, deflateSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
// ajv comes with the workspace's tooling (not a dependency of its own): here it checks the published schema.
import Ajv2020 from 'ajv/dist/2020';
import { SEVERITY_RANK, type CompiledRule, type FindingRecord } from '@strata/audit-domain';
import { findingsCollection } from '@strata/audit-feature';
import { loadRulePacks } from '@strata/audit-packs';
import type { InventoryNode } from '@strata/inventory-domain';
import { GRAPH_SUMMARY_ID, graphSummariesCollection, jobChangeSummariesCollection, nodeDocument, nodesCollection, reconciliationsCollection } from '@strata/inventory-feature';
import type { JobView } from '@strata/jobs-domain';
import { jobsCollection } from '@strata/jobs-feature';
import { reportContentSchema } from '@strata/reports-domain';
import { FilesystemBlobStore, REPORT_RETENTION_SWEEP, ReportGeneratorModule, ReportPruner, reportsCollection, type ReportRecord } from '@strata/reports-feature';
import { subjects } from '@strata/contracts';
import { waitFor } from '@strata/testing';
import { openApiProblems } from '@strata/platform-http';
import { startGatewayHarness, type GatewayHarness, type Json } from './fixtures/gateway-harness';
import { reportSources } from './report-sources';

const run = promisify(execFile);
// png-js ships with pdfkit (its PNG embedding); here it decodes the rendered first page.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const PNG = require('png-js') as new (data: Buffer) => { width: number; height: number; decode(fn: (pixels: Buffer) => void): void };

const ACME = 'acme-reports';
const GLOBEX = 'globex-reports';
const SCOPE = 'aws:111122223333';
const K8S_SCOPE = 'kubernetes:prod';
const AT = '2026-11-20T10:00:00.000Z';
const RULES = loadRulePacks();
const costRule = RULES.find((rule) => rule.kind === 'cost' && rule.document.resource_types.some((type) => type.startsWith('aws.')))!;
const securityRule = RULES.find((rule) => rule.kind === 'compliance' && rule.frameworks.length > 0 && rule.severity === 'high' && rule.document.resource_types.some((type) => type.startsWith('aws.')))!;
const k8sRule = RULES.find((rule) => rule.id === 'k8s-container-privileged')!;

/** A PNG of one colour (for the diagram port). */
function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

function job(id: string, status: JobView['status'], createdAt: string, extra: Partial<JobView> = {}): { id: string; doc: JobView } {
  return {
    id,
    doc: {
      id, tenant_id: ACME, name: `nightly ${id}`, status, plugins: ['aws', 'kubernetes'], credential_id: 'cred', config: {},
      progress: { phase: status === 'completed' ? 'completed' : 'discovering', percent: status === 'completed' ? 100 : 40, counts: {} },
      created_at: createdAt, started_at: createdAt, ...(status === 'completed' ? { completed_at: '2026-11-20T10:04:07.000Z' } : {}),
      internal: { plugin_counts: {}, plugins_completed: 0, last_activity_at: createdAt },
      ...extra,
    } as JobView,
  };
}

function node(id: string, type: string, scope: string, account: string, region: string | undefined): InventoryNode {
  return {
    id, type, provider: type.split('.')[0]!, name: id.split(':').pop()!, account, ...(region ? { region } : {}), tags: {}, attributes: {}, status: 'active', scope,
    first_seen: AT, last_seen: AT, removed_at: null, first_seen_job: 'job-done', last_seen_job: 'job-done', last_changed_job: 'job-done', removed_in_job: null, updated_in_job: null, content_hash: 'h',
  } as unknown as InventoryNode;
}

function finding(subject: InventoryNode, rule: CompiledRule, savings: number | null): { id: string; doc: FindingRecord } {
  return {
    id: `${rule.id}:${subject.id}`,
    doc: {
      rule_id: rule.id, node_id: subject.id, node_type: subject.type, node_name: subject.name, account: subject.account ?? null, region: subject.region ?? null,
      scope: subject.scope, kind: rule.kind, severity: rule.severity, severity_rank: SEVERITY_RANK[rule.severity], title: rule.title, reason: 'seeded',
      monthly_savings_usd: savings, savings_note: null, frameworks: rule.frameworks.map(({ framework, control }) => ({ framework, control })), status: 'open', mute: null,
      first_seen: AT, opened_at: AT, updated_at: AT, resolved_at: null, opened_in_job: 'job-done', resolved_in_job: null, history: [],
    },
  };
}

// The estate of the completed job: three cost findings on instances, two security findings, a privileged pod.
const costType = costRule.document.resource_types.find((type) => type.startsWith('aws.'))!;
const securityType = securityRule.document.resource_types.find((type) => type.startsWith('aws.'))!;
const NODES = [
  ...[1, 2, 3].map((n) => node(`aws:${costType}:waste-${n}`, costType, SCOPE, '111122223333', 'eu-west-1')),
  ...[1, 2].map((n) => node(`aws:${securityType}:exposed-${n}`, securityType, SCOPE, '111122223333', n === 1 ? 'eu-west-1' : 'us-east-1')),
  node('aws:aws.iam.role:admin', 'aws.iam.role', SCOPE, '111122223333', undefined),
  node('k8s:prod', 'kubernetes.cluster', K8S_SCOPE, 'prod', 'eu-west-1'),
  node('k8s:prod:kubernetes.deployment:payments/api', 'kubernetes.deployment', K8S_SCOPE, 'prod', 'eu-west-1'),
];
const SAVINGS = [120.5, 80.25, 41.75]; // USD a month: 242.50
const FINDINGS = [
  ...NODES.slice(0, 3).map((subject, index) => finding(subject, costRule, SAVINGS[index]!)),
  finding(NODES[3]!, securityRule, null),
  finding(NODES[4]!, securityRule, null),
  finding(NODES[7]!, k8sRule, null),
];

describe('Reports API through the gateway (a job, its graph and findings seeded; the generator in the same process)', () => {
  let harness: GatewayHarness;
  let writer: string;
  let reader: string;
  let globexWriter: string;
  let reportDir: string;
  let failDiagram = false;
  let diagramPng: Buffer | undefined;
  /** Draw with the real diagram source (`reportSources`'), not the stand-in. */
  let realDiagram = false;

  const call = (method: string, path: string, bearer = writer, body?: unknown) => harness.call(method, `/api/v1/tenants/${ACME}/reports${path}`, bearer, body);
  const settle = async (id: string, tenant = ACME, bearer = writer): Promise<Json> =>
    waitFor(
      async () => {
        const { body } = await harness.call('GET', `/api/v1/tenants/${tenant}/reports/${id}`, bearer);
        return body['status'] === 'ready' || body['status'] === 'failed' ? body : undefined;
      },
      { timeoutMs: 30_000, message: `report ${id} to settle` },
    );
  const download = (id: string, bearer = reader) => harness.app.inject({ method: 'GET', url: `/api/v1/tenants/${ACME}/reports/${id}/download`, headers: { authorization: `Bearer ${bearer}` } });
  const generate = async (body: Record<string, unknown>): Promise<{ report: Json; file: Buffer; headers: Record<string, unknown> }> => {
    const created = await call('POST', '', writer, body);
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', format: body['format'], job_id: 'job-done' });
    const report = await settle(String(created.body['id']));
    expect(report).toMatchObject({ status: 'ready', error: null });
    const response = await download(String(report['id']));
    expect(response.statusCode).toBe(200);
    return { report, file: response.rawPayload, headers: response.headers };
  };

  beforeAll(async () => {
    reportDir = await mkdtemp(join(tmpdir(), 'strata-reports-spec-'));
    harness = await startGatewayHarness('reportsapi', {
      reportStore: new FilesystemBlobStore(reportDir),
      modules: ({ readStore }) => {
        return [
          ReportGeneratorModule.forRoot({
            blobStore: new FilesystemBlobStore(reportDir),
            sources: () => {
              const real = reportSources(readStore);
              return {
                ...real,
                diagram: {
                  diagramOf: async (job) => {
                    if (realDiagram) return real.diagram!.diagramOf(job);
                    if (failDiagram) throw new Error('the diagram renderer crashed');
                    return diagramPng;
                  },
                },
              };
            },
          }),
        ];
      },
    });
    const { admin, readStore } = harness;
    const post = (url: string, body: unknown) => harness.call('POST', url, admin, body);
    expect((await post('/api/v1/tenants', { id: ACME, name: 'Acme Reports Ltd' })).status).toBe(201);
    expect((await post('/api/v1/tenants', { id: GLOBEX, name: 'Globex' })).status).toBe(201);
    writer = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'w', permissions: ['reports:read', 'reports:write', 'settings:write'] })).body['token']);
    reader = String((await post(`/api/v1/tenants/${ACME}/tokens`, { name: 'r', permissions: ['reports:read'] })).body['token']);
    globexWriter = String((await post(`/api/v1/tenants/${GLOBEX}/tokens`, { name: 'g', permissions: ['reports:read', 'reports:write'] })).body['token']);
    const stats = { nodes_discovered: 8, nodes_updated: 0, nodes_removed: 0, edges_created: 0, findings_created: 6, findings_resolved: 0, duration_seconds: 247 };
    await readStore.collection(jobsCollection).forTenant(ACME).bulkUpsert([
      job('job-old', 'completed', '2026-11-19T10:00:00.000Z', { stats: { ...stats, duration_seconds: 5 } }),
      job('job-done', 'completed', '2026-11-20T10:00:00.000Z', { stats, estimated_monthly_savings: 242.5, currency: 'USD' }),
      job('job-running', 'running', '2026-11-21T10:00:00.000Z'),
    ]);
    await readStore.collection(reconciliationsCollection).forTenant(ACME).upsert('job-done', {
      job_id: 'job-done', scopes: [SCOPE, K8S_SCOPE], nodes_discovered: 8, nodes_updated: 0, nodes_removed: 0, edges_created: 0, reconciled_at: AT,
    });
    await readStore.collection(nodesCollection).forTenant(ACME).bulkUpsert(NODES.map((n) => ({ id: n.id, doc: nodeDocument(n) })));
    await readStore.collection(findingsCollection).forTenant(ACME).bulkUpsert(FINDINGS);
  });

  afterAll(async () => {
    await harness?.close();
    await rm(reportDir, { recursive: true, force: true });
  });

  it('generates a PDF of the latest completed job: cover, contents, the job\'s figures, page numbers, a first page that is not blank', async () => {
    const { report, file, headers } = await generate({ format: 'pdf', title: 'Q4 estate review' });
    expect(headers['content-type']).toBe('application/pdf');
    expect(headers['content-disposition']).toBe(`attachment; filename="${String(report['filename'])}"`);
    expect(report['filename']).toMatch(/^Q4-estate-review-job-done-rpt_.*\.pdf$/);
    expect(Number(headers['content-length'])).toBe(file.length);
    expect(report['size_bytes']).toBe(file.length);
    expect(file.subarray(0, 5).toString()).toBe('%PDF-');

    const path = join(harness.dir.path, 'report.pdf');
    await writeFile(path, file);
    const { stdout: text } = await run('pdftotext', ['-layout', path, '-']);
    for (const expected of ['Q4 estate review', 'Tenant: Acme Reports Ltd', `Scope: ${SCOPE}, ${K8S_SCOPE}`, 'Contents', 'Summary', 'nightly job-done', '247.0 s', 'Findings', '6 open findings', costRule.id, securityRule.id, 'Waste and savings', '242.50 USD', 'Compliance posture', 'Inventory', '8 active resources', 'Kubernetes governance', 'prod', 'Page 1 of', 'Open findings by severity']) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('What changed'); // no changes source bound: left out, not faked
    const { stdout: fonts } = await run('pdffonts', [path]);
    expect(fonts).toMatch(/DejaVuSans.*yes/); // embedded
    expect(fonts).not.toMatch(/Helvetica/); // and no standard (unembedded) font anywhere

    await run('pdftoppm', ['-png', '-r', '40', '-f', '1', '-l', '1', '-singlefile', path, join(harness.dir.path, 'page1')]);
    const png = new PNG(await readFile(join(harness.dir.path, 'page1.png')));
    const pixels = Buffer.from(await new Promise<Uint8Array>((resolve) => png.decode(resolve)));
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      colours.add(pixels.readUInt32BE(i));
      if (pixels[i]! < 200 || pixels[i + 1]! < 200 || pixels[i + 2]! < 200) inked += 1;
    }
    expect(png.width).toBeGreaterThan(200);
    expect(colours.size).toBeGreaterThan(5);
    expect(inked / (png.width * png.height)).toBeGreaterThan(0.005);
  });

  it('generates the JSON report: the sections with data, valid against the schema the OpenAPI document publishes', async () => {
    const { file, headers } = await generate({ format: 'json', job_id: 'job-done' });
    expect(headers['content-type']).toBe('application/json');
    const content = reportContentSchema.parse(JSON.parse(file.toString('utf8')));
    expect(content.report.sections).toEqual(['summary', 'findings', 'waste', 'compliance', 'inventory', 'kubernetes']);
    expect(content.summary).toMatchObject({ job: { id: 'job-done' }, scopes: [SCOPE, K8S_SCOPE], duration_seconds: 247, estimated_monthly_savings: 242.5 });
    expect(content.findings!.total_open).toBe(6);
    expect(content.findings!.by_rule.find((rule) => rule.rule_id === costRule.id)).toMatchObject({ count: 3, monthly_savings: 242.5 });
    expect(content.waste).toMatchObject({ total_monthly_savings: 242.5, findings: 3 });
    expect(content.inventory).toMatchObject({ total_nodes: 8 });
    expect(content.inventory!.by_region).toContainEqual({ key: '(global)', count: 1 });
    expect(content.kubernetes!.clusters.map((cluster) => cluster.cluster)).toEqual(['prod']);
    expect(content.compliance!.frameworks.length).toBeGreaterThan(0);
    expect(content.changes).toBeUndefined();

    const openapi = await harness.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(openapi.body) as Json & { components: { schemas: Record<string, unknown> }; paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>> };
    expect(openApiProblems(document)).toEqual([]);
    expect(document.components.schemas['ReportDocument']).toMatchObject({ type: 'object', properties: { report: expect.any(Object), summary: expect.any(Object) } });
    expect(document.paths['/api/v1/tenants/{tenantID}/reports/{reportID}/download']!['get']!.responses['200']!.content!['application/json']!.schema.$ref).toBe('#/components/schemas/ReportDocument');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/reports', '/api/v1/tenants/{tenantID}/reports/{reportID}']));
    // The file validates against the JSON Schema the document publishes (OpenAPI 3.1: draft 2020-12).
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile({ components: document.components, $ref: '#/components/schemas/ReportDocument' });
    expect([validate(JSON.parse(file.toString('utf8'))), validate.errors ?? []]).toEqual([true, []]);
    expect(validate({ report: { id: 'x' } })).toBe(false);
  });

  it("counts the inventory from inventory's graph summary when the job's scopes hold every active node, the same as reading them", async () => {
    const read = reportContentSchema.parse(JSON.parse((await generate({ format: 'json', sections: ['inventory'] })).file.toString('utf8'))).inventory!;
    const count = (key: (n: InventoryNode) => string | undefined) => {
      const counts: Record<string, number> = {};
      for (const n of NODES) {
        const value = key(n);
        if (value !== undefined) counts[value] = (counts[value] ?? 0) + 1;
      }
      return counts;
    };
    const summaries = harness.readStore.collection(graphSummariesCollection).forTenant(ACME);
    const summary = { total_nodes: NODES.length, by_provider: count((n) => n.provider), by_type: count((n) => n.type), by_account: count((n) => n.account), by_region: count((n) => n.region), computed_at: AT };
    const inventoryNow = async () => reportContentSchema.parse(JSON.parse((await generate({ format: 'json', sections: ['inventory'] })).file.toString('utf8'))).inventory!;
    try {
      await summaries.upsert(GRAPH_SUMMARY_ID, summary);
      expect(await inventoryNow()).toEqual(read);
      // Read from the summary indeed: a type named only there shows.
      const { 'aws.iam.role': roles, ...types } = summary.by_type;
      await summaries.upsert(GRAPH_SUMMARY_ID, { ...summary, by_type: { ...types, 'aws.iam.role-as-summarised': roles! } });
      expect((await inventoryNow()).by_type).toContainEqual({ key: 'aws.iam.role-as-summarised', count: 1 });
      // A summary whose total is not the active nodes' (stale) is not used.
      await summaries.upsert(GRAPH_SUMMARY_ID, { ...summary, total_nodes: NODES.length + 1, by_type: { ...types, 'aws.iam.role-as-summarised': roles! } });
      expect(await inventoryNow()).toEqual(read);
    } finally {
      await summaries.delete(GRAPH_SUMMARY_ID);
    }
  });

  it('shows amounts in the tenant\'s currency', async () => {
    expect((await harness.call('PATCH', `/api/v1/tenants/${ACME}/settings/general`, writer, { currency: 'EUR' })).status).toBe(200);
    try {
      const { file } = await generate({ format: 'json', sections: ['waste'] });
      const content = reportContentSchema.parse(JSON.parse(file.toString('utf8')));
      expect(content.report.currency).toBe('EUR');
      expect(content.report.sections).toEqual(['waste']);
      expect(content.waste!.total_monthly_savings).not.toBe(242.5);
    } finally {
      await harness.call('PATCH', `/api/v1/tenants/${ACME}/settings/general`, writer, { currency: 'USD' });
    }
  });

  it('streams the findings (default) or the inventory as CSV that round-trips with the right row count', async () => {
    const findings = await generate({ format: 'csv' });
    expect(findings.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(findings.file, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(6);
    expect(findings.report['rows']).toBe(6);
    expect(rows.filter((row) => row['rule_id'] === costRule.id).map((row) => Number(row['monthly_savings'])).sort((a, b) => a - b)).toEqual([41.75, 80.25, 120.5]);

    const inventory = await generate({ format: 'csv', sections: ['inventory'] });
    const nodes = parse(inventory.file, { columns: true }) as Record<string, string>[];
    expect(nodes.map((row) => row['id']).sort()).toEqual(NODES.map((n) => n.id).sort());
  });

  it('places the diagram a bound source draws on a page of its own', async () => {
    diagramPng = solidPng(64, 48, [47, 111, 237]);
    try {
      const { file, report } = await generate({ format: 'pdf', sections: ['summary', 'diagram'] });
      const path = join(harness.dir.path, 'diagram.pdf');
      await writeFile(path, file);
      const { stdout: text } = await run('pdftotext', ['-layout', path, '-']);
      expect(text).toContain('Architecture diagram');
      const pages = text.split('\f').filter((page) => page.trim() !== '');
      expect(pages.at(-1)).toMatch(/^\s*Architecture diagram\s+Page \d+ of \d+\s*$/); // the heading, the image, the page number only
      const { stdout: images } = await run('pdfimages', ['-list', path]);
      expect(images).toMatch(new RegExp(`^\\s+${pages.length}\\s+\\d+\\s+image\\s+64\\s+48\\s`, 'm'));
      expect(report['status']).toBe('ready');
    } finally {
      diagramPng = undefined;
    }
  });

  it("places the job's own scope diagram (the diagrams context's PNG) on the last page", async () => {
    realDiagram = true;
    try {
      const { file } = await generate({ format: 'pdf', sections: ['summary', 'diagram'] });
      const path = join(harness.dir.path, 'scope-diagram.pdf');
      await writeFile(path, file);
      const { stdout: text } = await run('pdftotext', ['-layout', path, '-']);
      const pages = text.split('\f').filter((page) => page.trim() !== '');
      expect(pages.at(-1)).toMatch(/Architecture diagram/);
      const { stdout: images } = await run('pdfimages', ['-list', path]);
      const onLastPage = images.split('\n').filter((line) => new RegExp(`^\\s+${pages.length}\\s+\\d+\\s+image\\s+\\d+\\s+\\d+\\s`).test(line));
      expect(onLastPage).toHaveLength(1);
      const [width, height] = onLastPage[0]!.trim().split(/\s+/).slice(3, 5).map(Number);
      expect(width).toBeGreaterThan(200);
      expect(height).toBeGreaterThan(100);
    } finally {
      realDiagram = false;
    }
  });

  it('shows what changed since the previous job of the scope, from inventory\'s change summary', async () => {
    const reconciliations = harness.readStore.collection(reconciliationsCollection).forTenant(ACME);
    const summaries = harness.readStore.collection(jobChangeSummariesCollection).forTenant(ACME);
    await reconciliations.upsert('job-old', { job_id: 'job-old', scopes: [SCOPE], nodes_discovered: 5, nodes_updated: 0, nodes_removed: 0, edges_created: 0, reconciled_at: '2026-11-19T10:05:00.000Z' });
    await summaries.upsert('job-done', {
      job_id: 'job-done',
      computed_at: AT,
      scopes: [
        {
          scope: SCOPE,
          nodes: { added: 3, changed: 2, removed: 1 },
          edges: { added: 4, removed: 1 },
          by_type: [
            { kind: 'node', type: 'aws.ec2.instance', added: 3, changed: 2, removed: 0 },
            { kind: 'node', type: 'aws.s3.bucket', added: 0, changed: 0, removed: 1 },
            { kind: 'edge', type: 'in_subnet', added: 4, changed: 0, removed: 1 },
          ],
        },
      ],
    });
    try {
      const { file } = await generate({ format: 'pdf', sections: ['summary', 'changes'] });
      const path = join(harness.dir.path, 'changes.pdf');
      await writeFile(path, file);
      const { stdout: text } = await run('pdftotext', ['-layout', path, '-']);
      for (const expected of ['What changed', 'Since job job-old.', 'aws.ec2.instance', 'aws.s3.bucket']) expect(text).toContain(expected);
      expect(text).toMatch(/Nodes changed\s+2/);
      expect(text).toMatch(/Edges added\s+4/);
      const json = JSON.parse((await generate({ format: 'json', sections: ['changes'] })).file.toString('utf8'));
      expect(json.changes).toEqual({
        previous_job_id: 'job-old',
        nodes_added: 3,
        nodes_changed: 2,
        nodes_removed: 1,
        edges_added: 4,
        edges_removed: 1,
        by_type: [
          { type: 'aws.ec2.instance', added: 3, changed: 2, removed: 0 },
          { type: 'aws.s3.bucket', added: 0, changed: 0, removed: 1 },
        ],
      });
    } finally {
      await summaries.delete('job-done');
      await reconciliations.delete('job-old');
    }
  });

  it('says why a generation failed (after its retries), and will not download it', async () => {
    failDiagram = true;
    try {
      const created = await call('POST', '', writer, { format: 'pdf', sections: ['summary', 'diagram'] });
      const report = await settle(String(created.body['id']));
      expect(report).toMatchObject({ status: 'failed', error: { code: 'generation_failed', message: 'the diagram renderer crashed' }, download_url: null });
      const response = await download(String(report['id']));
      expect(response.statusCode).toBe(409);
      expect(JSON.parse(response.body)).toMatchObject({ code: 'report_not_ready' });
    } finally {
      failDiagram = false;
    }
  });

  it('regenerates a report whose generator died mid-way (its work item redelivered)', async () => {
    const now = new Date().toISOString();
    const record: ReportRecord = {
      id: 'rpt-crashed', tenant_id: ACME, format: 'json', status: 'generating', title: null, job_id: 'job-done', sections: ['summary'], created_at: now, updated_at: now,
      completed_at: null, error: null, file: null, progress: { phase: 'findings', percent: 20 },
    };
    await harness.readStore.collection(reportsCollection).forTenant(ACME).upsert(record.id, record);
    await publishToStreamAgain({ tenant_id: ACME, report_id: record.id });
    expect(await settle(record.id)).toMatchObject({ status: 'ready', sections: ['summary'] });
  });

  it('lists newest first with format and status filters and keyset pages', async () => {
    const all = await call('GET', '?limit=200', reader);
    expect(all.status).toBe(200);
    const items = all.body.items!;
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect([...items].map((item) => item['created_at'] as string)).toEqual([...items].map((item) => item['created_at'] as string).sort().reverse());
    const csv = await call('GET', '?format=csv&status=ready', reader);
    expect(csv.body.items!.map((item) => item['format'])).toEqual(['csv', 'csv']);
    const failed = await call('GET', '?status=failed', reader);
    expect(failed.body.items!.map((item) => item['status'])).toEqual(['failed']);

    const seen: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call('GET', `?limit=2${cursor ? `&cursor=${cursor}` : ''}`, reader);
      expect(page.status).toBe(200);
      seen.push(...page.body.items!.map((item) => item['id']));
      cursor = (page.body['page'] as { next_cursor: string | null }).next_cursor;
    } while (cursor);
    expect(seen).toEqual(items.map((item) => item['id']));
    const someCursor = (await call('GET', '?limit=1', reader)).body['page'] as { next_cursor: string };
    expect((await call('GET', `?limit=1&format=pdf&cursor=${someCursor.next_cursor}`, reader)).body).toMatchObject({ code: 'invalid_cursor' });
  });

  it('deletes a report and its file', async () => {
    const { report } = await generate({ format: 'json', sections: ['summary'] });
    const id = String(report['id']);
    const before = await readdir(join(reportDir, ACME));
    expect(before).toContain(`${id}.json`);
    expect((await call('DELETE', `/${id}`, writer)).status).toBe(204);
    expect((await call('GET', `/${id}`, reader)).status).toBe(404);
    expect(await readdir(join(reportDir, ACME))).not.toContain(`${id}.json`);
    expect((await call('DELETE', `/${id}`, writer)).status).toBe(404);
  });

  it('refuses bad input with the error envelope, writing nothing', async () => {
    const count = () => harness.readStore.collection(reportsCollection).forTenant(ACME).count();
    const before = await count();
    for (const [body, status, code] of [
      [{ format: 'docx' }, 400, 'validation_error'],
      [{}, 400, 'validation_error'],
      [{ format: 'pdf', sections: ['bogus'] }, 400, 'validation_error'],
      [{ format: 'pdf', sections: ['summary', 'summary'] }, 400, 'validation_error'],
      [{ format: 'pdf', sections: [] }, 400, 'validation_error'],
      [{ format: 'pdf', extra: 1 }, 400, 'validation_error'],
      [{ format: 'pdf', title: '' }, 400, 'validation_error'],
      [{ format: 'pdf', job_id: 'no such/job' }, 400, 'validation_error'],
      [{ format: 'pdf', job_id: 'job-missing' }, 404, 'job_not_found'],
      [{ format: 'pdf', job_id: 'job-running' }, 409, 'job_not_completed'],
    ] as const) {
      const response = await call('POST', '', writer, body);
      expect([JSON.stringify(body), response.status, response.body['code']]).toEqual([JSON.stringify(body), status, code]);
      expect(typeof response.body['error']).toBe('string');
    }
    expect(await count()).toBe(before);
    // A tenant without a completed job.
    const none = await harness.call('POST', `/api/v1/tenants/${GLOBEX}/reports`, globexWriter, { format: 'json' });
    expect(none).toMatchObject({ status: 404, body: { code: 'completed_job_not_found' } });
    for (const query of ['?format=xml', '?status=done', '?limit=0', '?limit=201', '?cursor=garbage', '?unknown=1']) {
      expect((await call('GET', query, reader)).status).toBe(400);
    }
    expect((await call('GET', '/bad%20id', reader)).status).toBe(400);
    expect((await call('GET', '/rpt-unknown', reader)).body).toMatchObject({ code: 'report_not_found' });
  });

  it("never shows or touches another tenant's reports, and checks permissions on every route", async () => {
    const { items } = (await call('GET', '', reader)).body;
    const id = String(items![0]!['id']);
    for (const [method, path] of [['GET', `/${id}`], ['GET', `/${id}/download`], ['DELETE', `/${id}`]] as const) {
      const response = await harness.call(method, `/api/v1/tenants/${GLOBEX}/reports${path}`, globexWriter);
      expect([method, path, response.status]).toEqual([method, path, 404]);
    }
    expect((await harness.call('GET', `/api/v1/tenants/${GLOBEX}/reports`, globexWriter)).body.items).toEqual([]);
    // Another tenant's token on this tenant's routes.
    for (const [method, path, body] of [['POST', '', { format: 'json' }], ['GET', '', undefined], ['GET', `/${id}`, undefined], ['GET', `/${id}/download`, undefined], ['DELETE', `/${id}`, undefined]] as const) {
      expect([method, path, (await call(method, path, globexWriter, body)).status]).toEqual([method, path, 403]);
    }
    // reports:read may not write; no token is a 401.
    expect((await call('POST', '', reader, { format: 'json' })).status).toBe(403);
    expect((await call('DELETE', `/${id}`, reader)).status).toBe(403);
    expect((await harness.call('GET', `/api/v1/tenants/${ACME}/reports`)).status).toBe(401);
    expect((await call('GET', `/${id}`, reader)).status).toBe(200);
  });

  it("deletes reports past the tenant's retention (a supervised sweep), with their files", async () => {
    expect((await harness.call('PATCH', `/api/v1/tenants/${ACME}/settings/general`, writer, { report_retention_days: 30 })).body).toMatchObject({ report_retention_days: 30 });
    expect((await harness.call('PATCH', `/api/v1/tenants/${ACME}/settings/general`, writer, { report_retention_days: 0 })).status).toBe(400);
    const { items } = (await call('GET', '?limit=200', reader)).body;
    expect(items!.length).toBeGreaterThan(0);
    const store = new FilesystemBlobStore(reportDir);
    const soon = new ReportPruner({ readStore: harness.readStore, blobStore: store, clock: () => new Date(Date.now() + 29 * 86_400_000) });
    expect(await soon.pruneOnce()).toBe(0);
    const later = new ReportPruner({ readStore: harness.readStore, blobStore: store, clock: () => new Date(Date.now() + 31 * 86_400_000) });
    expect(await later.pruneOnce()).toBe(items!.length);
    expect((await call('GET', '', reader)).body.items).toEqual([]);
    expect(await readdir(join(reportDir, ACME))).toEqual([]);
    expect(REPORT_RETENTION_SWEEP).toBe('sweep:report-retention');
  });

  async function publishToStreamAgain(item: { tenant_id: string; report_id: string }): Promise<void> {
    await harness.messaging.publish(subjects.reportWork(item.tenant_id), item, { msgId: `redelivery:${item.report_id}` });
  }
});
