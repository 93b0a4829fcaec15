import { Option } from 'commander';
import { collect, cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { SEVERITIES } from '../core/job-watch';
import { columns } from '../core/output';

const FINDING_COLUMNS = columns(
  ['ID', 'id'],
  ['SEVERITY', 'severity'],
  ['KIND', 'kind'],
  ['STATUS', 'status'],
  ['TITLE', 'title'],
  ['NODE', 'node.name'],
  ['SAVINGS', 'estimated_monthly_savings'],
);

/** `strata findings` (`findings:read`; mute and unmute need `findings:write`) and `strata compliance`. */
export const findingCommands: CommandGroup = (program, cli) => {
  const findings = examples(program.command('findings').description('What the audit found'), [
    'strata findings list --severity critical,high',
    'strata findings summary',
    'strata findings mute "<rule id>:<node id>" --reason "accepted risk" --until 2027-01-01T00:00:00Z',
  ]);

  examples(
    findings
      .command('list')
      .description('List findings (open ones by default, most severe first)')
      .addOption(new Option('--status <status>', 'open (default), resolved, muted or all').choices(['open', 'resolved', 'muted', 'all']))
      .addOption(new Option('--kind <kind>').choices(['compliance', 'cost']))
      .option('--severity <severity>', `any of ${SEVERITIES.join(', ')} (repeat, or separate with commas)`, collect)
      .option('--rule-id <rule>', 'rule id (repeat, or separate with commas)', collect)
      .option('--framework <framework>', 'findings of the rules mapped to this framework')
      .option('--control <control>', 'with --framework: of this control')
      .option('--resource-type <type>', 'e.g. aws.ec2.volume')
      .option('--account <account>')
      .option('--region <region>')
      .option('--node-id <node-id>')
      .option('--job-id <job-id>', 'the findings this job opened')
      .addOption(new Option('--sort <sort>').choices(['severity', 'estimated_monthly_savings', 'opened_at']))
      .addOption(limitOption(500))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: Record<string, string | string[] | number | undefined>) => {
          const query = {
            status: options['status'] as string | undefined,
            kind: options['kind'] as string | undefined,
            severity: options['severity'] as string[] | undefined,
            rule_id: options['ruleId'] as string[] | undefined,
            framework: options['framework'] as string | undefined,
            control: options['control'] as string | undefined,
            resource_type: options['resourceType'] as string | undefined,
            account: options['account'] as string | undefined,
            region: options['region'] as string | undefined,
            node_id: options['nodeId'] as string | undefined,
            job_id: options['jobId'] as string | undefined,
            sort: options['sort'] as string | undefined,
            limit: options['limit'] as number | undefined,
            cursor: options['cursor'] as string | undefined,
          };
          session.print(await session.client.call('GET', await session.tenantPath('/findings'), { query }), { columns: FINDING_COLUMNS });
        }),
      ),
    ['strata findings list --kind cost --sort estimated_monthly_savings', 'strata findings list --framework cis-aws-3.0 --control 5.2 --status all', 'strata findings list --job-id job-0123 --quiet'],
  );

  examples(
    findings
      .command('get')
      .description('One finding, with its rule, remediation and history')
      .argument('<finding-id>', '<rule id>:<node id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/findings/${segment(id)}`)));
        }),
      ),
    ['strata findings get "aws-s3-bucket-public:arn:aws:s3:::my-bucket"'],
  );

  examples(
    findings
      .command('summary')
      .description('Open findings by severity, kind and status; savings; top rules')
      .action(
        withSession(cli, async (session) => {
          session.print(await session.client.call('GET', await session.tenantPath('/findings/summary')));
        }),
      ),
    ['strata findings summary', 'strata findings summary --output json | jq .by_severity'],
  );

  examples(
    findings
      .command('mute')
      .description('Mute a finding (it leaves the default list, the summary and compliance posture)')
      .argument('<finding-id>', '<rule id>:<node id>')
      .requiredOption('--reason <reason>', 'why (1-500 characters)')
      .option('--until <time>', 'ISO 8601 time the mute ends (default: never)')
      .action(
        withSession(cli, async (session, id: string, options: { reason: string; until?: string }) => {
          const body = { reason: options.reason, ...(options.until ? { until: options.until } : {}) };
          session.print(await session.client.call('POST', await session.tenantPath(`/findings/${segment(id)}/mute`), { body }));
        }),
      ),
    ['strata findings mute "aws-s3-bucket-public:arn:aws:s3:::site" --reason "public on purpose"'],
  );

  examples(
    findings
      .command('unmute')
      .description("Remove a finding's own mute")
      .argument('<finding-id>', '<rule id>:<node id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('DELETE', await session.tenantPath(`/findings/${segment(id)}/mute`)));
        }),
      ),
    ['strata findings unmute "aws-s3-bucket-public:arn:aws:s3:::site"'],
  );

  examples(
    program
      .command('compliance')
      .description("Compliance posture: every framework's score, or one framework control by control")
      .argument('[framework]', 'a framework id (e.g. soc2, cis-aws-3.0)')
      .option('--account <account>', 'posture of this account only')
      .action(
        withSession(cli, async (session, framework: string | undefined, options: { account?: string }) => {
          const query = { account: options.account };
          if (!framework) {
            return session.print(await session.client.call('GET', await session.tenantPath('/compliance/frameworks'), { query }), {
              columns: columns(['ID', 'id'], ['NAME', 'name'], ['VERSION', 'version'], ['SCORE', 'score_percent'], ['PASSING', 'passing'], ['FAILING', 'failing'], ['NOT_EVALUATED', 'not_evaluated']),
            });
          }
          const posture = await session.client.call<Record<string, unknown>>('GET', await session.tenantPath(`/compliance/frameworks/${segment(framework)}`), { query });
          if (session.machineOutput && !session.options.quiet) return session.print(posture);
          session.note(`${String(posture['name'])} ${String(posture['version'])}: ${String(posture['score_percent'] ?? 'n/a')}% (${String(posture['passing'])} passing, ${String(posture['failing'])} failing)`);
          session.print(posture['controls'], { columns: columns(['CONTROL', 'id'], ['STATUS', 'status'], ['OPEN', 'open_findings'], ['TITLE', 'title']) });
        }),
      ),
    ['strata compliance', 'strata compliance soc2 --account 123456789012', 'strata compliance cis-aws-3.0 --output json'],
  );
};
