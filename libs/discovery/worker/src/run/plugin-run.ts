import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import {
  subjects,
  batchMsgId,
  type CredentialResolver,
  type DiscoveryWorkItem,
  type JobError,
  type ResolvedCredential,
  type ResourceBatch,
} from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { Logger } from '@strata/platform-observability';
import { PluginAbortedError, PluginError, type DiscoveryPlugin, type PluginRunContext } from '@strata/plugins-api';
import { ChangeThrottle } from '@strata/shared-domain';
import { PluginRunRetryError } from '../errors';
import { BatchAccumulator, type BatchContent, type BatchLimits } from './batch-accumulator';
import { parsePluginConfig } from './plugin-config';
import { RunFraction } from './run-fraction';
import { PublishWindow } from './publish-window';
import { ResourceTally } from './resource-tally';
import type { RunIdentity } from './run-identity';
import { RunLog } from './run-log';
import { RunReporter } from './run-reporter';
import { SecretRedactor } from './secret-redactor';
import { untilAborted } from './until-aborted';

/** Why a run was stopped from outside: its job ended, or this worker is going away. */
export type AbortCause = 'cancelled' | 'shutdown';

/** What a run needs from the worker that runs it. */
export interface PluginRunEnvironment {
  messaging: MessagingClient;
  credentialResolver: CredentialResolver;
  logger: Logger;
  workerId: string;
  maxDeliver: number;
  progressIntervalMs: number;
  batchLimits: BatchLimits;
  /** Most batches published and not yet acknowledged by the stream (see `PublishWindow`). */
  maxBatchesInFlight: number;
  now: () => Date;
}

/** A run that finds nothing new still reports after this many progress intervals (a minute by default). */
const KEEP_ALIVE_INTERVALS = 60;

interface DiscoverySummary {
  batches: number;
  scope: string;
  tally: ResourceTally;
  /** The share done the plugin last reported, if it reports one. */
  fractionDone: number | undefined;
}

/**
 * One attempt at one work item: resolve the credential, validate the config, stream the plugin's
 * findings out in batches, and report to the orchestrator. `execute` resolving means the work
 * item is done with (acknowledge it); throwing means it should be redone as a new attempt.
 */
export class PluginRun<Config> {
  readonly identity: RunIdentity;
  private readonly controller = new AbortController();
  private abortCause: AbortCause | undefined;
  private readonly redactor = new SecretRedactor();
  private readonly reporter: RunReporter;
  private readonly log: RunLog;

  constructor(
    private readonly plugin: DiscoveryPlugin<Config>,
    private readonly item: DiscoveryWorkItem,
    attempt: number,
    private readonly env: PluginRunEnvironment,
  ) {
    this.identity = { tenantId: item.tenantId, jobId: item.jobId, plugin: plugin.id, attempt };
    this.reporter = new RunReporter(env.messaging, this.identity);
    this.log = new RunLog(env.messaging, this.identity, { redactor: this.redactor, now: env.now, logger: env.logger });
  }

  /** Stops the run promptly; the first cause given is the one that counts. */
  abort(cause: AbortCause): void {
    if (this.abortCause) return;
    this.abortCause = cause;
    this.controller.abort(new PluginAbortedError());
  }

  async execute(): Promise<void> {
    const { attempt } = this.identity;
    // Before anything is observed: the attempt's complete view of its scope holds as of then.
    const startedAt = this.env.now().toISOString();
    await this.reporter.started(this.env.workerId);
    if (attempt > 1) this.log.write('warn', `Plugin ${this.plugin.id}: attempt ${attempt}, redoing the run from the start`);
    let summary: DiscoverySummary;
    try {
      summary = await this.discover();
    } catch (error) {
      await this.log.flush();
      return this.handleFailure(error);
    }
    // Everything was published: a shutdown now loses nothing, only a cancelled job wants silence.
    if (this.abortCause === 'cancelled') return this.stopQuietly();
    const { tally, batches, scope, fractionDone } = summary;
    this.log.write('info', `Discovery complete: ${tally.nodes} nodes, ${tally.edges} edges`);
    await this.log.flush();
    const resourceCounts = tally.resourceCounts();
    await this.reporter.progressed(resourceCounts, fractionDone);
    await this.reporter.completed({ batches, scope, startedAt, resourceCounts });
    this.env.logger.info({ ...this.identity, batches, nodes: tally.nodes, edges: tally.edges }, 'plugin run completed');
  }

