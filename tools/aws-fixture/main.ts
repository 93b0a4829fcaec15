// Serves a generated AWS estate on a local port, in each service's wire protocol, so a full aws
// discovery can run without an AWS account:
//
//   node -r @swc-node/register tools/aws-fixture/main.ts --port 4566 --size 500 --seed x
//
// Point a job at it with `"config": {"endpoint_url": "http://127.0.0.1:4566"}` and any
// well-formed access key pair (see libs/plugins/aws/README.md).
import { parseArgs } from 'node:util';
import { AwsFixtureServer, expectedNodeCounts, generateEstate, type FixtureFaults } from '../../libs/plugins/aws/src/fixtures';

const USAGE = `Usage: aws-fixture [--port 4566] [--host 127.0.0.1] [--size 500] [--seed demo] [--page-size 50]
                   [--datapoints-per-page 100800]
                   [--throttle <service:Operation>=<calls>]... [--deny <service>[:<Operation>]]...
                   [--expired-key <access key id>]... [--external-id <id>]`;

function parse(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '4566' },
      host: { type: 'string', default: '127.0.0.1' },
      size: { type: 'string', default: '500' },
      seed: { type: 'string', default: 'demo' },
      'page-size': { type: 'string', default: '50' },
      'datapoints-per-page': { type: 'string', default: '100800' },
      throttle: { type: 'string', multiple: true, default: [] },
      deny: { type: 'string', multiple: true, default: [] },
      'expired-key': { type: 'string', multiple: true, default: [] },
      'external-id': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const whole = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}`);
    return value;
  };
  const throttle: Record<string, number> = {};
  for (const rule of values.throttle) {
    const [operation, calls] = rule.split('=');
    if (!operation?.includes(':') || calls === undefined) throw new Error(`--throttle ${rule}: expected <service:Operation>=<calls>`);
    throttle[operation] = whole('throttle', calls, 1);
  }
  const deny = values.deny.map((rule) => {
    const [service = '', operation] = rule.split(':');
    return operation ? { service, operation } : { service };
  });
  return {
    help: values.help,
    port: whole('port', values.port, 0),
    host: values.host,
    size: whole('size', values.size, 1),
    seed: values.seed,
    pageSize: whole('page-size', values['page-size'], 1),
    datapointsPerPage: whole('datapoints-per-page', values['datapoints-per-page'], 1),
    faults: { throttle, deny, expiredAccessKeys: values['expired-key'] } satisfies FixtureFaults,
    externalId: values['external-id'],
  };
}

async function main(): Promise<void> {
  const options = parse(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const estate = generateEstate({ size: options.size, seed: options.seed });
  const server = await AwsFixtureServer.start({
    estate,
    port: options.port,
    host: options.host,
    pageSize: options.pageSize,
    datapointsPerPage: options.datapointsPerPage,
    faults: options.faults,
    ...(options.externalId ? { sts: { requiredExternalId: options.externalId } } : {}),
  });
  const counts = expectedNodeCounts(estate);
  const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
  console.log(`AWS fixture for account ${estate.accountId}: ${total} resources (seed "${options.seed}") in ${estate.enabledRegions.join(', ')}`);
  console.log(`Listening on ${server.url} (EC2, ELBv2, S3, IAM, RDS, Lambda, EKS, CloudTrail, KMS, CloudWatch, STS)`);
  console.log(`Job config: {"endpoint_url": "${server.url}"}; any access key pair is accepted`);
  const stop = async (): Promise<void> => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exit(1);
});
