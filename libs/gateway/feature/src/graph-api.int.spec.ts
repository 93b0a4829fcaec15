import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { batchMsgId, subjects, type DiscoveryWorkItem, type JobReport, type ResourceBatch, type ResourceNode } from '@strata/contracts';
import { InventoryModule } from '@strata/inventory-feature';
import { openApiProblems } from '@strata/platform-http';
import type { MessagingClient } from '@strata/platform-messaging';
import { waitFor } from '@strata/testing';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const TENANT = 'acme-corp';
const vpcId = 'arn:aws:ec2:eu-west-1:123456789012:vpc/vpc-1';
/** Node 0 is the VPC, the others instances in it. */
const instance = (n: number): ResourceNode => ({
  id: n === 0 ? vpcId : `arn:aws:ec2:eu-west-1:123456789012:instance/i-${String(n).padStart(3, '0')}`,
  type: n === 0 ? 'aws.ec2.vpc' : 'aws.ec2.instance',
  provider: 'aws',
  name: n === 0 ? 'main' : `web-${n}`,
  account: '123456789012',
  region: 'eu-west-1',
  tags: { env: n % 2 ? 'prod' : 'dev' },
  attributes: { state: 'running' },
});

/**
 * The gateway with the Graph API, tenancy's node limit, the orchestrator and inventory in one
 * process; the worker is simulated (its reports and batches are published here).
 */
