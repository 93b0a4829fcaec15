import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext, Session } from './context';
import { SEVERITIES } from './job-watch';

/** One command group (`jobs`, `nodes`, ...): adds its commands to the root. One file each. */
export type CommandGroup = (program: Command, cli: CliContext) => void;

/** Adds an "Examples:" block to a command's `--help`. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** For repeatable options: `--type a --type b` (and `--type a,b`). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, ...value.split(',').map((item) => item.trim()).filter(Boolean)];
}

export function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return Number(value);
}

export const limitOption = (max: number) => new Option('--limit <n>', `page size (1-${max})`).argParser(positiveInt);
export const cursorOption = () => new Option('--cursor <cursor>', "the previous page's next_cursor");
export const failOnOption = () => new Option('--fail-on <severity>', 'with --wait: exit 4 when the job opened findings of this severity or worse').choices(SEVERITIES);

/** Runs an action with the command's session (the last argument commander passes is the command). */
export function withSession<A extends unknown[]>(cli: CliContext, action: (session: Session, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    await action(cli.session(command), ...(args.slice(0, -1) as A));
  };
}
