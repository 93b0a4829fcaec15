import { cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { columns } from '../core/output';

const TENANT_COLUMNS = columns(['ID', 'id'], ['NAME', 'name'], ['MAX_NODES', 'max_nodes'], ['CREATED', 'created_at']);

/** `strata tenants`: `/api/v1/tenants` (listing and creating need a platform admin's token). */
export const tenantCommands: CommandGroup = (program, cli) => {
  const tenants = examples(program.command('tenants').description('Tenants (a platform admin lists and creates them)'), [
    'strata tenants list',
    'strata tenants get acme-corp',
    'strata tenants create acme-corp --name "Acme Corp"',
  ]);

  examples(
    tenants
      .command('list', { isDefault: true })
      .description('List tenants')
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', 'api/v1/tenants', { query: { limit: options.limit, cursor: options.cursor } }), { columns: TENANT_COLUMNS });
        }),
      ),
    ['strata tenants list', 'strata tenants list --quiet'],
  );

  examples(
    tenants
      .command('get')
      .description('One tenant (any token of the tenant may read it)')
      .argument('<tenant>', 'tenant id')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('GET', `api/v1/tenants/${segment(id)}`));
        }),
      ),
    ['strata tenants get acme-corp'],
  );

  examples(
    tenants
      .command('create')
      .description('Create a tenant')
      .argument('<tenant>', 'tenant id (letters, digits, "-", "_")')
      .requiredOption('--name <name>', 'display name')
      .action(
        withSession(cli, async (session, id: string, options: { name: string }) => {
          session.print(await session.client.call('POST', 'api/v1/tenants', { body: { id, name: options.name } }));
        }),
      ),
    ['strata tenants create acme-corp --name "Acme Corp"'],
  );
};
