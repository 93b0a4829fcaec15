import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from './wait-for';

export interface RunProcessOptions {
  /** Shown in errors. */
  name: string;
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A child process whose output is kept, so a failing test can say what the process said. */
export class RunningProcess {
  private output = '';
  private readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Everything written to stdout and stderr so far. */
  get log(): string {
    return this.output;
  }

  /** Waits until the output contains `text`. */
  async waitForOutput(text: string | RegExp, timeoutMs = 30_000): Promise<void> {
    await waitFor(() => (typeof text === 'string' ? this.output.includes(text) : text.test(this.output)) || (!this.running && 'exited'), {
      timeoutMs,
      message: `${this.name} to print ${String(text)}`,
    }).then((result) => {
      if (result === 'exited') throw new Error(`${this.name} exited before printing ${String(text)}:\n${this.output.slice(-4000)}`);
    });
  }

  /** Waits for the process to end by itself (killed after `timeoutMs`), then its exit code. */
  async ended(timeoutMs = 30_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }

  /** SIGTERM, then the exit code (a clean drain exits 0). */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    if (this.running) this.child.kill('SIGTERM');
    return this.ended(timeoutMs);
  }

  /** SIGKILL: a crash, with no chance to clean up. */
  async kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export function runProcess({ name, command, args, cwd, env }: RunProcessOptions): RunningProcess {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new RunningProcess(name, child);
}

const REPO_ROOT = resolve(__dirname, '../../..');

/**
 * Runs a TypeScript entry point of this repository (`file`, absolute or from the repository root)
 * in a node process of its own, from the repository root.
 */
export function runTypeScript({ name, file, args = [], env }: { name: string; file: string; args?: readonly string[]; env?: NodeJS.ProcessEnv }): RunningProcess {
  return runProcess({ name, command: process.execPath, args: ['-r', '@swc-node/register', file, ...args], cwd: REPO_ROOT, ...(env ? { env } : {}) });
}
