import { examples, type CommandGroup } from '../core/command-helpers';

/**
 * `strata mcp`: an MCP server on stdin/stdout for an agent on this machine, relaying to the
 * gateway's `/mcp` with the logged-in token (`@strata/mcp-stdio`), so its tools are the gateway's.
 * stdout carries protocol messages only; the MCP SDK is loaded only by this command.
 */
export const mcpCommands: CommandGroup = (program, cli) => {
  examples(
    program
      .command('mcp')
      .description("Serve Strata's MCP tools on stdio for a local AI agent (relayed to the API's /mcp with your token)")
      .action(async (_options, command) => {
        const session = cli.session(command);
        const explicitTenant = session.options.tenant || cli.io.env['STRATA_TENANT'] || session.profile.tenant;
        const { runStdioMcpServer } = await import('@strata/mcp-stdio');
        const server = await runStdioMcpServer({
          url: session.profile.url!,
          token: session.profile.token!,
          ...(explicitTenant ? { tenant: explicitTenant } : {}),
          stdin: cli.io.stdin,
          stdout: cli.io.stdout,
        });
        await server.closed;
      }),
    [
      'strata mcp',
      'strata mcp --tenant acme-corp',
      `# an agent's MCP config: {"command": "npx", "args": ["strata", "mcp"], "env": {"STRATA_URL": "http://127.0.0.1:8080", "STRATA_TOKEN": "strata_..."}}`,
    ],
  );
};
