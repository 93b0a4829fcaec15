import { Module } from '@nestjs/common';
import { McpController } from './mcp.controller';

/** The gateway's MCP endpoint, `POST /mcp` (see {@link McpController}). Needs nothing but the app's HTTP adapter. */
@Module({ controllers: [McpController] })
export class McpModule {}
