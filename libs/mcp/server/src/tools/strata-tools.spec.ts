import { complianceQuerySchema, listFindingsQuerySchema, muteFindingRequestSchema } from '@strata/audit-api';
import { createJobRequestSchema, listJobsQuerySchema } from '@strata/contracts';
import { listNodesQuerySchema, neighborsQuerySchema, nodeDetailQuerySchema } from '@strata/inventory-api';
import { z } from 'zod';
import type { EventStreamRead, RestRequest, RestResponse, StrataRest } from '../rest/strata-rest';
import { STRATA_TOOLS } from './strata-tools';
import { DefaultTenant } from './tenant-of';

/** Records the REST calls; answers whoami for a token of tenant `acme`, and 200 `{}` to the rest. */
class RecordingRest implements StrataRest {
  readonly calls: RestRequest[] = [];
  answer: (request: RestRequest) => RestResponse = () => ({ status: 200, body: {} });
  async send(request: RestRequest): Promise<RestResponse> {
    if (request.path === '/api/v1/whoami') return { status: 200, body: { tenant_id: 'acme' } };
    this.calls.push(request);
    return this.answer(request);
  }
  async readEvents(): Promise<EventStreamRead> {
    return { status: 200, events: [], ended: true };
  }
}

const tool = (name: string) => STRATA_TOOLS.find((t) => t.name === name)!;
const ARN = 'arn:aws:s3:::bucket/with slash';

async function requestOf(name: string, args: Record<string, unknown>): Promise<RestRequest[]> {
  const rest = new RecordingRest();
  const parsed = tool(name).input.parse(args) as Record<string, unknown>;
  const result = await tool(name).run(parsed, { rest, tenant: new DefaultTenant(rest) });
  expect(result.isError).toBeFalsy();
  return rest.calls;
}

const propertiesOf = (schema: z.ZodType): string[] => Object.keys((z.toJSONSchema(schema, { io: 'input' }) as { properties?: object }).properties ?? {}).sort();

