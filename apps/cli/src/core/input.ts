import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CliIo } from './io';
import { CliError, UsageError } from './errors';

/** All of stdin as text. */
export async function readStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A secret or document named by a flag: a file path, or `-` for stdin. Secrets never come from
 * argv itself, where `ps` and shell history would show them.
 */
export async function readSource(io: CliIo, source: string, what: string): Promise<string> {
  if (source === '-') {
    if (io.stdin.isTTY) throw new UsageError(`${what}: "-" reads stdin, which is a terminal here: pipe it in or name a file`);
    return readStdin(io);
  }
  try {
    return readFileSync(source, 'utf8');
  } catch (error) {
    throw new CliError(`${what}: cannot read ${source} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** At most one flag may read stdin: the secrets would otherwise run together. */
export function checkOneStdin(flags: Record<string, string | undefined>): void {
  const fromStdin = Object.entries(flags).filter(([, value]) => value === '-');
  if (fromStdin.length > 1) throw new UsageError(`Only one flag can read stdin ("-"): ${fromStdin.map(([name]) => name).join(', ')}`);
}

/** A JSON or YAML document (a job's config, a schedule). */
export function parseDocument(text: string, what: string): unknown {
  try {
    return parseYaml(text);
  } catch (error) {
    throw new UsageError(`${what} is neither JSON nor YAML: ${(error as Error).message}`);
  }
}

/**
 * Asks for a secret on the terminal without echoing it; when stdin is not a terminal, reads all
 * of it (`echo $TOKEN | strata login ...`).
 */
export async function readSecret(io: CliIo, prompt: string): Promise<string> {
  if (!io.stdin.isTTY || !io.stdin.setRawMode) return (await readStdin(io)).trim();
  const stdin = io.stdin as NodeJS.ReadStream;
  // Echo off before the prompt shows: what is typed (or pasted) as soon as it appears must not
  // be echoed by the terminal in the moment between the two.
  stdin.setRawMode(true);
  io.stderr.write(prompt);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (chunk: string) => {
        for (const char of chunk) {
          if (char === '\r' || char === '\n' || char === '\u0004') {
            stdin.off('data', onData);
            return resolve(typed.trim());
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            return reject(new CliError('Cancelled'));
          }
          if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
          else typed += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}