describe('Graph API and node limit through the gateway (orchestrator + inventory, worker simulated)', () => {
  let harness: GatewayHarness;
  let app: NestFastifyApplication;
  let messaging: MessagingClient;
  let call: (method: 'GET' | 'POST' | 'PATCH', url: string, bearer: string, body?: unknown) => Promise<ApiResponse>;
  let admin: string;
  let reader: string;
  let jobsOnly: string;

  beforeAll(async () => {
    harness = await startGatewayHarness('graphgw', {
      // No tenantLimits here: it takes TENANT_LIMITS from TenancyModule (via the gateway).
      modules: [InventoryModule.forRoot({ batchWaitMs: 100, batchPollIntervalMs: 20, reconcileBackoff: { initialDelayMs: 50, maxDelayMs: 200, jitter: 0 } })],
    });
    ({ app, messaging, call, admin } = harness);
    // Stands in for the demo worker: takes the work items off WORK.
    await messaging.consume<DiscoveryWorkItem>({ stream: 'work', durable: 'test-worker', filterSubject: 'work.discovery.>', handler: async () => undefined });

    expect((await call('POST', '/api/v1/tenants', admin, { id: TENANT, name: 'Acme' })).status).toBe(201);
    expect((await call('POST', `/api/v1/tenants/${TENANT}/credentials`, admin, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
    reader = String((await call('POST', `/api/v1/tenants/${TENANT}/tokens`, admin, { name: 'ui', permissions: ['nodes:read', 'jobs:read', 'jobs:create'] })).body['token']);
    jobsOnly = String((await call('POST', `/api/v1/tenants/${TENANT}/tokens`, admin, { name: 'ci', permissions: ['jobs:read', 'jobs:create'] })).body['token']);
  });

  afterAll(() => harness?.close());

  /** Creates a job and plays its worker: started, the batches, then (if asked) completed. */
  async function discover(nodes: ResourceNode[], batchSize: number, complete: boolean): Promise<string> {
    const created = await call('POST', `/api/v1/tenants/${TENANT}/jobs`, reader, { name: 'Graph', plugins: ['demo'], credential_id: 'cred-demo' });
    expect(created.status).toBe(201);
    const jobId = String(created.body['id']);
    const run = { tenantId: TENANT, jobId, plugin: 'demo', attempt: 1 };
    const report = (r: JobReport, key: string) => messaging.publish(subjects.jobReports(TENANT), r, { msgId: `${jobId}:${key}` });
    await report({ type: 'PluginRunStarted', ...run, workerId: 'w1' }, 'started');
    const batches: ResourceBatch[] = [];
    for (let start = 0; start < nodes.length; start += batchSize) {
      const part = nodes.slice(start, start + batchSize);
      const edges = part.filter((node) => node.id !== vpcId && node.type === 'aws.ec2.instance').map((node) => ({ from: node.id, to: vpcId, type: 'in_vpc' }));
      batches.push({ ...run, sequence: batches.length, scope: 'demo:acme', nodes: part, edges });
    }
    for (const batch of batches) await messaging.publish(subjects.batches(TENANT, jobId), batch, { msgId: batchMsgId(batch) });
    if (complete) {
      await report({ type: 'PluginRunCompleted', ...run, batches: batches.length, scope: 'demo:acme', resourceCounts: { instances: nodes.length } }, 'completed');
    }
    return jobId;
  }

  const jobOnceIn = (jobId: string, phase: string) =>
    waitFor(
      async () => {
        const { body } = await call('GET', `/api/v1/tenants/${TENANT}/jobs/${jobId}`, reader);
        return (body['progress'] as Json | undefined)?.['phase'] === phase ? body : undefined;
      },
      { message: `job ${jobId} in ${phase}` },
    );

  it('fails a job that would pass the tenant max_nodes with node_limit_exceeded, keeping what fitted', async () => {
    expect(await call('PATCH', `/api/v1/tenants/${TENANT}`, admin, { max_nodes: 30 })).toMatchObject({ status: 200, body: { max_nodes: 30 } });
    expect((await call('GET', `/api/v1/tenants/${TENANT}`, reader)).body).toMatchObject({ max_nodes: 30 });

    const jobId = await discover(Array.from({ length: 60 }, (_, i) => instance(i)), 20, false);
    const failed = await jobOnceIn(jobId, 'failed');
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'node_limit_exceeded', message: expect.stringContaining("would hold 40 active nodes; the tenant's limit is 30 (10 over)") } });
    const listed = await call('GET', `/api/v1/tenants/${TENANT}/jobs?status=failed`, reader);
    expect(listed.body['items']).toEqual([expect.objectContaining({ id: jobId, error_code: 'node_limit_exceeded' })]);

    const nodes = await call('GET', `/api/v1/tenants/${TENANT}/nodes?limit=500`, reader);
    expect(nodes.body['items']).toHaveLength(20);
  });

  it('lets the next job through once the limit is raised, and serves its graph', async () => {
    expect((await call('PATCH', `/api/v1/tenants/${TENANT}`, admin, { max_nodes: 1000 })).status).toBe(200);
    const jobId = await discover(Array.from({ length: 45 }, (_, i) => instance(i)), 20, true);
    await jobOnceIn(jobId, 'auditing');
    await messaging.publish(subjects.jobReports(TENANT), { type: 'AuditCompleted', tenantId: TENANT, jobId, findingsCreated: 0, findingsResolved: 0 } satisfies JobReport, { msgId: `${jobId}:audit` });
    const done = await jobOnceIn(jobId, 'completed');
    // 19 of the 44 edges came with the nodes the refused job wrote before its refusal.
    expect(done['stats']).toMatchObject({ nodes_discovered: 45, nodes_updated: 0, nodes_removed: 0, edges_created: 25 });

    const prod = await call('GET', `/api/v1/tenants/${TENANT}/nodes?type=aws.ec2.instance&tag=env:prod&limit=500`, reader);
    expect((prod.body['items'] as Json[]).map((n) => n['name'])).toHaveLength(22);
    const vpc = await call('GET', `/api/v1/tenants/${TENANT}/nodes/${encodeURIComponent(vpcId)}?edges_limit=5`, reader);
    expect(vpc.status).toBe(200);
    const incoming = (vpc.body['edges'] as Record<string, Json>)['incoming']!;
    expect(incoming['items']).toHaveLength(5);
    expect(String(incoming['next'])).toMatch(new RegExp(`^/api/v1/tenants/${TENANT}/edges\\?to=`));
    expect((await call('GET', String(incoming['next']), reader)).body['items']).toHaveLength(5);
    const neighbors = await call('GET', `/api/v1/tenants/${TENANT}/nodes/${encodeURIComponent(vpcId)}/neighbors?limit=10`, reader);
    expect(neighbors.body).toMatchObject({ truncated: true, nodes: expect.any(Array) });
    expect(await call('GET', `/api/v1/tenants/${TENANT}/graph/summary`, reader)).toMatchObject({
      status: 200,
      body: { total_nodes: 45, by_provider: { aws: 45 }, by_type: { 'aws.ec2.vpc': 1, 'aws.ec2.instance': 44 }, by_account: { '123456789012': 45 }, by_region: { 'eu-west-1': 45 } },
    });
    expect((await call('GET', `/api/v1/tenants/${TENANT}/nodes/${encodeURIComponent(instance(3).id)}/history`, reader)).body['items']).toEqual([
      { change: 'created', job_id: expect.stringMatching(/^job-/), at: expect.any(String) },
    ]);
  });

  it('needs nodes:read for the Graph API', async () => {
    for (const path of ['nodes', `nodes/${encodeURIComponent(vpcId)}`, 'edges', 'graph/summary']) {
      expect({ path, ...(await call('GET', `/api/v1/tenants/${TENANT}/${path}`, jobsOnly)) }).toMatchObject({ path, status: 403, body: { code: 'forbidden' } });
    }
  });

  it('documents the Graph API and the tenant PATCH in the gateway OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body) as Json & { paths: Record<string, Json> };
    expect(openApiProblems(document)).toEqual([]);
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/nodes/{nodeID}/neighbors', '/api/v1/tenants/{tenantID}/graph/summary']));
    expect(document.paths['/api/v1/tenants/{tenantID}']).toHaveProperty('patch');
  });
});
