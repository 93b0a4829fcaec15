import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { segment, type StrataRest } from '../rest/strata-rest';
import type { DefaultTenant } from './tenant-of';

export const JOB_LOG_TEMPLATE = 'strata://tenants/{tenant}/jobs/{job}/log';

/** How long a read waits for the next line of a running job's log before answering what exists so far. */
const QUIET_MS = 1_000;
const MAX_READ_MS = 15_000;
const LISTED_JOBS = 20;

interface LogLine {
  ts?: unknown;
  level?: unknown;
  msg?: unknown;
}

const lineOf = (data: string): string => {
  try {
    const { ts, level, msg } = JSON.parse(data) as LogLine;
    return `${String(ts)} ${String(level).toUpperCase()} ${String(msg)}`;
  } catch {
    return data;
  }
};

const errorOf = (status: number, body: unknown): string => {
  const envelope = (body ?? {}) as { error?: unknown; code?: unknown };
  return `${status === 403 ? 'Permission denied' : status === 404 ? 'Not found' : `HTTP ${status}`}: ${String(envelope.error ?? '')} (${String(envelope.code ?? status)})`;
};

/**
 * A job's log as an MCP resource, `strata://tenants/{tenant}/jobs/{job}/log`: the lines of its
 * log stream (`GET .../jobs/{job}/stream`), all of them for a job that has ended, what exists so
 * far for one that runs. Listing shows the logs of the default tenant's latest jobs.
 */
export function registerJobLogResource(server: McpServer, rest: StrataRest, tenant: DefaultTenant): void {
  const template = new ResourceTemplate(JOB_LOG_TEMPLATE, {
    list: async () => {
      // A platform-wide token with several tenants has no default: it lists nothing rather than failing the whole list.
      const tenantId = await tenant.of(undefined).catch(() => undefined);
      if (tenantId === undefined) return { resources: [] };
      const jobs = await rest.send({ method: 'GET', path: `/api/v1/tenants/${segment(tenantId)}/jobs`, query: { per_page: LISTED_JOBS } });
      if (jobs.status !== 200) return { resources: [] };
      const items = ((jobs.body as { items?: { id: string; name?: string; status?: string }[] }).items ?? []);
      return {
        resources: items.map((job) => ({
          uri: `strata://tenants/${segment(tenantId)}/jobs/${segment(job.id)}/log`,
          name: `${job.id} log`,
          title: `Log of ${job.name ?? job.id} (${job.status ?? 'unknown'})`,
          mimeType: 'text/plain',
        })),
      };
    },
  });
  server.registerResource(
    'job_log',
    template,
    {
      title: "A discovery job's log",
      description: "The job's log lines (time, level, message): all of them once the job has ended, what exists so far while it runs (read again for more). Needs jobs:read.",
      mimeType: 'text/plain',
    },
    async (uri, variables) => {
      const tenantId = decodeURIComponent(String(variables['tenant']));
      const jobId = decodeURIComponent(String(variables['job']));
      const read = await rest.readEvents(`/api/v1/tenants/${segment(tenantId)}/jobs/${segment(jobId)}/stream`, { quietMs: QUIET_MS, maxMs: MAX_READ_MS });
      if (read.status !== 200 && read.status !== 204) throw new Error(errorOf(read.status, read.body));
      const lines = read.events.map(lineOf);
      if (!read.ended) lines.push('… the job is still running: read this resource again for the lines after these');
      return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: lines.join('\n') }] };
    },
  );
}
