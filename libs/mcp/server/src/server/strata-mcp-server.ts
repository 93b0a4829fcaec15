import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { StrataRest } from '../rest/strata-rest';
import { registerJobLogResource } from '../tools/job-log-resource';
import { STRATA_TOOLS } from '../tools/strata-tools';
import { DefaultTenant, TenantUnknownError } from '../tools/tenant-of';
import { toolError } from '../tools/tool-result';

export interface StrataMcpServerOptions {
  /** The REST API under the caller's token. */
  rest: StrataRest;
  /** The server's version, reported to clients. */
  version: string;
  /** The tenant tools act in when their `tenant` is left out (default: the token's own, asked from the API). */
  tenant?: string;
}

const INSTRUCTIONS =
  'Strata discovers infrastructure into a graph of resources and audits it. Start a discovery with start_discovery, follow it with get_job ' +
  '(or its log resource strata://tenants/{tenant}/jobs/{job}/log), then explore with search_nodes, get_node, node_neighbors and graph_summary, ' +
  'and review findings with list_findings, get_finding and compliance_posture. Every tool acts in the token\'s tenant unless given `tenant`, ' +
  "with the token's permissions: a tool error names a missing permission.";

/**
 * An MCP server offering Strata's tools and the job log resource, each a call to the REST API
 * through `rest`: the gateway's `/mcp` builds one per request, over `inject()`. The stdio server
 * (`@strata/mcp-stdio`) relays to `/mcp`, so both transports offer these same tools.
 */
export function createStrataMcpServer({ rest, version, tenant }: StrataMcpServerOptions): McpServer {
  const server = new McpServer({ name: 'strata', title: 'Strata', version }, { instructions: INSTRUCTIONS, capabilities: { tools: {}, resources: {} } });
  const defaultTenant = new DefaultTenant(rest, tenant);
  for (const tool of STRATA_TOOLS) {
    server.registerTool(
      tool.name,
      { title: tool.title, description: tool.description, inputSchema: tool.input, annotations: tool.annotations },
      async (args: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          return await tool.run(args, { rest, tenant: defaultTenant });
        } catch (error) {
          if (error instanceof TenantUnknownError) return toolError(error.message);
          throw error;
        }
      },
    );
  }
  registerJobLogResource(server, rest, defaultTenant);
  return server;
}
