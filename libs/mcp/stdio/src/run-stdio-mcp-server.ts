import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';

/** The header naming the tenant the gateway's tools default to (instead of the token's own). */
export const MCP_TENANT_HEADER = 'x-strata-tenant';

export interface StdioMcpServerOptions {
  /** The Strata API's base URL, e.g. `http://127.0.0.1:8080`; its MCP endpoint is `<url>/mcp`. */
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
  /** Resolves when the agent closes stdin (or `close()` is called). */
  closed: Promise<void>;
  close(): Promise<void>;
}

const isRequest = (message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId; method: string } => 'method' in message && 'id' in message;

/** What went wrong upstream, for the agent: the API's own error message when it answered. */
function describeFailure(error: unknown, endpoint: URL): string {
  if (error instanceof StreamableHTTPError) {
    const envelope = /\{.*\}\s*$/s.exec(error.message)?.[0];
    let said = error.message;
    try {
      said = envelope ? String((JSON.parse(envelope) as { error?: unknown }).error ?? error.message) : error.message;
    } catch {
      // not the API's envelope: the transport's message as it is
    }
    return `Strata at ${endpoint.origin} answered ${error.code}: ${said}`;
  }
  const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
  return `Cannot reach Strata at ${endpoint.origin}: ${cause}`;
}

/**
 * `strata mcp`: an MCP server on stdin/stdout for a local agent, relaying every message to the
 * gateway's Streamable HTTP endpoint (`<url>/mcp`) with the token. The tools are therefore the
 * gateway's own, with its version, checks and tenancy, and this needs nothing but the MCP SDK (no
 * Strata server code in the CLI). A request the gateway cannot be asked (unreachable, bad token)
 * is answered with a JSON-RPC error that says so. stdout carries only protocol messages.
 */
export async function runStdioMcpServer(options: StdioMcpServerOptions): Promise<RunningStdioMcpServer> {
  const endpoint = new URL('mcp', options.url.endsWith('/') ? options.url : `${options.url}/`);
  const upstream = new StreamableHTTPClientTransport(endpoint, {
    requestInit: { headers: { authorization: `Bearer ${options.token}`, ...(options.tenant ? { [MCP_TENANT_HEADER]: options.tenant } : {}) } },
  });
  const local = new StdioServerTransport(
    (options.stdin ?? process.stdin) as ConstructorParameters<typeof StdioServerTransport>[0],
    (options.stdout ?? process.stdout) as ConstructorParameters<typeof StdioServerTransport>[1],
  );
  let initializeId: RequestId | undefined;

  local.onmessage = (message) => {
    if (isRequest(message) && message.method === 'initialize') initializeId = message.id;
    upstream.send(message).catch((error: unknown) => {
      if (isRequest(message)) void local.send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: describeFailure(error, endpoint) } });
    });
  };
  upstream.onmessage = (message) => {
    // The version agreed at initialize goes on every later request, as the SDK's own client does.
    if ('result' in message && message.id === initializeId && typeof message.result['protocolVersion'] === 'string') {
      upstream.setProtocolVersion(message.result['protocolVersion']);
    }
    void local.send(message);
  };
  // Failures are answered to the agent above; nothing else may be written to stdout.
  upstream.onerror = () => undefined;
  local.onerror = () => undefined;

  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => (closedResolve = resolve));
  // Closing one side closes the other, whose close handler calls this again: once is enough.
  // (each transport's close() calls its onclose at once, so the flag is set before either runs).
  let closing = false;
  const close = async (): Promise<void> => {
    if (closing) return closed;
    closing = true;
    await Promise.allSettled([local.close(), upstream.close()]);
    closedResolve();
  };
  local.onclose = () => void close();
  (options.stdin ?? process.stdin).once('end', () => void close());
  await upstream.start();
  await local.start();
  return { closed, close };
}
