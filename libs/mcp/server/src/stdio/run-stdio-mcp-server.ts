import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { packageVersion } from '@strata/platform-http';
import { FetchRest } from '../rest/fetch-rest';
import { createStrataMcpServer } from '../server/strata-mcp-server';

export interface StdioMcpServerOptions {
  /** The Strata API's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** A Strata API token; every tool acts with its tenant and permissions. */
  token: string;
  /** The tenant tools act in when their `tenant` is left out (default: the token's own). */
  tenant?: string;
  /** Default: the process's stdin and stdout. */
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
}

export interface RunningStdioMcpServer {
  /** Resolves when the client closes stdin (or `close()` is called). */
  closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * `strata mcp`: the MCP server on stdin/stdout for a local agent, each tool a call to the REST API
 * at `url` with `token` (the same tools as the gateway's `/mcp`). stdout carries only protocol
 * messages: nothing else may be written to it while this runs.
 */
export async function runStdioMcpServer(options: StdioMcpServerOptions): Promise<RunningStdioMcpServer> {
  const rest = new FetchRest({ url: options.url, token: options.token, userAgent: `strata-mcp/${packageVersion()}` });
  const server = createStrataMcpServer({ rest, version: packageVersion(), ...(options.tenant ? { tenant: options.tenant } : {}) });
  const transport = new StdioServerTransport(
    (options.stdin ?? process.stdin) as ConstructorParameters<typeof StdioServerTransport>[0],
    (options.stdout ?? process.stdout) as ConstructorParameters<typeof StdioServerTransport>[1],
  );
  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  transport.onclose = () => closedResolve();
  await server.connect(transport);
  const stdin = options.stdin ?? process.stdin;
  stdin.once('end', () => void server.close());
  return { closed, close: () => server.close() };
}
