import { Option } from 'commander';
import { collect, cursorOption, examples, failOnOption, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import type { Session } from '../core/context';
import { UsageError } from '../core/errors';
import { parseDocument, readSource } from '../core/input';
import { checkEnded, checkFailOn, summary, TERMINAL_STATUSES, watchJob, type JobLike, type Severity } from '../core/job-watch';
import { columns, isRecord } from '../core/output';
import { readSse } from '../core/sse';

export const JOB_COLUMNS = columns(
  ['ID', 'id'],
  ['NAME', 'name'],
  ['STATUS', 'status'],
  ['PHASE', 'progress.phase'],
  ['PERCENT', 'progress.percent'],
  ['PLUGINS', 'plugins'],
  ['CREATED', 'created_at'],
);

/**
 * `--wait`: follows the job to its end with a progress bar, prints it, then exits 1 unless it
 * completed, and 4 when `--fail-on` finds what it opened at that severity or worse.
 */
export async function waitAndReport(session: Session, jobId: string, failOn: Severity | undefined): Promise<void> {
  const jobPath = await session.tenantPath(`/jobs/${segment(jobId)}`);
  const progressStream = session.machineOutput ? session.io.stderr : session.io.stdout;
  const job = await watchJob(session.client, jobPath, { stream: progressStream });
  if (session.machineOutput) session.print(job);
  else session.io.stdout.write(`${summary(job)}\n`);
  checkEnded(job);
  if (failOn) await checkFailOn(session.client, await session.tenantPath('/findings'), job.id, failOn);
}

/** `strata jobs`: create (and wait), list, get, cancel, logs. */
export const jobCommands: CommandGroup = (program, cli) => {
  const jobs = examples(program.command('jobs').description('Discovery jobs'), [
    'strata jobs create --plugin demo --credential cred-demo --wait',
    'strata jobs list --status running',
    'strata jobs logs <job-id> -f',
  ]);

  examples(
    jobs
      .command('create')
      .description('Start a discovery job')
      .option('--plugin <id>', 'a plugin to run (repeat for several; see strata plugins)', collect)
      .requiredOption('--credential <id>', 'the credential the plugins use')
      .option('--config <file>', 'plugin config, JSON or YAML: flat for one plugin or keyed by plugin id (- for stdin)')
      .option('--name <name>', 'job name (default: "<plugins> discovery")')
      .option('--idempotency-key <key>', 'the same key and body return the same job instead of a second one')
      .option('--wait', 'follow the job to its end with a progress bar; exit 1 unless it completed')
      .addOption(failOnOption())
      .action(
        withSession(
          cli,
          async (session, options: { plugin?: string[]; credential: string; config?: string; name?: string; idempotencyKey?: string; wait?: boolean; failOn?: Severity }) => {
            if (!options.plugin?.length) throw new UsageError('Give at least one --plugin (see strata plugins)');
            if (options.failOn && !options.wait) throw new UsageError('--fail-on needs --wait');
            let config: unknown;
            if (options.config !== undefined) {
              config = parseDocument(await readSource(session.io, options.config, '--config'), '--config');
              if (!isRecord(config)) throw new UsageError('--config must hold an object (a mapping)');
            }
            const body = {
              name: options.name ?? `${options.plugin.join(', ')} discovery`,
              plugins: options.plugin,
              credential_id: options.credential,
              ...(config !== undefined ? { config } : {}),
            };
            const headers: Record<string, string> = options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {};
            const job = await session.client.call<JobLike>('POST', await session.tenantPath('/jobs'), { body, headers });
            if (!options.wait) return session.print(job);
            if (!session.machineOutput) session.io.stdout.write(`Job ${job.id} created\n`);
            await waitAndReport(session, job.id, options.failOn);
          },
        ),
      ),
    [
      'strata jobs create --plugin demo --credential cred-demo --name "Demo" --wait',
      'strata jobs create --plugin aws --credential cred-aws-prod --config aws.yaml --wait --fail-on high',
      'strata jobs create --plugin demo --credential cred-demo --idempotency-key nightly-2026-12-05 --quiet',
    ],
  );

  examples(
    jobs
      .command('list')
      .description("List the tenant's jobs, newest first")
      .addOption(new Option('--status <status>', 'only jobs in this status').choices(['pending', 'running', 'completed', 'failed', 'cancelled']))
      .option('--sort <sort>', '-created_at (default), created_at, status, -status, name, -name')
      .addOption(limitOption(100).default(20))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { status?: string; sort?: string; limit: number; cursor?: string }) => {
          const query = { status: options.status, sort: options.sort, limit: options.limit, cursor: options.cursor };
          session.print(await session.client.call('GET', await session.tenantPath('/jobs'), { query }), { columns: JOB_COLUMNS });
        }),
      ),
    ['strata jobs list', 'strata jobs list --status failed --output json', 'strata jobs list --quiet --limit 5'],
  );

  examples(
    jobs
      .command('get')
      .description('One job: status, progress, stats, error')
      .argument('<job-id>')
      .option('--wait', 'follow it to its end with a progress bar; exit 1 unless it completed')
      .addOption(failOnOption())
      .action(
        withSession(cli, async (session, id: string, options: { wait?: boolean; failOn?: Severity }) => {
          if (options.failOn && !options.wait) throw new UsageError('--fail-on needs --wait');
          if (options.wait) return waitAndReport(session, id, options.failOn);
          session.print(await session.client.call('GET', await session.tenantPath(`/jobs/${segment(id)}`)));
        }),
      ),
    ['strata jobs get job-0123', 'strata jobs get job-0123 --wait --fail-on critical'],
  );

  examples(
    jobs
      .command('cancel')
      .description('Cancel a job (refused once it has ended)')
      .argument('<job-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          const job = await session.client.call('DELETE', await session.tenantPath(`/jobs/${segment(id)}`));
          if (job === undefined) session.note(`Cancelled ${id}`);
          else session.print(job);
        }),
      ),
    ['strata jobs cancel job-0123'],
  );

  examples(
    jobs
      .command('logs')
      .description("A job's log: the lines so far, or with -f followed live until the job ends")
      .argument('<job-id>')
      .option('-f, --follow', 'keep following until the job ends')
      .action(
        withSession(cli, async (session, id: string, options: { follow?: boolean }) => {
          await printLog(session, id, options.follow === true);
        }),
      ),
    ['strata jobs logs job-0123', 'strata jobs logs job-0123 -f', 'strata jobs logs job-0123 --output json   # one JSON line per log line'],
  );
};

