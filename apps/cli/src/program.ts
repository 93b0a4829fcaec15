import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { COMMAND_GROUPS } from './commands';
import type { CommandGroup } from './core/command-helpers';
import { CliContext } from './core/context';
import { CliError, ExitCode } from './core/errors';
import type { CliIo } from './core/io';
import { OUTPUT_FORMATS } from './core/output';

/** The CLI's version: its own package.json (beside src/ in the checkout, beside dist/ when packed). */
function version(): string {
  for (const candidate of [join(__dirname, '..', 'package.json'), join(__dirname, '..', '..', 'package.json')]) {
    try {
      const parsed = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (parsed.version && parsed.name?.includes('strata')) return parsed.version;
    } catch {
      // not there: the next place
    }
  }
  return '0.0.0';
}

/** The root command with every group registered; errors are thrown, never `process.exit`. */
export function createProgram(io: CliIo, groups: readonly CommandGroup[] = COMMAND_GROUPS): Command {
  const program = new Command('strata')
    .description('The Strata command line: discovery jobs, the graph, findings and more, over the REST API')
    .version(version())
    .addOption(new Option('--profile <name>', 'the profile of the config file to use (env: STRATA_PROFILE)'))
    .addOption(new Option('--tenant <id>', 'the tenant to act in (env: STRATA_TENANT; default: the profile\'s, else the token\'s own)'))
    .addOption(new Option('--output <format>', 'table for people, json or yaml for scripts (the API\'s JSON unchanged)').choices(OUTPUT_FORMATS).default('table'))
    .addOption(new Option('-q, --quiet', 'print ids only'))
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText(
      'after',
      `
Environment: STRATA_URL and STRATA_TOKEN override the profile's URL and token; STRATA_TENANT the tenant.
Exit codes: 0 ok, 1 error (or a job that failed or was cancelled), 2 usage, 3 authentication, 4 --fail-on.

Examples:
  $ strata login --url http://127.0.0.1:8080
  $ strata jobs create --plugin demo --credential cred-demo --wait --fail-on high
  $ strata findings list --severity critical,high --output json
`,
    );
  const cli = new CliContext(io);
  for (const register of groups) register(program, cli);
  return program;
}

/** Runs the CLI on `argv` (without node and the script) and answers its exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    return exitCodeOf(error, io);
  }
}

function exitCodeOf(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    // Commander printed its message (or the help) already.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
    return ExitCode.usage;
  }
  if (error instanceof CliError) {
    io.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  io.stderr.write(`error: ${(error as Error)?.message ?? String(error)}\n`);
  return ExitCode.failure;
}
