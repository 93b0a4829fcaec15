import { Option } from 'commander';
import { collect, cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import type { Session } from '../core/context';
import { saveResponse } from '../core/download';
import { CliError, ExitCode } from '../core/errors';
import { columns } from '../core/output';

const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
const REPORT_COLUMNS = columns(['ID', 'id'], ['FORMAT', 'format'], ['STATUS', 'status'], ['JOB', 'job_id'], ['TITLE', 'title'], ['CREATED', 'created_at']);

interface ReportLike {
  id: string;
  status: string;
  format?: string;
  error?: unknown;
  [key: string]: unknown;
}

/** Polls the report until it is ready or failed, a line per status change (on stderr for scripts). */
async function waitForReport(session: Session, id: string, intervalMs = 500): Promise<ReportLike> {
  const path = await session.tenantPath(`/reports/${segment(id)}`);
  const progress = session.machineOutput ? session.io.stderr : session.io.stdout;
  let last: string | undefined;
  for (;;) {
    const report = await session.client.call<ReportLike>('GET', path);
    if (report.status !== last) progress.write(`${report.status}\n`);
    last = report.status;
    if (report.status === 'ready' || report.status === 'failed') return report;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function failure(report: ReportLike): CliError {
  const error = report.error;
  const why = typeof error === 'string' ? error : error && typeof error === 'object' ? JSON.stringify(error) : 'no reason given';
  return new CliError(`Report ${report.id} failed: ${why}`, ExitCode.failure);
}

async function download(session: Session, report: ReportLike, out: string | undefined): Promise<void> {
  const response = await session.client.raw('GET', await session.tenantPath(`/reports/${segment(report.id)}/download`), { headers: { accept: '*/*' } });
  const where = await saveResponse(session.io, response, out, `${report.id}.${report.format ?? 'bin'}`);
  if (where !== 'stdout') session.io.stderr.write(`Saved ${where}\n`);
}

/** `strata reports` (`reports:read`, `reports:write`): generate (and wait, and download), list, get, download, delete. */
export const reportCommands: CommandGroup = (program, cli) => {
  const reports = examples(program.command('reports').description("Reports of a job's results: JSON, CSV or PDF"), [
    'strata reports generate --format pdf --wait -o report.pdf',
    'strata reports list --status ready',
    'strata reports download rep-0123 -o report.pdf',
  ]);

  examples(
    reports
      .command('generate')
      .description('Generate a report of a job (default: the latest completed); -o waits and downloads it')
      .addOption(new Option('--format <format>', 'the file format').choices(REPORT_FORMATS).makeOptionMandatory())
      .option('--job <job-id>', 'the job to report on (default: the latest completed)')
      .option('--section <section>', 'a section to include (repeat, or separate with commas; default: all that have data)', collect)
      .option('--title <title>', "the report's title")
      .option('--wait', 'wait until it is ready; exit 1 if it fails')
      .option('-o, --out <file>', 'with --wait: download it to this file (- for stdout)')
      .action(
        withSession(cli, async (session, options: { format: string; job?: string; section?: string[]; title?: string; wait?: boolean; out?: string }) => {
          const body = {
            format: options.format,
            ...(options.job ? { job_id: options.job } : {}),
            ...(options.section?.length ? { sections: options.section } : {}),
            ...(options.title ? { title: options.title } : {}),
          };
          const created = await session.client.call<ReportLike>('POST', await session.tenantPath('/reports'), { body });
          if (!options.wait && options.out === undefined) return session.print(created, { columns: REPORT_COLUMNS });
          const report = await waitForReport(session, created.id);
          if (report.status === 'failed') throw failure(report);
          if (options.out !== undefined) await download(session, report, options.out);
          if (options.out !== '-') session.print(report, { columns: REPORT_COLUMNS });
        }),
      ),
    [
      'strata reports generate --format pdf --wait -o report.pdf',
      'strata reports generate --format csv --job job-0123 --section findings --wait -o findings.csv',
      'strata reports generate --format json --title "Q4 audit" --quiet',
    ],
  );

  examples(
    reports
      .command('list')
      .description("List the tenant's reports")
      .addOption(new Option('--format <format>').choices(REPORT_FORMATS))
      .addOption(new Option('--status <status>').choices(['queued', 'generating', 'ready', 'failed']))
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { format?: string; status?: string; limit?: number; cursor?: string }) => {
          const query = { format: options.format, status: options.status, limit: options.limit, cursor: options.cursor };
          session.print(await session.client.call('GET', await session.tenantPath('/reports'), { query }), { columns: REPORT_COLUMNS });
        }),
      ),
    ['strata reports list --format pdf --status ready'],
  );

  examples(
    reports
      .command('get')
      .description('One report: its status (queued, generating, ready, failed)')
      .argument('<report-id>')
      .option('--wait', 'wait until it is ready; exit 1 if it fails')
      .action(
        withSession(cli, async (session, id: string, options: { wait?: boolean }) => {
          const report = options.wait ? await waitForReport(session, id) : await session.client.call<ReportLike>('GET', await session.tenantPath(`/reports/${segment(id)}`));
          session.print(report);
          if (options.wait && report.status === 'failed') throw failure(report);
        }),
      ),
    ['strata reports get rep-0123 --wait'],
  );

  examples(
    reports
      .command('download')
      .description("Download a ready report (default file: the name the API gives)")
      .argument('<report-id>')
      .option('-o, --out <file>', 'the file to write (- for stdout)')
      .action(
        withSession(cli, async (session, id: string, options: { out?: string }) => {
          await download(session, { id, status: 'ready' }, options.out);
        }),
      ),
    ['strata reports download rep-0123 -o report.pdf', 'strata reports download rep-0123 -o - | jq .summary'],
  );

  examples(
    reports
      .command('delete')
      .description('Delete a report')
      .argument('<report-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          await session.client.call('DELETE', await session.tenantPath(`/reports/${segment(id)}`));
          session.note(`Deleted ${id}`);
        }),
      ),
    ['strata reports delete rep-0123'],
  );
};
