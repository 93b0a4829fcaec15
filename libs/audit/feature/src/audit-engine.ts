import { convertFromUsd, EXCHANGE_RATES, readTenantSettings } from '@strata/tenancy-settings';
import { trace } from '@opentelemetry/api';
import { eventEnvelope, subjects, type JobReport } from '@strata/contracts';
import { PoisonMessageError, type ConsumedMessage, type MessagingClient } from '@strata/platform-messaging';
import { createLogger, StrataAttributes, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import type { RelayedInventoryReconciled } from './evaluate-scope/inventory-reconciled.schema';
import { TenantAuditInputs } from './audit-inputs';
import { MuteApplier } from './apply-mutes/mute-applier';
import { MuteExpirySweep } from './expire-mutes/mute-expiry-sweep';
import { publishFindingEvents } from './evaluate-scope/finding-events';
import { ScopeEvaluator, type AuditInputs, type AuditProgress } from './evaluate-scope/scope-evaluator';

/** Durable consumer name, shared by every audit-engine replica. */
export const AUDIT_ENGINE_DURABLE = 'audit-engine';

export interface AuditEngineSettings {
  /** Audits at once per process (default 2). */
  concurrency?: number;
  /** Default: the built-in packs and each tenant's own rules, settings and the price table (`TenantAuditInputs`). */
  inputs?: AuditInputs;
  /** Nodes audited per round trip (default 500). */
  pageSize?: number;
  clock?: () => Date;
  /** Between two sweeps of the mutes that ended (default 30 s). */
  muteExpiryIntervalMs?: number;
  /** Where a failing mute-expiry sweep shows as down (default: this process's). */
  health?: LoopHealth;
}

export interface AuditEngineOptions extends AuditEngineSettings {
  /** Must be the store the inventory writes its `nodes` to. */
  readStore: ReadStore;
  messaging: MessagingClient;
  logger?: Logger;
}

/**
 * The audit engine: when a job's inventory is reconciled (`InventoryReconciled`, relayed on
 * EVENTS), evaluates the rule pack over the job's scopes, opens and resolves findings, and
 * reports `AuditCompleted` to the job orchestrator. Its consumer is a controller the app's NATS
 * transport serves (`evaluate-scope/evaluate-scope.consumer.ts`, registered by `AuditEngineModule`).
 */
export class AuditEngine {
  readonly evaluator: ScopeEvaluator;
  /** Re-applies mutes to stored findings (writes and publishes their `FindingMuted` / `FindingUnmuted`). */
  readonly mutes: MuteApplier;
  /** Ends the mutes that ran out; runs between `start()` and `stop()`. */
  readonly muteExpiry: MuteExpirySweep;
  private readonly logger: Logger;

  constructor(private readonly options: AuditEngineOptions) {
    const { readStore, inputs, clock, pageSize } = options;
    this.logger = options.logger ?? createLogger({ name: 'audit-engine' });
    this.evaluator = new ScopeEvaluator({
      readStore,
      inputs: inputs ?? new TenantAuditInputs(readStore),
      onFindingsWritten: (tenantId, writes, context) => publishFindingEvents(options.messaging, tenantId, writes, context),
      ...(clock ? { clock } : {}),
      ...(pageSize !== undefined ? { pageSize } : {}),
    });
    this.mutes = new MuteApplier({
      readStore,
      onFindingsWritten: (tenantId, writes, context) => publishFindingEvents(options.messaging, tenantId, writes, context),
      ...(clock ? { clock } : {}),
    });
    this.muteExpiry = new MuteExpirySweep({
      readStore,
      applier: this.mutes,
      logger: this.logger,
      ...(clock ? { clock } : {}),
      ...(options.muteExpiryIntervalMs !== undefined ? { intervalMs: options.muteExpiryIntervalMs } : {}),
      ...(options.health ? { health: options.health } : {}),
    });
  }

  /** Starts the mute-expiry sweep (the consumer is served by the app's NATS transport). */
  start(): void {
    this.muteExpiry.start();
  }

  async stop(): Promise<void> {
    await this.muteExpiry.stop();
  }

  /** How many audits run at once (its consumer is built from this). */
  get concurrency(): number | undefined {
    return this.options.concurrency;
  }

  /** Audits the scopes of one reconciled job (its consumer's handler; idempotent). */
  async onInventoryReconciled({ subject, data: event }: ConsumedMessage<RelayedInventoryReconciled>): Promise<void> {
    const tenantId = event.tenant_id;
    const { jobId } = event.data;
    // events.<tenant>.job.InventoryReconciled
    if (subject.split('.')[1] !== tenantId) {
      throw new PoisonMessageError(`InventoryReconciled of job ${jobId} for tenant ${tenantId} arrived on ${subject}`);
    }
    trace.getActiveSpan()?.setAttributes({ [StrataAttributes.tenant]: tenantId, [StrataAttributes.job]: jobId });
    const stats = await this.evaluator.evaluate({ tenantId, jobId }, (progress) => this.reportProgress(tenantId, jobId, progress));
    // Kept in USD (the price table's), reported in the tenant's currency as of this audit.
    const { general } = await readTenantSettings(this.options.readStore, tenantId);
    const savings = { estimatedMonthlySavings: convertFromUsd(stats.estimatedMonthlySavings, general.currency, EXCHANGE_RATES), currency: general.currency };
    const report: JobReport = { type: 'AuditCompleted', tenantId, jobId, ...stats, ...savings };
    await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${jobId}:audit-completed` });
    const auditCompleted = eventEnvelope({ id: `audit:${jobId}:completed`, category: 'finding', name: 'AuditCompleted', tenantId, time: new Date().toISOString(), data: { jobId, ...stats, ...savings } });
    await this.options.messaging.publish(subjects.event(tenantId, 'finding', 'AuditCompleted'), auditCompleted, { msgId: auditCompleted.id });
    this.logger.info({ tenantId, jobId, ...stats }, 'audit completed');
  }

  /** Tells the orchestrator how far a long audit is, which also counts as activity. Best effort. */
  private async reportProgress(tenantId: string, jobId: string, { nodesAudited, nodesTotal }: AuditProgress): Promise<void> {
    const report: JobReport = { type: 'AuditProgressed', tenantId, jobId, nodesAudited, nodesTotal };
    try {
      await this.options.messaging.publish(subjects.jobReports(tenantId), report, { msgId: `${jobId}:audit-progress:${nodesAudited}` });
    } catch (error) {
      this.logger.warn({ tenantId, jobId, err: error }, 'could not report audit progress');
    }
  }
}
