import { isTerminalStatus, JOB_CATEGORY } from '@strata/contracts';
import { evolveJobView } from '@strata/jobs-domain';
import type { EventStore, StoredEvent } from '@strata/platform-event-store';
import { SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { asJobEvent } from '../orchestrator/job-command-handler';
import { activeJobId, activeJobsCollection, jobsCollection, queuedJobsCollection, SYSTEM_TENANT } from './jobs-collection';

export const JOB_PROJECTION = 'projection:jobs';

export interface JobProjectionOptions {
  events: EventStore;
  readStore: ReadStore;
  logger?: Logger;
  /** Where the projection shows when it is down (default: this process's). */
  health?: LoopHealth;
}

const JOB_STREAM_PREFIX = `${JOB_CATEGORY}-`;

/**
 * Keeps the job read models in step with the job streams. Idempotent: the view remembers the
 * last revision it folded, so events replayed after a crash (between a write and its checkpoint)
 * change nothing. `rebuild()` starts over from the first event and ends with the same documents.
 */
export class JobProjection {
  private loop: SupervisedLoop | undefined;
  private lastPosition: string | undefined;

  constructor(private readonly options: JobProjectionOptions) {}

  /** The global position of the last event handled (for "has the projection caught up?"). */
  get position(): string | undefined {
    return this.lastPosition;
  }

  /** Projects from the checkpoint on; a failure starts it again from there after a backoff. */
  start(): void {
    if (this.loop) return;
    const { logger, health } = this.options;
    this.loop = new SupervisedLoop({
      name: JOB_PROJECTION,
      run: (signal, healthy) => this.run(signal, healthy),
      ...(logger ? { logger } : {}),
      ...(health ? { health } : {}),
    });
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
  }

  /** Forgets every job read model and the checkpoint, then projects everything again. */
  async rebuild(): Promise<void> {
    await this.stop();
    await this.options.readStore.resetProjection(JOB_PROJECTION, [jobsCollection, activeJobsCollection, queuedJobsCollection]);
    this.lastPosition = undefined;
    this.start();
  }

  private async run(signal: AbortSignal, healthy: () => void): Promise<void> {
    const { events, readStore } = this.options;
    const from = await readStore.checkpoints.get(JOB_PROJECTION);
    this.lastPosition = from;
    for await (const event of events.subscribeAll({ ...(from ? { fromCheckpoint: from } : {}), signal })) {
      if (event.streamName.startsWith(JOB_STREAM_PREFIX)) await this.apply(event);
      else await readStore.checkpoints.set(JOB_PROJECTION, event.globalPosition);
      this.lastPosition = event.globalPosition;
      healthy();
    }
  }

  private async apply(stored: StoredEvent): Promise<void> {
    const { readStore } = this.options;
    const tenantId = stored.metadata.tenantId;
    const jobId = stored.streamName.slice(JOB_STREAM_PREFIX.length);
    const jobs = readStore.collection(jobsCollection).forTenant(tenantId);
    const checkpoint = { checkpoint: { projection: JOB_PROJECTION, value: stored.globalPosition } };

    const current = await jobs.get(jobId);
    if (current?.internal.revision !== undefined && current.internal.revision >= stored.revision) {
      await readStore.checkpoints.set(JOB_PROJECTION, stored.globalPosition);
      return;
    }
    const next = evolveJobView(current, asJobEvent(stored));
    if (!next) {
      await readStore.checkpoints.set(JOB_PROJECTION, stored.globalPosition);
      return;
    }
    const view = { ...next, internal: { ...next.internal, revision: stored.revision } };

    const active = readStore.collection(activeJobsCollection).forTenant(SYSTEM_TENANT);
    const activeId = activeJobId(tenantId, jobId);
    // A pending job waits in the queue for a worker: silence then says nothing about its workers.
    if (isTerminalStatus(view.status) || view.status === 'pending') await active.delete(activeId);
    else await active.upsert(activeId, { tenant_id: tenantId, job_id: jobId, last_activity_at: view.internal.last_activity_at });
    // Only a job that is or was pending can be queued: the others' events leave the collection alone.
    if (view.status === 'pending' || current?.status === 'pending') {
      const queued = readStore.collection(queuedJobsCollection).forTenant(SYSTEM_TENANT);
      if (view.status === 'pending' && !view.internal.queue_noted_at) {
        await queued.upsert(activeId, { tenant_id: tenantId, job_id: jobId, plugins: view.plugins, pending_since: view.created_at });
      } else {
        await queued.delete(activeId);
      }
    }
    await jobs.upsert(jobId, view, checkpoint);
  }
}
