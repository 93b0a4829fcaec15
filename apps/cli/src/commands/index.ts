import type { CommandGroup } from '../core/command-helpers';
import { completionCommands } from './completion.command';
import { credentialCommands } from './credentials.command';
import { diagramCommands } from './diagrams.command';
import { findingCommands } from './findings.command';
import { jobCommands } from './jobs.command';
import { loginCommands } from './login.command';
import { mcpCommands } from './mcp.command';
import { nodeCommands } from './nodes.command';
import { pluginCommands } from './plugins.command';
import { reportCommands } from './reports.command';
import { scheduleCommands } from './schedules.command';
import { statusCommands } from './status.command';
import { tenantCommands } from './tenants.command';
import { tokenCommands } from './tokens.command';
import { webhookCommands } from './webhooks.command';

/**
 * Every command group, in `--help` order. A new group (e.g. `strata mcp`) is one file exporting a
 * `CommandGroup` and one line here.
 */
export const COMMAND_GROUPS: readonly CommandGroup[] = [
  loginCommands,
  statusCommands,
  pluginCommands,
  tenantCommands,
  tokenCommands,
  credentialCommands,
  jobCommands,
  nodeCommands,
  findingCommands,
  scheduleCommands,
  webhookCommands,
  reportCommands,
  diagramCommands,
  mcpCommands,
  completionCommands,
];
