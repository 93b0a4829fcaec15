import { Option } from 'commander';
import { collect, cursorOption, examples, limitOption, positiveInt, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import { columns } from '../core/output';

/** `strata nodes`: the Graph API (`nodes:read`), with its filters. */
export const nodeCommands: CommandGroup = (program, cli) => {
  const nodes = examples(program.command('nodes').description('The discovered graph: nodes, their edges and neighbours'), [
    'strata nodes list --provider aws --type aws.ec2.instance --region us-east-1',
    'strata nodes get arn:aws:ec2:us-east-1:123456789012:instance/i-0abc',
    'strata nodes neighbors <node-id> --depth 2',
  ]);

  examples(
    nodes
      .command('list')
      .description('List nodes (filters combine; keyset pages: --cursor with the same filters)')
      .option('--provider <provider>', 'e.g. aws')
      .option('--type <type>', 'node type (repeat, or separate with commas)', collect)
      .option('--account <account>')
      .option('--region <region>')
      .option('--tag <key:value>', 'a tag that must match (repeat for several)', collect)
      .option('--name-prefix <prefix>', 'names starting with this (case-sensitive)')
      .addOption(new Option('--status <status>', 'active (default) or removed').choices(['active', 'removed']))
      .option('--last-seen-job <job-id>', 'nodes whose latest sighting was this job')
      .addOption(limitOption(500))
      .addOption(cursorOption())
      .action(
        withSession(
          cli,
          async (
            session,
            options: { provider?: string; type?: string[]; account?: string; region?: string; tag?: string[]; namePrefix?: string; status?: string; lastSeenJob?: string; limit?: number; cursor?: string },
          ) => {
            // Tags repeat (`tag=a:1&tag=b:2`): a comma would be taken as part of the value.
            const path = await session.tenantPath('/nodes');
            const query = {
              provider: options.provider,
              type: options.type,
              account: options.account,
              region: options.region,
              name_prefix: options.namePrefix,
              status: options.status,
              last_seen_job: options.lastSeenJob,
              limit: options.limit,
              cursor: options.cursor,
            };
            const tags = (options.tag ?? []).map((tag) => `tag=${encodeURIComponent(tag)}`).join('&');
            const answer = await session.client.call('GET', tags ? `${path}?${tags}` : path, { query });
            session.print(answer, { columns: columns(['ID', 'id'], ['TYPE', 'type'], ['NAME', 'name'], ['ACCOUNT', 'account'], ['REGION', 'region'], ['STATUS', 'status'], ['LAST_SEEN', 'last_seen']) });
          },
        ),
      ),
    ['strata nodes list --type aws.s3.bucket --tag env:prod', 'strata nodes list --last-seen-job job-0123 --quiet', 'strata nodes list --name-prefix web- --output json'],
  );

  examples(
    nodes
      .command('get')
      .description('A node with its edges')
      .argument('<node-id>')
      .option('--edges-limit <n>', 'edges shown each way', positiveInt)
      .action(
        withSession(cli, async (session, id: string, options: { edgesLimit?: number }) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/nodes/${segment(id)}`), { query: { edges_limit: options.edgesLimit } }));
        }),
      ),
    ['strata nodes get vpc-0abc --output yaml'],
  );

  examples(
    nodes
      .command('neighbors')
      .description('What is attached to a node, within --depth hops')
      .argument('<node-id>')
      .option('--depth <n>', 'hops, 1 to 3', positiveInt)
      .option('--edge-type <type>', 'follow only these edge types (repeat, or separate with commas)', collect)
      .addOption(new Option('--direction <direction>', 'out: edges from the node; in: edges to it').choices(['both', 'out', 'in']))
      .addOption(limitOption(500))
      .action(
        withSession(cli, async (session, id: string, options: { depth?: number; edgeType?: string[]; direction?: string; limit?: number }) => {
          const answer = await session.client.call<Record<string, unknown>>('GET', await session.tenantPath(`/nodes/${segment(id)}/neighbors`), {
            query: { depth: options.depth, edge_type: options.edgeType, direction: options.direction, limit: options.limit },
          });
          // People get the reached nodes as a table; json and yaml the whole answer (root, edges, truncated).
          if (session.machineOutput && !session.options.quiet) return session.print(answer);
          session.print(answer['nodes'], { columns: columns(['DEPTH', 'depth'], ['ID', 'id'], ['TYPE', 'type'], ['NAME', 'name'], ['KNOWN', 'known']) });
          if (answer['truncated'] === true) session.note('(truncated: more nodes were reachable; raise --limit or lower --depth)');
        }),
      ),
    ['strata nodes neighbors vpc-0abc --depth 2 --direction out', 'strata nodes neighbors vpc-0abc --edge-type contains --quiet'],
  );
};