describe('the MCP tools', () => {
  it('have unique names and object inputs that take an optional tenant (but list_plugins)', () => {
    expect(new Set(STRATA_TOOLS.map((t) => t.name)).size).toBe(STRATA_TOOLS.length);
    for (const t of STRATA_TOOLS) {
      const schema = z.toJSONSchema(t.input, { io: 'input' }) as { type: string; properties: Record<string, unknown>; required?: string[] };
      expect({ name: t.name, type: schema.type }).toEqual({ name: t.name, type: 'object' });
      if (t.name !== 'list_plugins') {
        expect(schema.properties).toHaveProperty('tenant');
        expect(schema.required ?? []).not.toContain('tenant');
      }
    }
  });

  it.each([
    ['start_discovery', createJobRequestSchema, ['idempotency_key']],
    ['list_jobs', listJobsQuerySchema, []],
    ['search_nodes', listNodesQuerySchema, []],
    ['get_node', nodeDetailQuerySchema, ['node_id']],
    ['node_neighbors', neighborsQuerySchema, ['node_id']],
    ['list_findings', listFindingsQuerySchema, []],
    ['mute_finding', muteFindingRequestSchema, ['finding_id']],
    ['compliance_posture', complianceQuerySchema, ['framework_id']],
  ] as const)('%s takes exactly its REST route\'s fields (plus tenant and path parameters)', (name, routeSchema, extra) => {
    expect(propertiesOf(tool(name).input)).toEqual([...Object.keys(routeSchema.shape), 'tenant', ...extra].sort());
  });

  it('turns arguments into the REST calls they mirror, in the token\'s tenant unless told another, path parameters encoded', async () => {
    expect(await requestOf('list_plugins', {})).toEqual([{ method: 'GET', path: '/api/v1/plugins' }]);
    expect(await requestOf('start_discovery', { name: 'n', plugins: ['demo'], credential_id: 'c', idempotency_key: 'k-1' })).toEqual([
      { method: 'POST', path: '/api/v1/tenants/acme/jobs', body: { name: 'n', plugins: ['demo'], credential_id: 'c' }, headers: { 'idempotency-key': 'k-1' } },
    ]);
    expect(await requestOf('get_job', { tenant: 'globex', job_id: 'job-1' })).toEqual([{ method: 'GET', path: '/api/v1/tenants/globex/jobs/job-1' }]);
    expect(await requestOf('cancel_job', { job_id: 'job-1' })).toEqual([{ method: 'DELETE', path: '/api/v1/tenants/acme/jobs/job-1' }]);
    expect(await requestOf('get_node', { node_id: ARN })).toEqual([{ method: 'GET', path: `/api/v1/tenants/acme/nodes/${encodeURIComponent(ARN)}`, query: { edges_limit: 20 } }]);
    expect((await requestOf('node_neighbors', { node_id: ARN, depth: 2 }))[0]).toMatchObject({ path: `/api/v1/tenants/acme/nodes/${encodeURIComponent(ARN)}/neighbors`, query: { depth: 2 } });
    expect((await requestOf('search_nodes', { type: ['a', 'b'], limit: 5 }))[0]).toMatchObject({ path: '/api/v1/tenants/acme/nodes', query: { type: ['a', 'b'], limit: 5 } });
    expect(await requestOf('graph_summary', {})).toEqual([{ method: 'GET', path: '/api/v1/tenants/acme/graph/summary' }]);
    expect(await requestOf('get_finding', { finding_id: `rule-1:${ARN}` })).toEqual([{ method: 'GET', path: `/api/v1/tenants/acme/findings/${encodeURIComponent(`rule-1:${ARN}`)}` }]);
    expect(await requestOf('mute_finding', { finding_id: 'r:n', reason: 'accepted' })).toEqual([{ method: 'POST', path: '/api/v1/tenants/acme/findings/r%3An/mute', body: { reason: 'accepted' } }]);
    expect(await requestOf('compliance_posture', { framework_id: 'cis-aws-3.0', account: '1' })).toEqual([{ method: 'GET', path: '/api/v1/tenants/acme/compliance/frameworks/cis-aws-3.0', query: { account: '1' } }]);
    expect(await requestOf('compliance_posture', {})).toEqual([{ method: 'GET', path: '/api/v1/tenants/acme/compliance/frameworks', query: {} }]);
    expect(await requestOf('kubernetes_governance', { cluster: 'arn:aws:eks:eu-west-1:1:cluster/prod' })).toEqual([
      { method: 'GET', path: `/api/v1/tenants/acme/kubernetes/clusters/${encodeURIComponent('arn:aws:eks:eu-west-1:1:cluster/prod')}/governance` },
    ]);
    expect(await requestOf('kubernetes_action_plan', { cluster: 'prod' })).toEqual([{ method: 'GET', path: '/api/v1/tenants/acme/kubernetes/clusters/prod/action-plan' }]);
    expect(await requestOf('get_settings', {})).toEqual([
      { method: 'GET', path: '/api/v1/tenants/acme/settings/general' },
      { method: 'GET', path: '/api/v1/tenants/acme/settings/scan-policy' },
    ]);
    expect(await requestOf('update_settings', { scan_policy: { providers: { aws: null } } })).toEqual([
      { method: 'PATCH', path: '/api/v1/tenants/acme/settings/scan-policy', body: { providers: { aws: null } } },
    ]);
    expect(await requestOf('generate_report', { format: 'pdf', title: 'Q4' })).toEqual([{ method: 'POST', path: '/api/v1/tenants/acme/reports', body: { format: 'pdf', title: 'Q4' } }]);
  });

  it('says which settings section was changed when the next one fails', async () => {
    const rest = new RecordingRest();
    rest.answer = (request) => (request.path.endsWith('scan-policy') ? { status: 403, body: { error: 'This token lacks the permission settings:write', code: 'forbidden' } } : { status: 200, body: { currency: 'EUR' } });
    const result = await tool('update_settings').run({ general: { currency: 'EUR' }, scan_policy: { global: { lookback_days: 7 } } }, { rest, tenant: new DefaultTenant(rest) });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'Permission denied: This token lacks the permission settings:write (forbidden)\n(general was changed before this failed)' }]);
    const nothing = await tool('update_settings').run({}, { rest, tenant: new DefaultTenant(rest) });
    expect(nothing).toMatchObject({ isError: true, content: [{ type: 'text', text: 'Invalid input: give general, scan_policy or both' }] });
  });
});
