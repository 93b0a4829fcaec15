export { runStdioMcpServer, MCP_TENANT_HEADER, type StdioMcpServerOptions, type RunningStdioMcpServer } from './run-stdio-mcp-server';
