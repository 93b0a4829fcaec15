import type { JobLogLine } from '@strata/contracts';
import { PluginAbortedError, type DiscoveredItem, type PluginRunContext } from '@strata/plugins-api';
import type { AwsConfig, AwsService } from './aws-config';
import { describeCounts } from './aws-resource-types';
import { isGlobalService, selectServices, SERVICE_COLLECTORS } from './aws-services';
import { MetricReader } from './cloudwatch';
import { awsErrorCode, classifyAwsError, originOf } from './core/aws-errors';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './core/backoff';
import { mergeBounded } from './core/bounded';
import type { Collector, CollectorScope } from './core/collector';
import { RetryLog } from './core/retry-log';
import { runFailure } from './core/run-failure';
import { enabledRegions } from './ec2';
import { openAwsSession, type AwsSession } from './sts/aws-session';

/** Knobs for tests; production uses the defaults. */
export interface AwsDiscoveryOptions {
  backoff?: Partial<Omit<BackoffPolicy, 'maxAttempts'>>;
  /** The clock the metrics window is read from (default: the real one). */
  now?: () => Date;
}

type Log = (level: JobLogLine['level'], msg: string) => void;

/** One service in one region (or once, for IAM and S3): the unit that runs in parallel. */
interface ScanUnit {
  service: AwsService;
  region: string;
  global: boolean;
}

/**
 * Scans the account: checks the credential, picks services and regions, then runs every
 * (service, region) unit with at most `config.concurrency` at once, streaming what they find.
 */
export async function* discoverAws(context: PluginRunContext<AwsConfig>, options: AwsDiscoveryOptions = {}): AsyncGenerator<DiscoveredItem> {
  const { config, credential, log } = context;
  // Aborted by the job (its signal) or by the first unit that fails the run (stop the others' calls).
  const run = new AbortController();
  const stop = (): void => run.abort(new PluginAbortedError());
  if (context.signal.aborted) throw new PluginAbortedError();
  context.signal.addEventListener('abort', stop, { once: true });
  const retries = new RetryLog(log);
  let session: AwsSession | undefined;
  try {
    session = await openAwsSession({
      config,
      credential,
      signal: run.signal,
      backoff: { ...DEFAULT_BACKOFF, ...options.backoff, maxAttempts: config.max_attempts },
      onRetry: retries.onRetry,
    });
    log('info', `Starting AWS plugin for account ${session.account.accountId}`);
    const selection = selectServices(config.services);
    for (const name of selection.unsupported) log('warn', `Skipping service '${name}': not supported by the aws plugin`);
    const regional = selection.services.some((service) => !isGlobalService(service));
    const regions = regional ? await scanRegions(session, config, log, run.signal) : [];
    log('info', `Scanning ${selection.services.join(', ')}${regional ? ` in ${regions.length} regions (${regions.join(', ')})` : ''}`);

    const units = selection.services.flatMap((service): ScanUnit[] =>
      isGlobalService(service) ? [{ service, region: config.home_region, global: true }] : regions.map((region) => ({ service, region, global: false })),
    );
    const { account, clients } = session;
    const metrics = config.metrics ? new MetricReader({ clients, log, now: (options.now ?? (() => new Date()))(), lookbackDays: config.metrics_lookback_days }) : undefined;
    // Progress is units scanned of those planned: the plugin cannot know resource totals ahead.
    let scanned = 0;
    context.reportProgress(0, units.length);
    const scan = (unit: ScanUnit) =>
      async function* (): AsyncIterable<DiscoveredItem> {
        const scope: CollectorScope = { account, region: unit.region, clients, call: { abortSignal: run.signal }, lookups: config.concurrency, log, ...(metrics ? { metrics } : {}) };
        yield* scanUnit(unit, scope, run.signal);
        context.reportProgress(++scanned, units.length);
      };
    yield* mergeBounded(units.map(scan), config.concurrency, stop);
    metrics?.summarize();
    retries.summarize();
  } catch (error) {
    throw runFailure(error, context.signal);
  } finally {
    context.signal.removeEventListener('abort', stop);
    session?.close();
  }
}

/**
 * The regions to scan: `config.regions` less those not enabled for the account, or every
 * enabled region. When the credential may not list regions, the requested ones (or the home
 * region) are scanned as they are.
 */
async function scanRegions(session: AwsSession, config: AwsConfig, log: Log, signal: AbortSignal): Promise<string[]> {
  let enabled: string[];
  try {
    enabled = await enabledRegions(session.clients, config.home_region, signal);
  } catch (error) {
    if (classifyAwsError(error) !== 'access_denied') throw error;
    const fallback = config.regions ?? [config.home_region];
    log('warn', `Could not list the account's enabled regions (insufficient permissions for ec2:DescribeRegions); scanning ${fallback.join(', ')}`);
    return [...new Set(fallback)];
  }
  if (config.regions === undefined) return enabled;
  const requested = [...new Set(config.regions)];
  for (const region of requested) if (!enabled.includes(region)) log('warn', `Skipping region '${region}': not enabled for this account`);
  return requested.filter((region) => enabled.includes(region));
}

/**
 * Runs a unit's collectors one after the other. A collector denied access is skipped with a
 * warning (all of them denied: the whole service, in the API's words); anything else that goes
 * wrong ends the run.
 */
async function* scanUnit(unit: ScanUnit, scope: CollectorScope, signal: AbortSignal): AsyncGenerator<DiscoveredItem> {
  const where = unit.global ? '' : ` in ${unit.region}`;
  const collectors = SERVICE_COLLECTORS[unit.service];
  const counts = new Map<string, number>();
  const denied: { collector: Collector; operation: string }[] = [];
  for (const collector of collectors) {
    try {
      for await (const item of collector.collect(scope)) {
        if (item.kind === 'node') counts.set(item.node.type, (counts.get(item.node.type) ?? 0) + 1);
        yield item;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      const kind = classifyAwsError(error);
      if (kind === 'not_enabled') {
        scope.log('warn', `Skipping service '${unit.service}'${where}: not enabled for this account (${awsErrorCode(error)})`);
        return;
      }
      if (kind !== 'access_denied') throw error;
      denied.push({ collector, operation: originOf(error)?.operation ?? awsErrorCode(error) ?? 'unknown' });
    }
  }
  if (denied.length === collectors.length) {
    scope.log('warn', `Skipping service '${unit.service}'${where}: insufficient permissions (${denied.map((d) => d.operation).join(', ')})`);
    return;
  }
  for (const { collector, operation } of denied) scope.log('warn', `Skipping ${collector.what}${where}: insufficient permissions (${operation})`);
  if (counts.size > 0) scope.log('info', `Discovered ${describeCounts(counts)}${where}`);
}
