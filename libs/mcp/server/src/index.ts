export { McpModule } from './gateway/mcp.module';
export { McpController, MCP_PATH } from './gateway/mcp.controller';
export { createStrataMcpServer, type StrataMcpServerOptions } from './server/strata-mcp-server';
export { STRATA_TOOLS } from './tools/strata-tools';
export type { StrataTool } from './tools/strata-tool';
export { JOB_LOG_TEMPLATE } from './tools/job-log-resource';
export { InjectRest } from './rest/inject-rest';
export type { StrataRest, RestRequest, RestResponse } from './rest/strata-rest';
