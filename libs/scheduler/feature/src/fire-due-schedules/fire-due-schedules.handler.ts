import type { CredentialCatalog, JobCreator, ScheduleFiringError } from '@strata/contracts';
import type { Logger } from '@strata/platform-observability';
import { StreamRevisionConflictError } from '@strata/platform-event-store';
import { findAll, type ReadStore } from '@strata/platform-read-store';
import { dueFiring, idempotencyKey, ScheduleAlreadyFiredError, ScheduleDisabledError, ScheduleNotDueError, ScheduleNotFoundError } from '@strata/scheduler-domain';
import { dueSchedulesCollection, SCHEDULER_TENANT, type DueSchedule } from '../schedule-store/due-schedules-collection';
import type { ScheduleCommandHandler } from '../schedule-store/schedule-command-handler';
import { jobRequestOf } from '../schedule-store/schedule-job-request';
import { permanentFiringError } from './firing-error';

/** Due entries read per page of a pass. */
const DUE_PAGE = 500;

/**
 * What became of one due entry: `fired` (its job created and the firing recorded), `failed` (the
 * job could not be created and never will be: `RecordFiringFailure`), `settled` (another replica,
 * or a write by hand, settled or moved the due time first), `not_due` (the stream says it is not
 * due: the stale entry was rewritten), `deferred` (a passing failure: the next pass tries again).
 */
export type FiringOutcome = 'fired' | 'failed' | 'settled' | 'not_due' | 'deferred';

export type PassCounts = Record<FiringOutcome, number>;

export interface FireDueSchedulesOptions {
  commands: ScheduleCommandHandler;
  readStore: ReadStore;
  jobs: JobCreator;
  credentials: CredentialCatalog;
  /** Due schedules fired at once (default 128). */
  concurrency?: number;
  clock?: () => Date;
  logger?: Logger;
}

export const DEFAULT_FIRING_CONCURRENCY = 128;

/**
 * One pass of the scheduler: every schedule of every tenant whose next run is due (the due index,
 * `next_run_at <= now`, in pages), `concurrency` at a time. For each, the stream is folded and
 * `dueFiring` says which due time fires (one catch-up after downtime); the job is created with
 * the Idempotency-Key of schedule id + due time, then `RecordFiring` (or `RecordFiringFailure`)
 * settles that due time. Exactly once across replicas: two passes firing the same due time create
 * the same job (the key), and the second record finds the due time settled with that job (the
 * decider answers nothing, or refuses it when settled otherwise).
 */
export class FireDueSchedulesHandler {
  private readonly concurrency: number;
  private readonly clock: () => Date;

  constructor(private readonly options: FireDueSchedulesOptions) {
    this.concurrency = options.concurrency ?? DEFAULT_FIRING_CONCURRENCY;
    this.clock = options.clock ?? (() => new Date());
  }

  private get due() {
    return this.options.readStore.collection(dueSchedulesCollection).forTenant(SCHEDULER_TENANT);
  }

  /** Fires what is due at the start of the pass; answers what became of each entry. */
  async fireDue(signal?: AbortSignal): Promise<PassCounts> {
    const counts: PassCounts = { fired: 0, failed: 0, settled: 0, not_due: 0, deferred: 0 };
    const cutoff = this.clock().toISOString();
    // One sequence over the pages, pulled by every worker: the next page is read as soon as a
    // worker needs it, not once the whole page before has been fired.
    const entries = findAll(this.due, { where: { next_run_at: { $lte: cutoff } }, sort: { field: 'next_run_at' }, limit: DUE_PAGE });
    const worker = async () => {
      // An async generator answers concurrent next() calls one after the other: each entry goes to one worker.
      for (let next = await entries.next(); !next.done && !signal?.aborted; next = await entries.next()) {
        counts[await this.fireOneLogged(next.value.doc)] += 1;
      }
    };
    await Promise.all(Array.from({ length: this.concurrency }, worker));
    return counts;
  }

  /**
   * The earliest next run in the due index after `after` (undefined: none). Entries already due
   * but left by a pass (deferred) wait for the poll instead of spinning the loop.
   */
  async nextRunAfter(after: Date): Promise<Date | undefined> {
    const first = await this.due.find({ where: { next_run_at: { $gt: after.toISOString() } }, sort: { field: 'next_run_at' }, limit: 1 });
    const at = first.items[0]?.doc.next_run_at;
    return at === undefined ? undefined : new Date(at);
  }

  /** One entry's failure (a store that failed a read) is the next pass's to retry, not the other entries'. */
  private async fireOneLogged(entry: DueSchedule): Promise<FiringOutcome> {
    try {
      return await this.fireOne(entry);
    } catch (error) {
      this.options.logger?.error({ err: error, tenantId: entry.tenant_id, scheduleId: entry.schedule_id }, 'firing a schedule failed; the next pass tries again');
      return 'deferred';
    }
  }

  /** Fires one due entry, if its stream agrees that it is due. */
  async fireOne(entry: DueSchedule): Promise<FiringOutcome> {
    const { tenant_id: tenantId, schedule_id: scheduleId } = entry;
    const { commands, jobs, credentials, logger } = this.options;
    const state = await commands.load(scheduleId);
    const dueAt = state.kind === 'schedule' && state.tenantId === tenantId ? dueFiring(state, this.clock()) : null;
    if (state.kind !== 'schedule' || dueAt === null) {
      await commands.refresh(tenantId, scheduleId);
      return 'not_due';
    }
    const key = idempotencyKey(scheduleId, dueAt);
    let jobId: string;
    try {
      jobId = (await jobs.create(tenantId, jobRequestOf(state.jobTemplate), { idempotencyKey: key, awaitReadModel: false })).job.id;
    } catch (error) {
      const failure = await permanentFiringError(error, tenantId, state.jobTemplate, credentials);
      if (!failure) {
        logger?.warn({ err: error, tenantId, scheduleId, dueAt: dueAt.toISOString() }, 'could not create the job of a firing; the next pass tries again');
        return 'deferred';
      }
      return this.record(tenantId, scheduleId, dueAt, failure);
    }
    return this.record(tenantId, scheduleId, dueAt, jobId);
  }

  private async record(tenantId: string, scheduleId: string, dueAt: Date, outcome: string | ScheduleFiringError): Promise<FiringOutcome> {
    const due = dueAt.toISOString();
    try {
      await this.options.commands.execute(tenantId, scheduleId, (now) =>
        typeof outcome === 'string' ? { type: 'RecordFiring', dueAt: due, jobId: outcome, now } : { type: 'RecordFiringFailure', dueAt: due, error: outcome, now },
      );
    } catch (error) {
      // Settled first by another replica, or changed meanwhile (disabled, deleted, retimed): the
      // due time is not this pass's any more. A job created for it is the one a replica created too.
      if (error instanceof ScheduleAlreadyFiredError || error instanceof ScheduleDisabledError || error instanceof ScheduleNotFoundError || error instanceof ScheduleNotDueError) {
        this.options.logger?.info({ tenantId, scheduleId, dueAt: due, reason: error.code }, 'a firing was settled elsewhere first');
        return 'settled';
      }
      if (error instanceof StreamRevisionConflictError) return 'deferred';
      throw error;
    }
    if (typeof outcome !== 'string') this.options.logger?.warn({ tenantId, scheduleId, dueAt: due, code: outcome.code }, `a schedule's firing failed: ${outcome.message}`);
    return typeof outcome === 'string' ? 'fired' : 'failed';
  }
}