interface LogLine {
  ts?: string;
  level?: string;
  msg?: string;
}

/**
 * Reads the job's SSE stream. Following, it reconnects after the last line it got until the
 * stream ends (the job ended); without -f it stops once no line came for a moment, the log so far.
 */
async function printLog(session: Session, jobId: string, follow: boolean): Promise<void> {
  const path = await session.tenantPath(`/jobs/${segment(jobId)}`);
  let lastId: string | undefined;
  for (let attempt = 0; attempt < 20; attempt++) {
    const controller = new AbortController();
    const response = await session.client.raw('GET', `${path}/stream`, {
      headers: { accept: 'text/event-stream', ...(lastId ? { 'last-event-id': lastId } : {}) },
      accept: [204],
      signal: controller.signal,
    });
    if (response.status === 204 || !response.body) return;
    let idle: NodeJS.Timeout | undefined;
    const armIdle = () => {
      if (follow) return;
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), 1500);
    };
    armIdle();
    try {
      for await (const event of readSse(response.body)) {
        armIdle();
        if (event.id) lastId = event.id;
        let line: LogLine;
        try {
          line = JSON.parse(event.data) as LogLine;
        } catch {
          line = { msg: event.data };
        }
        if (session.options.output === 'table') session.io.stdout.write(`${line.ts ?? ''} ${(line.level ?? '').padEnd(5)} ${line.msg ?? ''}\n`);
        else session.io.stdout.write(`${JSON.stringify(line)}\n`);
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      return;
    } finally {
      clearTimeout(idle);
    }
    if (!follow) return;
    const job = await session.client.call<JobLike>('GET', path);
    if ((TERMINAL_STATUSES as readonly string[]).includes(job.status)) return;
  }
}
