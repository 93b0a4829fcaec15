import { collect, cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { UsageError } from '../core/errors';
import { readSource } from '../core/input';
import { columns } from '../core/output';

const WEBHOOK_COLUMNS = columns(['ID', 'id'], ['URL', 'url'], ['EVENTS', 'events'], ['ACTIVE', 'is_active'], ['DISABLED_REASON', 'disabled_reason']);

/** `strata webhooks` (`webhooks:read`, `webhooks:write`). */
export const webhookCommands: CommandGroup = (program, cli) => {
  const webhooks = examples(program.command('webhooks').description("The tenant's webhooks: signed POSTs of the events they subscribe to"), [
    'strata webhooks create --url https://hooks.example.com/strata --event "finding.*" --event job.JobFailed',
    'strata webhooks list',
    'strata webhooks test wh-3f2a9c1d0b7e6a55',
  ]);

  examples(
    webhooks
      .command('list')
      .description('List webhooks (secrets only as has_secret and secret_last4)')
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', await session.tenantPath('/webhooks'), { query: { limit: options.limit, cursor: options.cursor } }), { columns: WEBHOOK_COLUMNS });
        }),
      ),
    ['strata webhooks list --quiet'],
  );

  examples(
    webhooks
      .command('get')
      .description('One webhook')
      .argument('<webhook-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/webhooks/${segment(id)}`)));
        }),
      ),
    ['strata webhooks get wh-3f2a9c1d0b7e6a55'],
  );

  examples(
    webhooks
      .command('create')
      .description('Create a webhook; the answer shows its signing secret this once')
      .requiredOption('--url <url>', 'where to POST (a public http(s) URL)')
      .option('--event <pattern>', 'an event type or pattern, e.g. finding.* (repeat, or separate with commas)', collect)
      .option('--description <text>')
      .option('--secret-file <file>', 'your own signing secret: a file, or - for stdin (default: generated)')
      .option('--inactive', 'create it inactive')
      .action(
        withSession(cli, async (session, options: { url: string; event?: string[]; description?: string; secretFile?: string; inactive?: boolean }) => {
          if (!options.event?.length) throw new UsageError('Give at least one --event (e.g. "finding.*" or "*")');
          const body = {
            url: options.url,
            events: options.event,
            ...(options.description ? { description: options.description } : {}),
            ...(options.inactive ? { is_active: false } : {}),
            ...(options.secretFile ? { secret: (await readSource(session.io, options.secretFile, '--secret-file')).trim() } : {}),
          };
          session.print(await session.client.call('POST', await session.tenantPath('/webhooks'), { body }));
        }),
      ),
    ['strata webhooks create --url https://hooks.example.com/strata --event "*"', 'strata webhooks create --url https://hooks.example.com/s --event job.JobFailed --secret-file - < secret.txt'],
  );

  examples(
    webhooks
      .command('update')
      .description('Change a webhook')
      .argument('<webhook-id>')
      .option('--url <url>')
      .option('--event <pattern>', 'replaces the events (repeat, or separate with commas)', collect)
      .option('--description <text>')
      .option('--secret-file <file>', 'rotate the signing secret: a file, or - for stdin')
      .option('--enable', 'make it active')
      .option('--disable', 'make it inactive')
      .action(
        withSession(
          cli,
          async (session, id: string, options: { url?: string; event?: string[]; description?: string; secretFile?: string; enable?: boolean; disable?: boolean }) => {
            if (options.enable && options.disable) throw new UsageError('--enable or --disable, not both');
            const body = {
              ...(options.url ? { url: options.url } : {}),
              ...(options.event?.length ? { events: options.event } : {}),
              ...(options.description ? { description: options.description } : {}),
              ...(options.enable ? { is_active: true } : options.disable ? { is_active: false } : {}),
              ...(options.secretFile ? { secret: (await readSource(session.io, options.secretFile, '--secret-file')).trim() } : {}),
            };
            if (Object.keys(body).length === 0) throw new UsageError('Nothing to change');
            session.print(await session.client.call('PATCH', await session.tenantPath(`/webhooks/${segment(id)}`), { body }));
          },
        ),
      ),
    ['strata webhooks update wh-3f2a9c1d0b7e6a55 --disable'],
  );

  examples(
    webhooks
      .command('delete')
      .description('Delete a webhook')
      .argument('<webhook-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          await session.client.call('DELETE', await session.tenantPath(`/webhooks/${segment(id)}`));
          session.note(`Deleted ${id}`);
        }),
      ),
    ['strata webhooks delete wh-3f2a9c1d0b7e6a55'],
  );

  examples(
    webhooks
      .command('test')
      .description('Send a webhook.test event now and say how it went')
      .argument('<webhook-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('POST', await session.tenantPath(`/webhooks/${segment(id)}/test`)));
        }),
      ),
    ['strata webhooks test wh-3f2a9c1d0b7e6a55'],
  );

  examples(
    webhooks
      .command('deliveries')
      .description("A webhook's delivery log, newest first")
      .argument('<webhook-id>')
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, id: string, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/webhooks/${segment(id)}/deliveries`), { query: { limit: options.limit, cursor: options.cursor } }), {
            columns: columns(['ID', 'id'], ['EVENT', 'event'], ['STATUS', 'status'], ['ATTEMPT', 'attempt'], ['CODE', 'status_code'], ['ERROR', 'error'], ['CREATED', 'created_at']),
          });
        }),
      ),
    ['strata webhooks deliveries wh-3f2a9c1d0b7e6a55 --limit 10'],
  );
};
