import { listFindingsQuerySchema, findingIdSchema, muteFindingRequestSchema, complianceQuerySchema, frameworkIdSchema } from '@strata/audit-api';
import { createJobRequestSchema, idSchema, listJobsQuerySchema } from '@strata/contracts';
import { listNodesQuerySchema, neighborsQuerySchema, nodeDetailQuerySchema, nodeIdSchema } from '@strata/inventory-api';
import { clusterNameSchema } from '@strata/kubernetes-api';
import { updateGeneralSettingsRequestSchema, updateScanPolicyRequestSchema } from '@strata/tenancy-settings';
import { z } from 'zod';
import { segment } from '../rest/strata-rest';
import { READ_ONLY, queryOrBody, restTool, tenantScoped, WRITES, type StrataTool } from './strata-tool';
import { toolError, toolResultOf, toolSuccess, restError } from './tool-result';
import { generateReportTool, getReportTool } from './generate-report.tool';

const jobId = idSchema.describe('The job id, e.g. job-abc123def456');

const listPlugins: StrataTool = {
  name: 'list_plugins',
  title: 'List discovery plugins',
  description: 'Every discovery plugin (provider) with whether this build ships it (`available`), its credential kinds and config. GET /api/v1/plugins.',
  input: z.object({}).strict(),
  annotations: READ_ONLY,
  run: async (_args, { rest: api }) => toolResultOf(await api.send({ method: 'GET', path: '/api/v1/plugins' })),
};

const startDiscovery = restTool({
  name: 'start_discovery',
  title: 'Start a discovery job',
  description:
    'Creates and starts a discovery job running the plugins against a stored credential; answers the job (status pending). Follow it with get_job, ' +
    'or read its log resource. The same idempotency_key with the same arguments returns the same job. Needs jobs:create. POST /api/v1/tenants/{t}/jobs.',
  input: tenantScoped({
    ...createJobRequestSchema.shape,
    idempotency_key: z.string().min(1).max(200).optional().describe('Sent as the Idempotency-Key header: retrying with it never starts a second job'),
  }),
  annotations: WRITES,
  request: (args, tenant) => ({
    method: 'POST',
    path: `${tenant}/jobs`,
    body: queryOrBody(args, 'idempotency_key'),
    ...(args.idempotency_key ? { headers: { 'idempotency-key': args.idempotency_key } } : {}),
  }),
});

const getJob = restTool({
  name: 'get_job',
  title: 'Get a job',
  description: "A discovery job's status, phase and percent, counts per resource type, stats and error. Needs jobs:read. GET /api/v1/tenants/{t}/jobs/{job_id}.",
  input: tenantScoped({ job_id: jobId }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/jobs/${segment(args.job_id)}` }),
});

const listJobs = restTool({
  name: 'list_jobs',
  title: 'List jobs',
  description: 'Discovery jobs, newest first by default, filtered by status; numbered pages (page, per_page) or keyset (cursor, limit). Needs jobs:read. GET /api/v1/tenants/{t}/jobs.',
  input: tenantScoped(listJobsQuerySchema.shape),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/jobs`, query: queryOrBody(args) }),
});

const cancelJob = restTool({
  name: 'cancel_job',
  title: 'Cancel a job',
  description: 'Cancels a pending or running job; what it already discovered is kept. A job that has ended is a conflict. Needs jobs:cancel. DELETE /api/v1/tenants/{t}/jobs/{job_id}.',
  input: tenantScoped({ job_id: jobId }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  request: (args, tenant) => ({ method: 'DELETE', path: `${tenant}/jobs/${segment(args.job_id)}` }),
});

const searchNodes = restTool({
  name: 'search_nodes',
  title: 'Search the resource graph',
  description:
    'Discovered resources (nodes) filtered by provider, type, account, region, tags, name prefix, status or the job that last saw them; keyset pages ' +
    '(pass next_cursor back as cursor). Needs nodes:read. GET /api/v1/tenants/{t}/nodes.',
  input: tenantScoped(listNodesQuerySchema.shape),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/nodes`, query: queryOrBody(args) }),
});

const getNode = restTool({
  name: 'get_node',
  title: 'Get a node',
  description: 'One resource with its attributes, tags and its edges each way (the first edges_limit). Needs nodes:read. GET /api/v1/tenants/{t}/nodes/{node_id}.',
  input: tenantScoped({ node_id: nodeIdSchema.describe('The node id as search_nodes shows it (e.g. an ARN), not encoded'), ...nodeDetailQuerySchema.shape }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/nodes/${segment(args.node_id)}`, query: queryOrBody(args, 'node_id') }),
});

