import { Controller, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { idSchema } from '@strata/contracts';
import { MCP_TENANT_HEADER } from '@strata/mcp-stdio';
import { ApiRoute, packageVersion, RequestValidationError } from '@strata/platform-http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InjectRest } from '../rest/inject-rest';
import { createStrataMcpServer } from '../server/strata-mcp-server';

export const MCP_PATH = 'mcp';

/**
 * `POST /mcp`: the MCP Streamable HTTP endpoint, stateless (no session: any gateway replica
 * answers any request, and a JSON response answers each). The global guard has already checked
 * the bearer token (401 with the error envelope without one); each tool then calls the REST API
 * through `inject()` with that same token. `GET /mcp` (a server-to-client stream) is not offered:
 * 405, which MCP clients take as "no stream".
 */
@Controller(MCP_PATH)
export class McpController {
  private readonly version = packageVersion();

  constructor(@Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost) {}

  @Post()
  @HttpCode(200)
  @ApiRoute({
    summary: 'MCP server (Streamable HTTP)',
    description:
      "Model Context Protocol for AI agents: JSON-RPC messages in, JSON out. The tools mirror the REST routes and act with the bearer token's tenant and permissions; " +
      'a job\'s log is the resource strata://tenants/{tenant}/jobs/{job}/log. Stateless: no Mcp-Session-Id. An `X-Strata-Tenant` header names the tenant ' +
      "tools act in when they are not given one (default: the token's own).",
    tags: ['mcp'],
    operationId: 'mcp',
    responses: { 200: { description: 'A JSON-RPC response (or 202 for a notification)' } },
  })
  async handle(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const tenant = this.tenantOf(request.headers[MCP_TENANT_HEADER]);
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const rest = new InjectRest(fastify, request.headers.authorization ?? '', request.id);
    const server = createStrataMcpServer({ rest, version: this.version, ...(tenant ? { tenant } : {}) });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
    await server.connect(transport);
    reply.hijack();
    reply.raw.setHeader('x-request-id', request.id);
    reply.raw.once('close', () => {
      void transport.close();
      void server.close();
    });
    try {
      await transport.handleRequest(request.raw, reply.raw, request.body);
    } catch (error) {
      request.log.error({ err: error }, 'MCP request failed');
      if (!reply.raw.headersSent) {
        reply.raw.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null }));
      } else if (!reply.raw.writableEnded) reply.raw.end();
    }
  }

  /** `X-Strata-Tenant`: the tenant the tools default to (the token must be allowed to act in it, which each REST call checks). */
  private tenantOf(header: string | string[] | undefined): string | undefined {
    if (header === undefined) return undefined;
    const parsed = idSchema.safeParse(header);
    if (!parsed.success) throw new RequestValidationError(`Invalid ${MCP_TENANT_HEADER} header`, [{ path: MCP_TENANT_HEADER, message: parsed.error.issues[0]!.message }]);
    return parsed.data;
  }
}
