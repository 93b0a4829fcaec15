import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `path` and any missing parents, as `mkdirSync(path, { recursive: true })` would, one
 * level at a time. Node's recursive mkdir never returns for a path under /proc (procfs answers
 * "no such file" to creating an entry, and Node then retries forever by creating the parent,
 * which exists): a data directory set there by mistake hung the start. Here the first level that
 * cannot be made fails with the system's error (ENOENT, EACCES, ENOTDIR...), naming the path.
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
      mkdirSync(directory);
    } catch (error) {
      // Made meanwhile by another process starting on the same data directory.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
