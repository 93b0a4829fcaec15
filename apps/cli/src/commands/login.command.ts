import { ApiClient } from '../core/api-client';
import { examples, type CommandGroup } from '../core/command-helpers';
import { profileName, writeConfig } from '../core/config';
import type { GlobalOptions } from '../core/context';
import { CliError, UsageError } from '../core/errors';
import { readSecret } from '../core/input';

/** `strata login` and `strata logout`: the config file's profiles. */
export const loginCommands: CommandGroup = (program, cli) => {
  examples(
    program
      .command('login')
      .description('Store the URL and token of a Strata installation (the token is read from a prompt or stdin, never from the command line)')
      .requiredOption('--url <url>', 'where the API is, e.g. http://127.0.0.1:8080')
      .action(async (options: { url: string }, command) => {
        const globals = command.optsWithGlobals() as GlobalOptions;
        let url: URL;
        try {
          url = new URL(options.url);
          if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
        } catch {
          throw new UsageError(`--url must be an http(s) URL, got "${options.url}"`);
        }
        const token = await readSecret(cli.io, 'Token: ');
        if (!token) throw new UsageError('No token given: type it at the prompt or pipe it in (echo "$TOKEN" | strata login --url URL)');
        const base = url.toString().replace(/\/$/, '');
        // Any route a valid token may read: a token the API refuses is not stored (exit 3).
        await new ApiClient(base, token).call('GET', 'api/v1/plugins');
        const path = cli.configPath();
        const config = cli.readConfig();
        const name = profileName(globals.profile, cli.io.env, config);
        config.profiles[name] = { url: base, token, ...(globals.tenant ? { tenant: globals.tenant } : {}) };
        if (globals.profile || !config.current_profile) config.current_profile = name;
        writeConfig(path, config);
        cli.io.stderr.write(`Logged in to ${base} as profile "${name}"${globals.tenant ? `, tenant ${globals.tenant}` : ''} (${path})\n`);
      }),
    [
      'strata login --url http://127.0.0.1:8080            # asks for the token',
      'echo "$STRATA_TOKEN" | strata login --url https://strata.example.com --profile prod --tenant acme-corp',
    ],
  );

  examples(
    program
      .command('logout')
      .description("Forget a profile's URL and token")
      .action((_options, command) => {
        const globals = command.optsWithGlobals() as GlobalOptions;
        const config = cli.readConfig();
        const name = profileName(globals.profile, cli.io.env, config);
        if (!config.profiles[name]) throw new CliError(`No profile "${name}" to log out of`);
        delete config.profiles[name];
        if (config.current_profile === name) delete config.current_profile;
        writeConfig(cli.configPath(), config);
        cli.io.stderr.write(`Logged out of profile "${name}"\n`);
      }),
    ['strata logout', 'strata logout --profile prod'],
  );
};