const nodeNeighbors = restTool({
  name: 'node_neighbors',
  title: 'What is attached to a node',
  description: 'Nodes reachable from a node over active edges within depth hops (1-3), optionally only some edge types or one direction. Needs nodes:read. GET /api/v1/tenants/{t}/nodes/{node_id}/neighbors.',
  input: tenantScoped({ node_id: nodeIdSchema.describe('The node id, not encoded'), ...neighborsQuerySchema.shape }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/nodes/${segment(args.node_id)}/neighbors`, query: queryOrBody(args, 'node_id') }),
});

const graphSummary = restTool({
  name: 'graph_summary',
  title: 'Graph summary',
  description: 'Counts of active resources by provider, type, account and region, as of the last discovery. Needs nodes:read. GET /api/v1/tenants/{t}/graph/summary.',
  input: tenantScoped({}),
  request: (_args, tenant) => ({ method: 'GET', path: `${tenant}/graph/summary` }),
});

const listFindings = restTool({
  name: 'list_findings',
  title: 'List findings',
  description:
    'Compliance and cost-waste findings (open by default), filtered by status, kind, severity, rule, framework, account, region, node or job; ' +
    'with the total and the estimated monthly savings. Needs findings:read. GET /api/v1/tenants/{t}/findings.',
  input: tenantScoped(listFindingsQuerySchema.shape),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/findings`, query: queryOrBody(args) }),
});

const getFinding = restTool({
  name: 'get_finding',
  title: 'Get a finding',
  description: "One finding with its rule's description, remediation and references, and its history. Needs findings:read. GET /api/v1/tenants/{t}/findings/{finding_id}.",
  input: tenantScoped({ finding_id: findingIdSchema.describe('The finding id (`<rule id>:<node id>`), not encoded') }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/findings/${segment(args.finding_id)}` }),
});

const muteFinding = restTool({
  name: 'mute_finding',
  title: 'Mute a finding',
  description:
    'Mutes a finding (with a reason, optionally until a time): it leaves the default list, the posture and notifications until the mute ends. ' +
    'Needs findings:write. POST /api/v1/tenants/{t}/findings/{finding_id}/mute.',
  input: tenantScoped({ finding_id: findingIdSchema.describe('The finding id, not encoded'), ...muteFindingRequestSchema.shape }),
  annotations: { ...WRITES, idempotentHint: true },
  request: (args, tenant) => ({ method: 'POST', path: `${tenant}/findings/${segment(args.finding_id)}/mute`, body: queryOrBody(args, 'finding_id') }),
});

const compliancePosture = restTool({
  name: 'compliance_posture',
  title: 'Compliance posture',
  description:
    "Each framework's score and control counts; with framework_id, that framework control by control (passing, failing with finding ids, not evaluated). " +
    'Needs findings:read. GET /api/v1/tenants/{t}/compliance/frameworks[/{framework_id}].',
  input: tenantScoped({ framework_id: frameworkIdSchema.optional(), ...complianceQuerySchema.shape }),
  request: (args, tenant) => ({
    method: 'GET',
    path: `${tenant}/compliance/frameworks${args.framework_id ? `/${segment(args.framework_id)}` : ''}`,
    query: queryOrBody(args, 'framework_id'),
  }),
});

const kubernetesGovernance = restTool({
  name: 'kubernetes_governance',
  title: 'Kubernetes governance report',
  description:
    "A cluster's security posture by namespace and severity, resource hygiene (requests, limits, probes, PDBs), cost signals with savings and RBAC exposure. " +
    'Needs nodes:read and findings:read. GET /api/v1/tenants/{t}/kubernetes/clusters/{cluster}/governance.',
  input: tenantScoped({ cluster: clusterNameSchema.describe("The cluster name: the job's cluster_name, else the kubeconfig context's cluster; not encoded") }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/kubernetes/clusters/${segment(args.cluster)}/governance` }),
});

