import type { JobLogLine } from '@strata/contracts';
import type { DiscoveredItem } from '@strata/plugins-api';
import type { MetricReader } from '../cloudwatch/metric-reader';
import type { AwsClients } from './aws-clients';
import type { AwsAccount } from './resources';

/** What a collector works with: one account, one region (the home region for global services). */
export interface CollectorScope {
  account: AwsAccount;
  region: string;
  clients: AwsClients;
  /** Pass to every SDK call (`{ abortSignal }`), so a cancelled run stops its calls at once. */
  call: { abortSignal: AbortSignal };
  /** Per-resource lookups (tags, settings) a collector may have in flight at once. */
  lookups: number;
  /** Reads CloudWatch utilisation for the resources a collector found; absent when the job turned metrics off. */
  metrics?: MetricReader;
  log(level: JobLogLine['level'], msg: string): void;
}

/**
 * Discovers one kind of resource (or a few that one API returns together) in one region. A
 * collector denied access is skipped on its own, so a missing permission costs only what it
 * guards.
 */
export interface Collector {
  /** What it discovers, for log lines: "EC2 snapshots". */
  what: string;
  collect(scope: CollectorScope): AsyncIterable<DiscoveredItem>;
}
