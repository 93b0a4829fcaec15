import { examples, withSession, type CommandGroup } from '../core/command-helpers';
import { columns } from '../core/output';

/** `strata plugins`: `GET /api/v1/plugins`. */
export const pluginCommands: CommandGroup = (program, cli) => {
  examples(
    program
      .command('plugins')
      .description('The discovery plugins, and whether this build ships each')
      .action(
        withSession(cli, async (session) => {
          session.print(await session.client.call('GET', 'api/v1/plugins'), {
            columns: columns(['ID', 'id'], ['NAME', 'name'], ['AVAILABLE', 'available'], ['CREDENTIALS', 'credential_kinds'], ['DISCOVERS', 'discovers']),
          });
        }),
      ),
    ['strata plugins', 'strata plugins --quiet'],
  );
};
