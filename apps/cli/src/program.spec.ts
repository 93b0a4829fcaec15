import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { createProgram } from './program';
import { memoryIo, runInMemory } from './fixtures/test-io';
import { completionTable } from './core/completion';

function allCommands(command: Command): Command[] {
  return [command, ...command.commands.flatMap(allCommands)];
}

const path = (command: Command): string[] => (command.parent ? [...path(command.parent), command.name()] : []);

describe('strata: argument parsing', () => {
  const program = createProgram(memoryIo({}).io);
  const commands = allCommands(program).filter((command) => command.name() !== 'help');

  it.each(commands.map((command) => [path(command).join(' ') || '(root)', command] as const))('%s has --help with examples', async (_name, command) => {
    const run = await runInMemory([...path(command), '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: strata');
    expect(run.stdout).toMatch(/Examples:\n {2}\$ .*strata /);
    expect(command.description()).not.toBe('');
  });

  it('has every command of the issue', () => {
    const names = commands.map((command) => path(command).join(' '));
    for (const name of [
      'login', 'status', 'plugins', 'tenants', 'tokens',
      'credentials add aws', 'credentials add kubernetes', 'credentials add demo', 'credentials list', 'credentials get', 'credentials delete',
      'jobs create', 'jobs list', 'jobs get', 'jobs cancel', 'jobs logs',
      'nodes list', 'nodes get', 'nodes neighbors',
      'findings list', 'findings summary', 'findings mute', 'findings unmute', 'compliance',
      'schedules list', 'schedules create', 'webhooks list', 'webhooks create', 'completion',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each([
    ['an unknown command', ['jobz']],
    ['an unknown subcommand', ['jobs', 'explode']],
    ['an unknown option', ['jobs', 'list', '--colour']],
    ['an output format that does not exist', ['--output', 'xml', 'status']],
    ['a missing required option', ['jobs', 'create', '--plugin', 'demo']],
    ['a severity that does not exist', ['jobs', 'create', '--plugin', 'demo', '--credential', 'c', '--wait', '--fail-on', 'severe']],
    ['a limit that is not a number', ['jobs', 'list', '--limit', 'ten']],
    ['a missing argument', ['jobs', 'get']],
    ['a shell completion does not know', ['completion', 'fish']],
    ['login without --url', ['login']],
  ])('%s is a usage error: exit 2, a message on stderr, nothing on stdout', async (_what, argv) => {
    const run = await runInMemory(argv, { HOME: '/nonexistent' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: /);
    expect(run.stdout).toBe('');
  });

  it.each([
    ['--fail-on without --wait', ['jobs', 'create', '--plugin', 'demo', '--credential', 'c', '--fail-on', 'high']],
    ['two secrets from stdin', ['credentials', 'add', 'kubernetes', '--name', 'k', '--server', 'https://k', '--token-file', '-', '--ca-file', '-']],
    ['keys and a role at once', ['credentials', 'add', 'aws', '--name', 'a', '--access-key-id', 'AKIA', '--secret-access-key-file', '-', '--role-arn', 'arn:aws:iam::1:role/r']],
    ['no plugin', ['jobs', 'create', '--credential', 'c']],
    ['login with a URL that is not http', ['login', '--url', 'ftp://example.com']],
  ])('%s is a usage error the CLI checks itself (exit 2), before any request', async (_what, argv) => {
    // A URL nothing listens on: reaching the API would be exit 1, not 2.
    const run = await runInMemory(argv, { STRATA_URL: 'http://127.0.0.1:9', STRATA_TOKEN: 't', STRATA_TENANT: 'acme' }, 'secret');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: /m);
  });

  it('takes secrets only from files or stdin: a flag with the value itself does not exist', async () => {
    const run = await runInMemory(['credentials', 'add', 'aws', '--name', 'a', '--access-key-id', 'AKIA', '--secret-access-key', 'hunter2'], { HOME: '/nonexistent' });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain('hunter2');
    const login = await runInMemory(['login', '--url', 'http://127.0.0.1:9', '--token', 'strata_secret'], { HOME: '/nonexistent' });
    expect(login.code).toBe(2);
  });

  it('without a login or STRATA_URL, a command that needs the API is an authentication error (exit 3)', async () => {
    const run = await runInMemory(['jobs', 'list'], { HOME: '/nonexistent-home' });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('strata login');
  });

  it('an API nobody answers at is exit 1 with the URL named', async () => {
    const run = await runInMemory(['status'], { STRATA_URL: 'http://127.0.0.1:9' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Cannot reach Strata at http://127.0.0.1:9');
  });

  it('--version prints the version and exits 0', async () => {
    const run = await runInMemory(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('strata completion', () => {
  it('bash: a script completing every command path from the tree', async () => {
    const run = await runInMemory(['completion', 'bash']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('complete -o default -F _strata_complete strata');
    expect(run.stdout).toContain('"jobs") words="create list get cancel logs');
    expect(run.stdout).toContain('"credentials add") words="aws kubernetes demo');
  });

  it.each([
    [['strata', ''], ['login', 'jobs', 'nodes', 'completion']],
    [['strata', 'jobs', ''], ['create', 'list', 'logs']],
    [['strata', '--tenant', 'acme', 'credentials', 'add', ''], ['aws', 'kubernetes', 'demo']],
    [['strata', 'nodes', 'list', '--ty'], ['--type']],
  ])('bash completes %j with %j', async (words, expected) => {
    const script = (await runInMemory(['completion', 'bash'])).stdout;
    const line = `${script}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _strata_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const offered = execFileSync('bash', ['-c', line], { encoding: 'utf8' }).trim().split('\n');
    expect(offered).toEqual(expect.arrayContaining(expected));
  });

  it('zsh: the same through bashcompinit', async () => {
    const run = await runInMemory(['completion', 'zsh']);
    expect(run.stdout).toContain('#compdef strata');
    expect(run.stdout).toContain('bashcompinit');
  });

  it('offers the global options under every command', () => {
    const table = completionTable(createProgram(memoryIo({}).io));
    expect(table.get('nodes list')).toEqual(expect.arrayContaining(['--type', '--tag', '--tenant', '--output', '--quiet']));
  });
});
