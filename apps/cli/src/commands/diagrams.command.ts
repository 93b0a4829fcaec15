import { Option, type Command } from 'commander';
import { examples, withSession, type CommandGroup } from '../core/command-helpers';
import { segment, type QueryValue } from '../core/api-client';
import type { Session } from '../core/context';
import { saveResponse } from '../core/download';

const formatOption = () => new Option('--format <format>', 'svg or png').choices(['svg', 'png']).default('svg');
const outOption = () => new Option('-o, --out <file>', 'the file to write (- for stdout; default: stdout when piped, else the name the API gives)');

async function fetchDiagram(session: Session, path: string, query: Record<string, QueryValue>, out: string | undefined, fallbackName: string): Promise<void> {
  const response = await session.client.raw('GET', await session.tenantPath(path), { query, headers: { accept: '*/*' } });
  const where = await saveResponse(session.io, response, out, fallbackName);
  if (where !== 'stdout') session.io.stderr.write(`Saved ${where}\n`);
}

function diagramCommand(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description).addOption(formatOption()).addOption(outOption());
}

/** `strata diagrams`: architecture diagrams as SVG or PNG. */
export const diagramCommands: CommandGroup = (program, cli) => {
  const diagrams = examples(program.command('diagrams').description('Architecture diagrams of the discovered graph (SVG or PNG)'), [
    'strata diagrams aws --account 123456789012 --region us-east-1 --format png -o aws.png',
    'strata diagrams kubernetes --cluster prod --namespace shop -o shop.svg',
    'strata diagrams job job-0123 --format png -o job.png',
  ]);

  examples(
    diagramCommand(diagrams, 'aws', 'An AWS account and region: VPCs, subnets and what runs in them')
      .option('--account <account>', 'the AWS account id')
      .option('--region <region>', 'the region')
      .action(
        withSession(cli, async (session, options: { account?: string; region?: string; format: string; out?: string }) => {
          await fetchDiagram(session, '/diagrams/aws', { account: options.account, region: options.region, format: options.format }, options.out, `aws.${options.format}`);
        }),
      ),
    ['strata diagrams aws --account 123456789012 --region us-east-1 --format png -o aws.png'],
  );

  examples(
    diagramCommand(diagrams, 'kubernetes', 'A Kubernetes cluster: namespaces with their workloads, services and ingresses')
      .option('--cluster <cluster>', 'the cluster name')
      .option('--namespace <namespace>', 'one namespace')
      .action(
        withSession(cli, async (session, options: { cluster?: string; namespace?: string; format: string; out?: string }) => {
          await fetchDiagram(session, '/diagrams/kubernetes', { cluster: options.cluster, namespace: options.namespace, format: options.format }, options.out, `kubernetes.${options.format}`);
        }),
      ),
    ['strata diagrams kubernetes --cluster prod --format png -o prod.png'],
  );

  examples(
    diagramCommand(diagrams, 'job', "A job's scope")
      .argument('<job-id>')
      .action(
        withSession(cli, async (session, jobId: string, options: { format: string; out?: string }) => {
          await fetchDiagram(session, `/jobs/${segment(jobId)}/diagram`, { format: options.format }, options.out, `${jobId}.${options.format}`);
        }),
      ),
    ['strata diagrams job job-0123 --format png -o job.png', 'strata diagrams job job-0123 > job.svg'],
  );
};
