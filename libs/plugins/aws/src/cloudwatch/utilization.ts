import type { DBInstance } from '@aws-sdk/client-rds';
import type { Instance } from '@aws-sdk/client-ec2';
import type { LoadBalancer } from '@aws-sdk/client-elastic-load-balancing-v2';

/** One CloudWatch metric statistic of one resource, over the window in daily periods. */
export interface MetricQuery {
  namespace: string;
  metricName: string;
  dimension: { Name: string; Value: string };
  stat: 'Average' | 'Maximum' | 'Sum';
}

/** What CloudWatch answered for one query: its daily datapoints, and whether it answered in full. */
export interface MetricSeries {
  points: { timestamp: Date; value: number }[];
  /** False when CloudWatch said it could not read the metric (`StatusCode` Forbidden or InternalError). */
  complete: boolean;
}

/** The days the utilisation summarises: whole UTC days, ending at the start of the run's day. */
export interface MetricWindow {
  start: Date;
  end: Date;
  days: number;
}

export const DAY_MS = 86_400_000;
/** One datapoint a day. */
export const METRIC_PERIOD_SECONDS = 86_400;

/**
 * The window for a run at `now`: the `days` whole UTC days before today. Today's partial day is
 * left out, so every scan on the same day reads the same datapoints.
 */
export function metricWindow(now: Date, days: number): MetricWindow {
  const end = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { start: new Date(end.getTime() - days * DAY_MS), end, days };
}

/**
 * How one kind of resource is measured: its queries (by the names its summary reads them by),
 * and the `utilization` attribute they make, or undefined when there is nothing to judge by.
 */
export interface UtilizationKind<R, K extends string> {
  /** "EC2 instances", for log lines. */
  what: string;
  /** Undefined for a resource this kind does not measure. */
  queries(resource: R): Record<K, MetricQuery> | undefined;
  summarize(series: Record<K, MetricSeries>, window: MetricWindow, resource: R): Utilization | undefined;
}

export type Utilization = Readonly<Record<string, number>>;

// Rounded so that an unchanged resource reads the same on the next scan (as far as its numbers
// allow): CPU to a tenth of a percent, megabytes to a tenth, counts to whole numbers.
const tenth = (value: number): number => Math.round(value * 10) / 10 + 0;
const whole = (value: number): number => Math.round(value) + 0;
const values = (series: MetricSeries): number[] => series.points.map((point) => point.value);
const mean = (numbers: readonly number[]): number => numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
const total = (numbers: readonly number[]): number => numbers.reduce((sum, value) => sum + value, 0);
/** The days any of `series` has a datapoint for. */
const daysWithData = (...series: MetricSeries[]): number => new Set(series.flatMap((one) => one.points.map((point) => point.timestamp.getTime()))).size;

/** Mean of the daily averages and the highest daily maximum, when there are any. */
function averageAndPeak(average: MetricSeries, maximum: MetricSeries, round: (value: number) => number): { avg?: number; max?: number } {
  return {
    ...(average.points.length > 0 ? { avg: round(mean(values(average))) } : {}),
    ...(maximum.points.length > 0 ? { max: round(Math.max(...values(maximum))) } : {}),
  };
}

const metric = (namespace: string, metricName: string, dimension: string, value: string, stat: MetricQuery['stat']): MetricQuery => ({
  namespace,
  metricName,
  dimension: { Name: dimension, Value: value },
  stat,
});

type Ec2Key = 'cpuAverage' | 'cpuMaximum' | 'networkIn' | 'networkOut';

