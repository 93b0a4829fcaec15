import { collect, cursorOption, examples, limitOption, positiveInt, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { UsageError } from '../core/errors';
import { parseDocument, readSource } from '../core/input';
import { columns, isRecord } from '../core/output';
import type { Session } from '../core/context';

const SCHEDULE_COLUMNS = columns(
  ['ID', 'id'],
  ['NAME', 'name'],
  ['ENABLED', 'enabled'],
  ['TIMING', (row) => row['cron'] ?? (row['interval_minutes'] ? `every ${String(row['interval_minutes'])} min` : row['run_at'])],
  ['NEXT_RUN', 'next_run_at'],
  ['LAST_JOB', 'last_job_id'],
  ['LAST_ERROR', 'last_error'],
);

interface TimingOptions {
  cron?: string;
  timezone?: string;
  every?: number;
  at?: string;
}

function timingOf(options: TimingOptions): Record<string, unknown> {
  const timing: Record<string, unknown> = {};
  if (options.cron) timing['cron'] = options.cron;
  if (options.timezone) timing['timezone'] = options.timezone;
  if (options.every !== undefined) timing['interval_minutes'] = options.every;
  if (options.at) timing['run_at'] = options.at;
  return timing;
}

async function configOf(session: Session, file: string | undefined): Promise<Record<string, unknown> | undefined> {
  if (file === undefined) return undefined;
  const config = parseDocument(await readSource(session.io, file, '--config'), '--config');
  if (!isRecord(config)) throw new UsageError('--config must hold an object (a mapping)');
  return config;
}

/** `strata schedules`: recurring or one-off discovery (`schedules:read`, `schedules:write`). */
export const scheduleCommands: CommandGroup = (program, cli) => {
  const schedules = examples(program.command('schedules').description('Recurring (or one-off) discovery jobs'), [
    'strata schedules list',
    'strata schedules create --name nightly --cron "0 2 * * *" --timezone Europe/Berlin --plugin demo --credential cred-demo',
    'strata schedules run-now sched-0123456789abcdef',
  ]);

  examples(
    schedules
      .command('list')
      .description("List the tenant's schedules, oldest first")
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', await session.tenantPath('/schedules'), { query: { limit: options.limit, cursor: options.cursor } }), { columns: SCHEDULE_COLUMNS });
        }),
      ),
    ['strata schedules list --output yaml'],
  );

  examples(
    schedules
      .command('get')
      .description('One schedule')
      .argument('<schedule-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/schedules/${segment(id)}`)));
        }),
      ),
    ['strata schedules get sched-0123456789abcdef'],
  );

  examples(
    schedules
      .command('create')
      .description('Create a schedule: a job template and exactly one timing (--cron, --every or --at), or the whole body from --file')
      .option('--file <file>', 'the request body, JSON or YAML (- for stdin); flags given beside it override its fields')
      .option('--name <name>', 'schedule name')
      .option('--cron <expression>', 'five-field cron')
      .option('--timezone <zone>', 'IANA time zone of --cron (default UTC)')
      .option('--every <minutes>', 'an interval in minutes', positiveInt)
      .option('--at <time>', 'once, at this ISO 8601 time')
      .option('--plugin <id>', "the job's plugin (repeat for several)", collect)
      .option('--credential <id>', "the job's credential")
      .option('--config <file>', "the job's plugin config, JSON or YAML")
      .option('--job-name <name>', "the job's name")
      .option('--disabled', 'create it disabled')
      .action(
        withSession(
          cli,
          async (
            session,
            options: TimingOptions & { file?: string; name?: string; plugin?: string[]; credential?: string; config?: string; jobName?: string; disabled?: boolean },
          ) => {
            const base = options.file === undefined ? {} : parseDocument(await readSource(session.io, options.file, '--file'), '--file');
            if (!isRecord(base)) throw new UsageError('--file must hold an object (a mapping)');
            const template = isRecord(base['job_template']) ? { ...base['job_template'] } : {};
            if (options.plugin?.length) template['plugins'] = options.plugin;
            if (options.credential) template['credential_id'] = options.credential;
            const config = await configOf(session, options.config);
            if (config) template['config'] = config;
            if (options.jobName || !template['name']) template['name'] = options.jobName ?? options.name ?? `${String(template['plugins'] ?? 'scheduled')} discovery`;
            if (!template['plugins'] || !template['credential_id']) throw new UsageError('The job template needs --plugin and --credential (or job_template in --file)');
            const body = {
              ...base,
              ...(options.name ? { name: options.name } : {}),
              ...(options.disabled ? { enabled: false } : {}),
              ...timingOf(options),
              job_template: template,
            };
            session.print(await session.client.call('POST', await session.tenantPath('/schedules'), { body }), { columns: SCHEDULE_COLUMNS });
          },
        ),
      ),
    [
      'strata schedules create --name nightly --cron "0 2 * * *" --plugin demo --credential cred-demo',
      'strata schedules create --every 30 --plugin aws --credential cred-aws-prod --config aws.yaml',
      'strata schedules create --file schedule.yaml',
    ],
  );

  examples(
    schedules
      .command('update')
      .description('Change a schedule: a timing given replaces the whole timing')
      .argument('<schedule-id>')
      .option('--name <name>')
      .option('--cron <expression>')
      .option('--timezone <zone>')
      .option('--every <minutes>', 'an interval in minutes', positiveInt)
      .option('--at <time>', 'once, at this ISO 8601 time')
      .option('--enable', 'enable it')
      .option('--disable', 'disable it')
      .action(
        withSession(cli, async (session, id: string, options: TimingOptions & { name?: string; enable?: boolean; disable?: boolean }) => {
          if (options.enable && options.disable) throw new UsageError('--enable or --disable, not both');
          const body = {
            ...(options.name ? { name: options.name } : {}),
            ...(options.enable ? { enabled: true } : options.disable ? { enabled: false } : {}),
            ...timingOf(options),
          };
          if (Object.keys(body).length === 0) throw new UsageError('Nothing to change: give --name, a timing, --enable or --disable');
          session.print(await session.client.call('PATCH', await session.tenantPath(`/schedules/${segment(id)}`), { body }));
        }),
      ),
    ['strata schedules update sched-0123456789abcdef --disable', 'strata schedules update sched-0123456789abcdef --cron "30 3 * * 1" --timezone UTC'],
  );

  examples(
    schedules
      .command('run-now')
      .description("Create the schedule's job now (its cadence stays)")
      .argument('<schedule-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('POST', await session.tenantPath(`/schedules/${segment(id)}/run-now`)));
        }),
      ),
    ['strata schedules run-now sched-0123456789abcdef --quiet'],
  );

  examples(
    schedules
      .command('delete')
      .description('Delete a schedule')
      .argument('<schedule-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          await session.client.call('DELETE', await session.tenantPath(`/schedules/${segment(id)}`));
          session.note(`Deleted ${id}`);
        }),
      ),
    ['strata schedules delete sched-0123456789abcdef'],
  );
};
