import { ListTagsCommand, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import type { DiscoveredItem } from '@strata/plugins-api';
import { mapBounded } from '../core/bounded';
import type { Collector, CollectorScope } from '../core/collector';
import { DeniedLookups, found, lookup } from '../core/lookup';
import { awsEdge, awsNode, ec2Arn, type AwsAccount } from '../core/resources';

type NamedFunction = FunctionConfiguration & { FunctionArn: string };

/** Functions with their role (`function assumes role`), network placement and tags. */
export const functionsCollector: Collector = {
  what: 'Lambda functions',
  async *collect(scope: CollectorScope): AsyncIterable<DiscoveredItem> {
    const { account, region, clients, call } = scope;
    const lambda = clients.lambda(region);
    const denied = new DeniedLookups();
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 50 }, {}, call)) {
      const functions = (page.Functions ?? []).filter((fn): fn is NamedFunction => !!fn.FunctionArn);
      const tags = await mapBounded(functions, scope.lookups, async (fn) =>
        denied.note('tags', await lookup(() => lambda.send(new ListTagsCommand({ Resource: fn.FunctionArn }), call), ['ResourceNotFoundException'])),
      );
      for (const [index, fn] of functions.entries()) yield* functionItems(account, region, fn, found(tags[index] ?? { status: 'absent' })?.Tags ?? {});
    }
    denied.report(scope.log, 'Lambda functions');
  },
};

function* functionItems(account: AwsAccount, region: string, fn: NamedFunction, tags: Record<string, string>): Iterable<DiscoveredItem> {
  const id = fn.FunctionArn;
  const vpc = fn.VpcConfig;
  yield awsNode({
    id,
    type: 'aws.lambda.function',
    name: fn.FunctionName ?? id,
    account: account.accountId,
    region,
    tags,
    attributes: {
      runtime: fn.Runtime,
      handler: fn.Handler,
      package_type: fn.PackageType,
      architectures: fn.Architectures,
      memory_mb: fn.MemorySize,
      timeout_seconds: fn.Timeout,
      code_size_bytes: fn.CodeSize,
      last_modified: fn.LastModified,
      state: fn.State,
      in_vpc: !!vpc?.VpcId,
      // The names of the function's environment variables only: their values are often secrets.
      environment_variable_names: Object.keys(fn.Environment?.Variables ?? {}).sort(),
      tracing_mode: fn.TracingConfig?.Mode,
    },
  });
  if (fn.Role) yield awsEdge(id, 'assumes', fn.Role);
  if (vpc?.VpcId) yield awsEdge(id, 'in_vpc', ec2Arn(account, region, 'vpc', vpc.VpcId));
  for (const subnetId of vpc?.SubnetIds ?? []) yield awsEdge(id, 'in_subnet', ec2Arn(account, region, 'subnet', subnetId));
  for (const groupId of vpc?.SecurityGroupIds ?? []) yield awsEdge(id, 'uses', ec2Arn(account, region, 'security-group', groupId));
  if (fn.KMSKeyArn) yield awsEdge(id, 'encrypted_with', fn.KMSKeyArn);
}