/** Running EC2 instances: CPU (AWS/EC2 CPUUtilization) and network in and out, in MB (10^6 bytes) a day. */
export const EC2_INSTANCE_UTILIZATION: UtilizationKind<Instance & { InstanceId: string }, Ec2Key> = {
  what: 'EC2 instances',
  queries: (instance) => {
    const ec2 = (metricName: string, stat: MetricQuery['stat']) => metric('AWS/EC2', metricName, 'InstanceId', instance.InstanceId, stat);
    return { cpuAverage: ec2('CPUUtilization', 'Average'), cpuMaximum: ec2('CPUUtilization', 'Maximum'), networkIn: ec2('NetworkIn', 'Sum'), networkOut: ec2('NetworkOut', 'Sum') };
  },
  summarize: (series, window) => {
    const datapoints = daysWithData(...Object.values(series));
    if (datapoints === 0) return undefined;
    const cpu = averageAndPeak(series.cpuAverage, series.cpuMaximum, tenth);
    const networkDays = daysWithData(series.networkIn, series.networkOut);
    return {
      lookback_days: window.days,
      datapoints,
      ...(cpu.avg === undefined ? {} : { cpu_avg_percent: cpu.avg }),
      ...(cpu.max === undefined ? {} : { cpu_max_percent: cpu.max }),
      ...(networkDays === 0 ? {} : { network_mb_per_day: tenth((total(values(series.networkIn)) + total(values(series.networkOut))) / 1e6 / networkDays) }),
    };
  },
};

type RdsKey = 'cpuAverage' | 'cpuMaximum' | 'connectionsAverage' | 'connectionsMaximum';

/** Available RDS DB instances: CPU and database connections (AWS/RDS, by DBInstanceIdentifier). */
export const RDS_INSTANCE_UTILIZATION: UtilizationKind<DBInstance & { DBInstanceIdentifier: string }, RdsKey> = {
  what: 'RDS instances',
  queries: (db) => {
    const rds = (metricName: string, stat: MetricQuery['stat']) => metric('AWS/RDS', metricName, 'DBInstanceIdentifier', db.DBInstanceIdentifier, stat);
    return {
      cpuAverage: rds('CPUUtilization', 'Average'),
      cpuMaximum: rds('CPUUtilization', 'Maximum'),
      connectionsAverage: rds('DatabaseConnections', 'Average'),
      connectionsMaximum: rds('DatabaseConnections', 'Maximum'),
    };
  },
  summarize: (series, window) => {
    const datapoints = daysWithData(...Object.values(series));
    if (datapoints === 0) return undefined;
    const cpu = averageAndPeak(series.cpuAverage, series.cpuMaximum, tenth);
    const connections = averageAndPeak(series.connectionsAverage, series.connectionsMaximum, whole);
    return {
      lookback_days: window.days,
      datapoints,
      ...(cpu.avg === undefined ? {} : { cpu_avg_percent: cpu.avg }),
      ...(cpu.max === undefined ? {} : { cpu_max_percent: cpu.max }),
      ...(connections.avg === undefined ? {} : { connections_avg: connections.avg }),
      ...(connections.max === undefined ? {} : { connections_max: connections.max }),
    };
  },
};

/** `app/<name>/<id>` (or `net/...`): the `LoadBalancer` dimension, the end of the ARN. */
export function loadBalancerDimension(arn: string): string | undefined {
  return /:loadbalancer\/((?:app|net)\/[^/]+\/[^/]+)$/.exec(arn)?.[1];
}

/**
 * Active application and network load balancers: requests (AWS/ApplicationELB RequestCount) or
 * new flows (AWS/NetworkELB NewFlowCount) over the window. ELB publishes these only while traffic
 * flows, so no datapoints from a load balancer older than the window, with CloudWatch answering
 * in full, means no traffic: `request_count` 0 (an idle one must be judged idle, not unknown).
 */
export const LOAD_BALANCER_UTILIZATION: UtilizationKind<LoadBalancer & { LoadBalancerArn: string }, 'requests'> = {
  what: 'load balancers',
  queries: (balancer) => {
    const dimension = loadBalancerDimension(balancer.LoadBalancerArn);
    if (dimension === undefined || (balancer.Type !== 'application' && balancer.Type !== 'network')) return undefined;
    const requests = balancer.Type === 'application' ? metric('AWS/ApplicationELB', 'RequestCount', 'LoadBalancer', dimension, 'Sum') : metric('AWS/NetworkELB', 'NewFlowCount', 'LoadBalancer', dimension, 'Sum');
    return { requests };
  },
  summarize: (series, window, balancer) => {
    const datapoints = daysWithData(series.requests);
    const quietThroughout = series.requests.complete && balancer.CreatedTime !== undefined && balancer.CreatedTime.getTime() <= window.start.getTime();
    if (datapoints === 0 && !quietThroughout) return undefined;
    return { lookback_days: window.days, datapoints, request_count: whole(total(values(series.requests))) };
  },
};
