import { examples, type CommandGroup } from '../core/command-helpers';

/** `strata status`: the public `GET /status`. */
export const statusCommands: CommandGroup = (program, cli) => {
  examples(
    program
      .command('status')
      .description('Whether the API runs, its version, and the background loops that are down')
      .action(async (_options, command) => {
        const session = cli.session(command, false);
        session.print(await session.client.call('GET', 'status'), { idOf: (row) => row['status'] });
      }),
    ['strata status', 'strata status --output json'],
  );
};
