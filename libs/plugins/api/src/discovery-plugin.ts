import type { JobErrorCode, JobLogLine, ResourceEdge, ResourceNode } from '@strata/contracts';
import type { z } from 'zod';

export type DiscoveredItem = { kind: 'node'; node: ResourceNode } | { kind: 'edge'; edge: ResourceEdge };

export interface PluginRunContext<Config> {
  tenantId: string;
  jobId: string;
  /** Already validated against the plugin's `configSchema`. */
  config: Config;
  /** The credential's secret fields, decrypted for this run only; never log them. */
  credential: Readonly<Record<string, string>>;
  /** Aborted when the job is cancelled or the worker shuts down: stop promptly. */
  signal: AbortSignal;
  log(level: JobLogLine['level'], msg: string): void;
  /**
   * How far the run has got, when the plugin can tell: `done` of `total` units of its own
   * choosing (resource slots of a demo estate, service-and-region scans of an account). The
   * job's `progress.percent` moves with it; a plugin that never calls it moves the percent only
   * when it completes. Cheap to call often: the worker sends it with its periodic progress.
   */
  reportProgress(done: number, total: number): void;
}

/**
 * One provider's discovery. `discover` streams what it finds; the worker runtime batches, counts
 * and publishes it, so a plugin never holds a whole estate in memory.
 */
export interface DiscoveryPlugin<Config = unknown> {
  id: string;
  name: string;
  discovers: string;
  /** Credential kinds this plugin can use. */
  credentialKinds: readonly string[];
  configSchema: z.ZodType<Config>;
  /** The reconcile scope of a run: nodes of this scope the job did not see are marked removed. */
  scopeOf(config: Config, credential: Readonly<Record<string, string>>): string;
  /** The progress counter a node type counts towards (`vpcs`, `ec2Instances`, ...), if any. */
  progressKey(type: string): string | undefined;
  discover(context: PluginRunContext<Config>): AsyncIterable<DiscoveredItem>;
}

/** A failure the job reports with one of the documented error codes. */
export class PluginError extends Error {
  constructor(
    readonly code: JobErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PluginError';
  }
}

/** Thrown by a plugin that noticed its signal was aborted. */
export class PluginAbortedError extends Error {
  constructor() {
    super('plugin run aborted');
    this.name = 'PluginAbortedError';
  }
}
