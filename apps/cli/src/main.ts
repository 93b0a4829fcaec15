import { processIo } from './core/io';
import { runCli } from './program';

/** Runs the CLI as the process: its arguments, streams and environment; exits with its code. */
export async function runAsProcess(): Promise<void> {
  const code = await runCli(process.argv.slice(2), processIo());
  process.exitCode = code;
  // Let pending writes (a piped stdout) drain, then leave even if a stream or timer holds on.
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) void runAsProcess();
