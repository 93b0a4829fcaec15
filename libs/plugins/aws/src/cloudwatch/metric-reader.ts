import { GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { JobLogLine } from '@strata/contracts';
import type { AwsClients } from '../core/aws-clients';
import { AwsThrottledError, classifyAwsError, describeAwsError, originOf } from '../core/aws-errors';
import { mapBounded } from '../core/bounded';
import type { CollectorScope } from '../core/collector';
import { METRIC_PERIOD_SECONDS, metricWindow, type MetricQuery, type MetricSeries, type MetricWindow, type Utilization, type UtilizationKind } from './utilization';

/** GetMetricData takes at most 500 queries per call. */
export const QUERIES_PER_CALL = 500;

export interface MetricReaderOptions {
  clients: AwsClients;
  log: (level: JobLogLine['level'], msg: string) => void;
  /** When the run started: the window is the `lookbackDays` whole UTC days before that day. */
  now: Date;
  lookbackDays: number;
}

interface RegionState {
  /** CloudWatch failed here once: the region's other resources go without utilisation. */
  failed: boolean;
  asked: number;
  measured: number;
}

interface PlannedQuery<K extends string> {
  id: string;
  resource: number;
  name: K;
  query: MetricQuery;
}

/**
 * Reads the utilisation of the resources the collectors find, a page of them at a time (so the
 * memory it takes is bounded by a page), with batched CloudWatch GetMetricData calls: at most 500
 * queries each, every NextToken followed. CloudWatch never fails discovery: the first error in a
 * region (access denied, throttling that outlasts the retries, anything) is one warn line, and
 * that region's resources go on without `utilization`; only an abort goes through. Throttled calls
 * are retried by the client's retry middleware, like every other call of the run.
 */
export class MetricReader {
  readonly window: MetricWindow;
  private readonly regions = new Map<string, RegionState>();

  constructor(private readonly options: MetricReaderOptions) {
    this.window = metricWindow(options.now, options.lookbackDays);
  }

  /** The `utilization` of each resource CloudWatch had data for, by the key it was given with. */
  async utilization<R, K extends string>(scope: CollectorScope, kind: UtilizationKind<R, K>, resources: readonly (readonly [key: string, resource: R])[]): Promise<Map<string, Utilization>> {
    const measured = new Map<string, Utilization>();
    const state = this.stateOf(scope.region);
    const wanted = resources.flatMap(([key, resource]) => {
      const queries = kind.queries(resource);
      return queries ? [{ key, resource, queries }] : [];
    });
    if (wanted.length === 0 || state.failed) return measured;
    state.asked += wanted.length;
    const planned: PlannedQuery<K>[] = wanted.flatMap(({ queries }, resource) =>
      (Object.entries(queries) as [K, MetricQuery][]).map(([name, query]) => ({ id: '', resource, name, query })),
    );
    planned.forEach((query, index) => (query.id = `m${index}`));

    let series: Map<string, MetricSeries>;
    try {
      series = await this.read(scope, planned);
    } catch (error) {
      if (scope.call.abortSignal.aborted) throw error;
      this.fail(scope.region, state, error);
      return measured;
    }
    const byResource = wanted.map(() => ({}) as Record<K, MetricSeries>);
    for (const query of planned) byResource[query.resource]![query.name] = series.get(query.id) ?? { points: [], complete: false };
    for (const [index, { key, resource }] of wanted.entries()) {
      const utilization = kind.summarize(byResource[index]!, this.window, resource);
      if (utilization === undefined) continue;
      measured.set(key, utilization);
      state.measured++;
    }
    return measured;
  }

  /** One info line per region that had resources to measure (and no CloudWatch failure, which has its warn line). */
  summarize(): void {
    const end = this.window.end.toISOString().slice(0, 10);
    for (const [region, state] of [...this.regions].sort(([a], [b]) => a.localeCompare(b))) {
      if (state.failed || state.asked === 0) continue;
      this.options.log('info', `CloudWatch utilisation for ${state.measured} of ${state.asked} resources in ${region} (${this.window.days} days to ${end})`);
    }
  }

  private stateOf(region: string): RegionState {
    let state = this.regions.get(region);
    if (!state) this.regions.set(region, (state = { failed: false, asked: 0, measured: 0 }));
    return state;
  }

  private async read<K extends string>(scope: CollectorScope, planned: readonly PlannedQuery<K>[]): Promise<Map<string, MetricSeries>> {
    const chunks: PlannedQuery<K>[][] = [];
    for (let start = 0; start < planned.length; start += QUERIES_PER_CALL) chunks.push(planned.slice(start, start + QUERIES_PER_CALL));
    const answers = await mapBounded(chunks, scope.lookups, (chunk) => this.readChunk(scope, chunk));
    return new Map(answers.flatMap((answer) => [...answer]));
  }

  /** One batch of queries, every page of it: CloudWatch pages by datapoints, a query's series may span pages. */
  private async readChunk<K extends string>(scope: CollectorScope, chunk: readonly PlannedQuery<K>[]): Promise<Map<string, MetricSeries>> {
    const client = this.options.clients.cloudwatch(scope.region);
    const MetricDataQueries: MetricDataQuery[] = chunk.map(({ id, query }) => ({
      Id: id,
      MetricStat: { Metric: { Namespace: query.namespace, MetricName: query.metricName, Dimensions: [query.dimension] }, Period: METRIC_PERIOD_SECONDS, Stat: query.stat },
      ReturnData: true,
    }));
    const series = new Map<string, MetricSeries>(chunk.map(({ id }) => [id, { points: [], complete: true }]));
    let NextToken: string | undefined;
    do {
      const answer = await client.send(
        new GetMetricDataCommand({ MetricDataQueries, StartTime: this.window.start, EndTime: this.window.end, ScanBy: 'TimestampAscending', ...(NextToken ? { NextToken } : {}) }),
        scope.call,
      );
      for (const result of answer.MetricDataResults ?? []) {
        const one = result.Id === undefined ? undefined : series.get(result.Id);
        if (!one) continue;
        if (result.StatusCode === 'Forbidden' || result.StatusCode === 'InternalError') one.complete = false;
        const values = result.Values ?? [];
        for (const [index, timestamp] of (result.Timestamps ?? []).entries()) {
          const value = values[index];
          if (value !== undefined) one.points.push({ timestamp, value });
        }
      }
      // A token that does not move on would page forever.
      NextToken = answer.NextToken && answer.NextToken !== NextToken ? answer.NextToken : undefined;
    } while (NextToken);
    return series;
  }

  private fail(region: string, state: RegionState, error: unknown): void {
    if (state.failed) return;
    state.failed = true;
    const reason =
      classifyAwsError(error) === 'access_denied'
        ? `insufficient permissions (${originOf(error)?.operation ?? 'cloudwatch:GetMetricData'})`
        : error instanceof AwsThrottledError
          ? error.message
          : describeAwsError(error);
    this.options.log('warn', `CloudWatch metrics unavailable in ${region}: ${reason}; utilisation-based rules will not judge these resources`);
  }
}

/** The utilisation of `resources` when the run reads metrics (`config.metrics`), else none. */
export async function readUtilization<R, K extends string>(
  scope: CollectorScope,
  kind: UtilizationKind<R, K>,
  resources: readonly (readonly [key: string, resource: R])[],
): Promise<Map<string, Utilization>> {
  return scope.metrics ? scope.metrics.utilization(scope, kind, resources) : new Map();
}
