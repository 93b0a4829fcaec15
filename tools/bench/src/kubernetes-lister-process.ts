import { resolve } from 'node:path';
import { KubeConfig, KubernetesObjectApi, Metrics, VersionApi } from '@kubernetes/client-node';
import { KUBE_KINDS, kubernetesConfigSchema, kubernetesPlugin } from '@strata/plugins-kubernetes';
import { runProcess } from '@strata/testing';
import { onInterrupt } from './interrupt';

/**
 * One side of the kubernetes benchmark in a process of its own, so its peak RSS (`maxRSS`) and
 * CPU are its alone, and the fixture server's (another process) are not in them:
 * - `bare`: the lists the plugin makes, read with the bare `@kubernetes/client-node`, nothing done
 *   with what they hold: `/version`, every kind in the plugin's order through the same
 *   `KubernetesObjectApi.list` (so the same typed deserialisation), same `limit`, every page by
 *   `continue`, and the pods' `metrics.k8s.io` list the plugin reads before the pods.
 * - `plugin`: the plugin's own `discover()` over the same cluster, every item discarded.
 * Each pass is timed on its own; the parent takes the fastest.
 */
export interface ListerOptions {
  mode: 'bare' | 'plugin';
  kubeconfig: string;
  pageSize: number;
  includeRbac: boolean;
  passes: number;
}

export interface ListerResult {
  mode: ListerOptions['mode'];
  /** Per pass: objects listed (`bare`) or nodes emitted (`plugin`), edges emitted, seconds. */
  passes: { resources: number; edges: number; seconds: number }[];
  /** `process.resourceUsage().maxRSS` at the end, in bytes. */
  peakRss: number;
  /** CPU seconds (user + system) of the whole process. */
  cpuSeconds: number;
}

const RESULT_PREFIX = 'K8S-LISTER-RESULT ';

export async function runLister(options: ListerOptions): Promise<ListerResult> {
  // `BENCH_CPU_PROF=<dir>`: a V8 CPU profile of each lister process, for where its time goes.
  const profile = process.env['BENCH_CPU_PROF'] ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env['BENCH_CPU_PROF'])}`, `--cpu-prof-name=kubernetes-${options.mode}-${Date.now()}.cpuprofile`] : [];
  const child = runProcess({ name: `kubernetes-${options.mode}`, command: process.execPath, args: [...process.execArgv, ...profile, __filename, JSON.stringify(options)] });
  const unregister = onInterrupt(() => child.stop());
  try {
    const exit = await child.ended(30 * 60_000);
    if (exit !== 0) throw new Error(`the ${options.mode} lister exited with ${exit}:\n${child.log.slice(-4000)}`);
    const line = child.log.split('\n').find((l) => l.startsWith(RESULT_PREFIX));
    if (!line) throw new Error(`the ${options.mode} lister printed no result:\n${child.log.slice(-4000)}`);
    return JSON.parse(line.slice(RESULT_PREFIX.length)) as ListerResult;
  } finally {
    unregister();
  }
}

function kinds(includeRbac: boolean) {
  return Object.values(KUBE_KINDS).filter((entry) => includeRbac || !('rbac' in entry && entry.rbac));
}

async function barePass(options: ListerOptions): Promise<{ resources: number; edges: number }> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(options.kubeconfig);
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  await kubeConfig.makeApiClient(VersionApi).getCode();
  let resources = 0;
  for (const entry of kinds(options.includeRbac)) {
    // As the plugin does (one metrics list of every namespace, before the pods).
    if (entry.kind === 'Pod') await new Metrics(kubeConfig).getPodMetrics();
    let continueToken: string | undefined;
    do {
      const page = await objects.list(entry.apiVersion, entry.kind, undefined, undefined, undefined, undefined, undefined, undefined, options.pageSize, continueToken);
      resources += page.items.length;
      continueToken = page.metadata?._continue || undefined;
    } while (continueToken);
  }
  return { resources, edges: 0 };
}

async function pluginPass(options: ListerOptions): Promise<{ resources: number; edges: number }> {
  let resources = 0;
  let edges = 0;
  const context = {
    tenantId: 'bench',
    jobId: 'bench',
    config: kubernetesConfigSchema.parse({ cluster_name: 'fixture', include_rbac: options.includeRbac, page_size: options.pageSize }),
    credential: { kubeconfig: options.kubeconfig },
    signal: new AbortController().signal,
    log: () => undefined,
    reportProgress: () => undefined,
  };
  for await (const item of kubernetesPlugin.discover(context)) {
    if (item.kind === 'node') resources++;
    else edges++;
  }
  return { resources, edges };
}

async function main(options: ListerOptions): Promise<void> {
  const passes: ListerResult['passes'] = [];
  for (let pass = 0; pass < options.passes; pass++) {
    const started = process.hrtime.bigint();
    const counted = options.mode === 'bare' ? await barePass(options) : await pluginPass(options);
    passes.push({ ...counted, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
  }
  const usage = process.resourceUsage();
  const result: ListerResult = { mode: options.mode, passes, peakRss: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  // Never outlive the bench, however it ended.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && process.exit(1), 1000).unref();
  main(JSON.parse(process.argv[2]!) as ListerOptions).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