const kubernetesActionPlan = restTool({
  name: 'kubernetes_action_plan',
  title: 'Kubernetes clean-up action plan',
  description:
    "A cluster's clean-up steps grouped by execution risk (safe, review, risky), each with its resources, reason, savings and the kubectl command; nothing is run. " +
    'Needs nodes:read and findings:read. GET /api/v1/tenants/{t}/kubernetes/clusters/{cluster}/action-plan.',
  input: tenantScoped({ cluster: clusterNameSchema.describe('The cluster name, not encoded') }),
  request: (args, tenant) => ({ method: 'GET', path: `${tenant}/kubernetes/clusters/${segment(args.cluster)}/action-plan` }),
});

const getSettings: StrataTool = {
  name: 'get_settings',
  title: 'Get settings',
  description:
    "The tenant's settings: general (currency with its exchange rate, provider API timeout, notification trigger mode) and the scan policy. " +
    'Needs settings:read. GET /api/v1/tenants/{t}/settings/general and /settings/scan-policy.',
  input: tenantScoped({}),
  annotations: READ_ONLY,
  async run(args, { rest: api, tenant }) {
    const base = `/api/v1/tenants/${segment(await tenant.of(args['tenant'] as string | undefined))}/settings`;
    const general = await api.send({ method: 'GET', path: `${base}/general` });
    if (general.status !== 200) return restError(general);
    const scanPolicy = await api.send({ method: 'GET', path: `${base}/scan-policy` });
    if (scanPolicy.status !== 200) return restError(scanPolicy);
    return toolSuccess({ general: general.body, scan_policy: scanPolicy.body });
  },
};

const updateSettingsInput = tenantScoped({
  general: updateGeneralSettingsRequestSchema.optional().describe('Fields of the general section to change (PATCH .../settings/general)'),
  scan_policy: updateScanPolicyRequestSchema.optional().describe('A deep merge into the scan policy (PATCH .../settings/scan-policy); null removes a field or a provider override'),
});

const updateSettings: StrataTool = {
  name: 'update_settings',
  title: 'Change settings',
  description:
    'Changes general settings and/or the scan policy (each a partial update, as the REST PATCH routes take them); answers each changed section as it is after the change. ' +
    'Needs settings:write. PATCH /api/v1/tenants/{t}/settings/general and /settings/scan-policy.',
  input: updateSettingsInput,
  annotations: { ...WRITES, idempotentHint: true },
  async run(args, { rest: api, tenant }) {
    const { general, scan_policy } = args as z.output<typeof updateSettingsInput>;
    if (general === undefined && scan_policy === undefined) return toolError('Invalid input: give general, scan_policy or both');
    const base = `/api/v1/tenants/${segment(await tenant.of(args['tenant'] as string | undefined))}/settings`;
    const changed: Record<string, unknown> = {};
    for (const [section, path, body] of [['general', 'general', general], ['scan_policy', 'scan-policy', scan_policy]] as const) {
      if (body === undefined) continue;
      const answer = await api.send({ method: 'PATCH', path: `${base}/${path}`, body });
      if (answer.status !== 200) {
        const failed = restError(answer);
        const applied = Object.keys(changed);
        if (applied.length === 0) return failed;
        // The sections are separate REST calls: say plainly that the first one was applied.
        return toolError(`${(failed.content[0] as { text: string }).text}\n(${applied.join(', ')} was changed before this failed)`, { ...failed.structuredContent, applied: changed });
      }
      changed[section] = answer.body;
    }
    return toolSuccess(changed);
  },
};

/** Every tool the MCP server offers, in the order they are listed. */
export const STRATA_TOOLS: readonly StrataTool[] = [
  listPlugins,
  startDiscovery,
  getJob,
  listJobs,
  cancelJob,
  searchNodes,
  getNode,
  nodeNeighbors,
  graphSummary,
  listFindings,
  getFinding,
  muteFinding,
  compliancePosture,
  kubernetesGovernance,
  kubernetesActionPlan,
  getSettings,
  updateSettings,
  generateReportTool,
  getReportTool,
];
