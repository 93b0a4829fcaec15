import { PluginAbortedError, PluginError, type DiscoveredItem, type DiscoveryPlugin, type PluginRunContext } from '@strata/plugins-api';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_DEFAULT_DRIFT_PERCENT, demoConfigSchema, type DemoConfig } from './demo-config';
import { DEMO_TYPES, DemoEstate, slotAt, type DemoKind } from './demo-estate';

const PROGRESS_KEYS: Record<string, string> = {
  [DEMO_TYPES.vpc]: 'vpcs',
  [DEMO_TYPES.subnet]: 'subnets',
  [DEMO_TYPES.security_group]: 'securityGroups',
  [DEMO_TYPES.instance]: 'ec2Instances',
  [DEMO_TYPES.volume]: 'ebsVolumes',
  [DEMO_TYPES.bucket]: 's3Buckets',
  [DEMO_TYPES.role]: 'iamRoles',
  [DEMO_TYPES.pod]: 'pods',
};

const LABELS: Record<DemoKind, string> = {
  vpc: 'VPCs',
  subnet: 'subnets',
  security_group: 'security groups',
  instance: 'EC2 instances',
  volume: 'EBS volumes',
  bucket: 'S3 buckets',
  role: 'IAM roles',
  pod: 'Kubernetes pods',
};

const FAILURE_MESSAGES: Record<string, string> = {
  insufficient_permissions: "User is not authorized to perform: ec2:DescribeInstances (simulated)",
  invalid_credential: 'The security token included in the request is expired (simulated)',
  rate_limited: 'Rate exceeded: too many requests (simulated)',
  connection_refused: "Connection refused: kubeconfig context 'demo-cluster' unreachable (simulated)",
  node_limit_exceeded: 'License node limit reached (simulated)',
};

const PAUSE_EVERY = 500;

/**
 * A synthetic estate for trying Strata without a cloud account, and for tests and benchmarks:
 * deterministic from `seed` and `size`, a few percent different for another seed.
 */
export const demoPlugin: DiscoveryPlugin<DemoConfig> = {
  id: 'demo',
  name: 'Demo estate',
  discovers: 'A synthetic, deterministic estate: VPCs, subnets, security groups, instances, volumes, buckets, roles, pods',
  credentialKinds: ['demo'],
  configSchema: demoConfigSchema,
  // One estate per size (another seed is the same estate changed): a job over a small estate
  // must not reconcile away a large one.
  scopeOf: (config) => `demo:${config.size}`,
  progressKey: (type) => PROGRESS_KEYS[type],
  discover: (context) => discoverDemoEstate(context),
};

async function* discoverDemoEstate({ config, signal, log, reportProgress }: PluginRunContext<DemoConfig>): AsyncIterable<DiscoveredItem> {
  const estate = new DemoEstate(config.size, config.seed, config.drift_percent);
  log('info', `Starting demo plugin for a ${config.size}-resource estate (seed "${config.seed}"${config.drift_percent === DEMO_DEFAULT_DRIFT_PERCENT ? '' : `, drift ${config.drift_percent} %`})`);
  const counts = new Map<DemoKind, number>();
  let emitted = 0;
  const tenth = Math.max(1, Math.floor(config.size / 10));

  for (let index = 0; index < config.size; index++) {
    if (signal.aborted) throw new PluginAbortedError();
    if (config.fail_with && emitted >= config.fail_after) {
      throw new PluginError(config.fail_with, FAILURE_MESSAGES[config.fail_with] ?? `${config.fail_with} (simulated)`);
    }
    const node = estate.node(index);
    if (node) {
      yield { kind: 'node', node };
      for (const edge of estate.edges(index, config.edges_per_node)) yield { kind: 'edge', edge };
      const kind = slotAt(index).kind;
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      emitted++;
      if (config.delay_ms > 0 && emitted % PAUSE_EVERY === 0) await pause(config.delay_ms, signal);
    }
    reportProgress(index + 1, config.size);
    if ((index + 1) % tenth === 0 && index + 1 < config.size) log('info', `Scanned ${index + 1} of ${config.size} resource slots`);
  }
  if (config.fail_with) throw new PluginError(config.fail_with, FAILURE_MESSAGES[config.fail_with] ?? `${config.fail_with} (simulated)`);
  for (const [kind, count] of counts) log('info', `Discovered ${count} ${LABELS[kind]}`);
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch {
    throw new PluginAbortedError();
  }
}