  private async discover(): Promise<DiscoverySummary> {
    const credential = await this.resolveCredential();
    this.redactor.protect(credential.secret);
    const config = parsePluginConfig(this.plugin, this.item.config);
    const scope = this.plugin.scopeOf(config, credential.secret);
    const context: PluginRunContext<Config> = {
      tenantId: this.item.tenantId,
      jobId: this.item.jobId,
      config,
      credential: credential.secret,
      signal: this.controller.signal,
      // A cancelled run adds nothing to a job log that is being closed.
      log: (level, msg) => {
        if (this.abortCause !== 'cancelled') this.log.write(level, msg);
      },
      reportProgress: (done, total) => progress.record(done, total),
    };

    const accumulator = new BatchAccumulator(this.env.batchLimits, this.env.now);
    const tally = new ResourceTally((type) => this.plugin.progressKey(type));
    const { progressIntervalMs } = this.env;
    // The start report is news enough: the first progress report waits a full interval.
    const throttle = new ChangeThrottle(progressIntervalMs, () => this.env.now().getTime(), { toldAtStart: 0, keepAliveMs: progressIntervalMs * KEEP_ALIVE_INTERVALS });
    const progress = new RunFraction();
    let reporting: Promise<void> | undefined;
    const reportIfDue = (): Promise<void> => {
      if (reporting || !throttle.due(tally.nodes, progress.value)) return reporting ?? Promise.resolve();
      reporting = this.reporter.progressed(tally.resourceCounts(), progress.value).finally(() => (reporting = undefined));
      return reporting;
    };
    const window = new PublishWindow(this.env.maxBatchesInFlight);
    let batches = 0;
    const publish = async (content: BatchContent): Promise<void> => {
      const sequence = batches++;
      await window.add(() => this.publishBatch(sequence, scope, content));
    };
    // Also on a timer, not only as resources arrive: a plugin may find nothing for minutes.
    const ticker = setInterval(() => {
      reportIfDue().catch((error: unknown) => this.env.logger.warn({ ...this.identity, err: error }, 'could not report progress'));
    }, progressIntervalMs);
    try {
      this.throwIfAborted();
      for await (const found of untilAborted(this.plugin.discover(context), this.controller.signal)) {
        tally.add(found);
        const full = accumulator.add(found);
        // The window is the backpressure: the plugin is not asked for more while it is full.
        if (full) {
          await publish(full);
          // A plugin that computes its resources (the demo estate) or has them already fetched
          // never waits while the window has room, so this loop would hold the event loop for
          // eight batches at a time: in one process with inventory, the batches it publishes
          // then wait, and the SQLite writer with them (measured: 12% slower end to end, GETs
          // held up to 300 ms). A turn per batch lets them and HTTP in.
          await nextTurnOfEventLoop();
          this.throwIfAborted();
        }
        await reportIfDue();
      }
      const last = accumulator.take();
      if (last) await publish(last);
      // Completed is reported only once the stream holds every batch.
      await window.drain();
      return { batches, scope, tally, fractionDone: progress.value };
    } finally {
      clearInterval(ticker);
      // The final report must not be overtaken by one still on its way.
      await reporting?.catch(() => undefined);
    }
  }

  private async resolveCredential(): Promise<ResolvedCredential> {
    const { tenantId, credentialId } = this.item;
    const credential = await this.env.credentialResolver.resolve(tenantId, credentialId);
    this.throwIfAborted();
    if (!credential || credential.tenantId !== tenantId) {
      throw new PluginError('invalid_credential', `Credential ${credentialId} was not found (deleted since the job was created?)`);
    }
    if (!this.plugin.credentialKinds.includes(credential.kind)) {
      const accepted = this.plugin.credentialKinds.join(', ');
      throw new PluginError('invalid_credential', `Credential ${credentialId} is of kind ${credential.kind}; plugin ${this.plugin.id} accepts ${accepted}`);
    }
    return credential;
  }

  private async publishBatch(sequence: number, scope: string, content: BatchContent): Promise<void> {
    const { tenantId, jobId, plugin, attempt } = this.identity;
    const batch: ResourceBatch = {
      tenantId,
      jobId,
      plugin,
      attempt,
      sequence,
      scope,
      observedAt: content.observedAt,
      nodes: content.nodes,
      edges: content.edges,
    };
    await this.env.messaging.publish(subjects.batches(tenantId, jobId), batch, { msgId: batchMsgId(batch) });
  }

  private async handleFailure(error: unknown): Promise<void> {
    const { attempt } = this.identity;
    if (this.abortCause === 'cancelled') return this.stopQuietly();
    if (error instanceof PluginError && this.abortCause === undefined) {
      const message = this.redactor.redact(error.message);
      return this.fail({ code: error.code, message }, `Plugin ${this.plugin.id} failed (${error.code}): ${message}`);
    }
    const reason = this.abortCause === 'shutdown' ? 'the worker shut down' : this.describe(error);
    if (attempt < this.env.maxDeliver) {
      this.log.write('warn', `Plugin ${this.plugin.id}: attempt ${attempt} did not finish (${reason}); it will be retried`);
      await this.log.flush();
      throw new PluginRunRetryError(this.plugin.id, this.identity.jobId, attempt, reason);
    }
    const message = `Plugin ${this.plugin.id} failed after ${attempt} attempts: ${reason}`;
    return this.fail({ code: 'plugin_error', message }, message);
  }

  private async fail(error: JobError, logLine: string): Promise<void> {
    this.log.write('error', logLine);
    await this.log.flush();
    await this.reporter.failed(error);
    this.env.logger.warn({ ...this.identity, code: error.code }, 'plugin run failed');
  }

  private stopQuietly(): void {
    this.env.logger.info({ ...this.identity }, 'plugin run stopped: its job has ended');
  }

  /** The error's message with every secret masked; never its stack or cause, which may hold more. */
  private describe(error: unknown): string {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return this.redactor.redact(text);
  }

  private throwIfAborted(): void {
    if (this.controller.signal.aborted) throw new PluginAbortedError();
  }
}
