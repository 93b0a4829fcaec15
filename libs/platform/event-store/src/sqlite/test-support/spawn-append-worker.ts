import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (nx.json) above the append worker');
    dir = parent;
  }
  return dir;
}

/** A running `append-worker.ts`: its stdout lines, in order, and its exit. */
export interface AppendWorker {
  child: ChildProcessWithoutNullStreams;
  /** Resolves with the next stdout line (lines are queued, none is lost); rejects once the worker has exited. */
  nextLine(): Promise<string>;
  /** Resolves when the worker exits with 0; rejects with its stderr otherwise. */
  exited: Promise<void>;
}

/** Starts `append-worker.ts` in its own Node process (TypeScript through @swc-node/register). */
export function spawnAppendWorker(args: string[]): AppendWorker {
  const root = repositoryRoot();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'append-worker.ts'), ...args], {
    cwd: root,
    env: { ...process.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
  });
  const lines: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: Error) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reader = waiting.shift();
    if (reader) reader.resolve(line);
    else lines.push(line);
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let ended: Error | undefined;
  const exited = new Promise<void>((resolve, reject) => {
    const end = (error: Error | undefined) => {
      ended = error ?? new Error('append worker exited');
      for (const reader of waiting.splice(0)) reader.reject(ended);
      if (error) reject(error);
      else resolve();
    };
    child.once('error', end);
    child.once('close', (code) => end(code === 0 ? undefined : new Error(`append worker exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    exited,
    nextLine: () => {
      const line = lines.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
  };
}
