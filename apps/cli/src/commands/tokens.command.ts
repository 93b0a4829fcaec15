import { collect, cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { UsageError } from '../core/errors';
import { columns } from '../core/output';

/** `strata tokens`: a tenant's API tokens (`tokens:write`). */
export const tokenCommands: CommandGroup = (program, cli) => {
  const tokens = examples(program.command('tokens').description("The tenant's API tokens (needs tokens:write)"), [
    'strata tokens list',
    'strata tokens create --name ci --permission jobs:read,jobs:create,findings:read',
    'strata tokens revoke tok-1a2b3c4d5e6f7a8b',
  ]);

  examples(
    tokens
      .command('list', { isDefault: true })
      .description("List the tenant's tokens (never the tokens themselves)")
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', await session.tenantPath('/tokens'), { query: { limit: options.limit, cursor: options.cursor } }), {
            columns: columns(['ID', 'id'], ['NAME', 'name'], ['PERMISSIONS', 'permissions'], ['CREATED', 'created_at'], ['REVOKED', 'revoked_at']),
          });
        }),
      ),
    ['strata tokens list --tenant acme-corp'],
  );

  examples(
    tokens
      .command('create')
      .description('Issue a token: the answer shows it this once')
      .requiredOption('--name <name>', 'what the token is for')
      .option('--permission <permission>', 'a permission (repeat, or separate with commas)', collect)
      .action(
        withSession(cli, async (session, options: { name: string; permission?: string[] }) => {
          if (!options.permission?.length) throw new UsageError('Give at least one --permission (e.g. jobs:read)');
          session.print(await session.client.call('POST', await session.tenantPath('/tokens'), { body: { name: options.name, permissions: options.permission } }));
        }),
      ),
    ['strata tokens create --name ci --permission jobs:read --permission jobs:create', 'strata tokens create --name ci --permission jobs:read --output json | jq -r .token'],
  );

  examples(
    tokens
      .command('revoke')
      .alias('delete')
      .description('Revoke a token')
      .argument('<token-id>', 'the token id (tok-...)')
      .action(
        withSession(cli, async (session, id: string) => {
          await session.client.call('DELETE', await session.tenantPath(`/tokens/${segment(id)}`));
          session.note(`Revoked ${id}`);
        }),
      ),
    ['strata tokens revoke tok-1a2b3c4d5e6f7a8b'],
  );
};
