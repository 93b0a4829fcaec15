import { chmodSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `path` and any missing parents, as `mkdirSync(path, { recursive: true })` would, one
 * level at a time. Node's recursive mkdir never returns for a path under /proc (procfs answers
 * "no such file" to creating an entry, and Node then retries forever by creating the parent,
 * which exists): a data directory set there by mistake hung the start. Here the first level that
 * cannot be made fails with the system's error (ENOENT, EACCES, ENOTDIR...), naming the path.
 *
 * Each level it creates is 0700 whatever the umask: what goes in a data directory (the SQLite
 * file, the secret key, a NATS store) is no one else's to read. A directory that exists is left
 * as its owner made it.
 */
export function makeDirectory(path: string): void {
  const target = resolve(path);
  // A file where the directory should be: mkdir says so (EEXIST), as the recursive one did.
  if (existsSync(target) && !statSync(target).isDirectory()) mkdirSync(target);
  const missing: string[] = [];
  for (let current = target; !existsSync(current); current = dirname(current)) {
    missing.push(current);
    if (dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      mkdirSync(directory, { mode: 0o700 });
      chmodSync(directory, 0o700); // the umask may have taken bits off (and 0700 is all it could take)
    } catch (error) {
      // Made meanwhile by another process starting on the same data directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
