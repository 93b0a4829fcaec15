import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliError } from './errors';
import type { CliIo } from './io';

/** The file name of `Content-Disposition: attachment; filename="..."`, reduced to a base name. */
export function attachmentName(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const raw = star ? decodeURIComponent(star[1]!.trim().replace(/^"|"$/g, '')) : plain?.[1]?.trim();
  const name = raw ? basename(raw) : undefined;
  return name && name !== '.' && name !== '..' ? name : undefined;
}

/**
 * Saves a file answer: to `out`, or to stdout for `-` or when `out` is absent and stdout is piped;
 * else (a terminal, no `-o`) to the attachment's name in the working directory, never binary
 * bytes on a terminal. Answers where it went.
 */
export async function saveResponse(io: CliIo, response: Response, out: string | undefined, fallbackName: string): Promise<string> {
  const bytes = Buffer.from(await response.arrayBuffer());
  if (out === '-' || (out === undefined && !io.stdout.isTTY)) {
    await new Promise<void>((done, fail) => io.stdout.write(bytes, (error) => (error ? fail(error) : done())));
    return 'stdout';
  }
  const target = out ?? attachmentName(response.headers.get('content-disposition')) ?? fallbackName;
  try {
    writeFileSync(target, bytes);
  } catch (error) {
    throw new CliError(`Cannot write ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return target;
}
