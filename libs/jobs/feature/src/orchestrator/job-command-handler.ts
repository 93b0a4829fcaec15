import { context, propagation } from '@opentelemetry/api';
import { jobStreamName, splitEventType, type EventEnvelope, type JobEvent } from '@strata/contracts';
import { evolveJobView, jobDecider, type JobCommand, type JobState, type JobView } from '@strata/jobs-domain';
import { replay } from '@strata/shared-domain';
import { newEventId, StreamRevisionConflictError, type EventStore, type StoredEvent } from '@strata/platform-event-store';

export interface CommandMetadata {
  tenantId: string;
  /** What caused the command (a report's message id, a request id). */
  causationId?: string;
}

export interface CommandOutcome {
  /** The state after the command. */
  state: JobState;
  /** What the command appended (empty when it decided nothing). */
  events: JobEvent[];
}

const MAX_ATTEMPTS = 5;

/**
 * Load → decide → append, the whole of a job command. A concurrent append (two reports for one
 * job at once) surfaces as a revision conflict; the command is then decided again on the newer
 * state, which is safe because deciding is pure.
 */
export class JobCommandHandler {
  constructor(
    private readonly events: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async load(jobId: string): Promise<{ state: JobState; revision: number | 'no_stream' }> {
    const stored = await this.events.read(jobStreamName(jobId));
    return {
      state: replay(jobDecider, stored.map((event) => asJobEvent(event))),
      revision: stored.length === 0 ? 'no_stream' : stored.length - 1,
    };
  }

  /** The job as its stream says now (not as the read model, which may lag); undefined if none. */
  async view(jobId: string): Promise<JobView | undefined> {
    return foldJobView((await this.events.read(jobStreamName(jobId))).map(asJobEvent));
  }

  async execute(jobId: string, command: JobCommand, metadata: CommandMetadata): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await this.load(jobId);
      const decided = jobDecider.decide(command, state);
      if (decided.length === 0) return { state, events: [] };
      try {
        await this.events.append(
          jobStreamName(jobId),
          decided.map((event) => ({
            id: newEventId(this.now().getTime()),
            type: event.type,
            data: event.data,
            metadata: { ...this.metadata(jobId, metadata), schemaVersion: event.version },
          })),
          revision,
        );
        return { state: decided.reduce(jobDecider.evolve, state), events: [...decided] };
      } catch (error) {
        if (!(error instanceof StreamRevisionConflictError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private metadata(jobId: string, { tenantId, causationId }: CommandMetadata) {
    const trace: Record<string, string> = {};
    propagation.inject(context.active(), trace);
    return { tenantId, correlationId: jobId, ...(causationId ? { causationId } : {}), ...trace };
  }
}

/**
 * A stored job event back in its contract shape; the schema version travels in the metadata.
 * Only this service appends to job streams, so the shape is trusted rather than re-validated.
 */
export function asJobEvent(stored: Pick<StoredEvent, 'type' | 'data' | 'metadata'>): JobEvent {
  const version = typeof stored.metadata['schemaVersion'] === 'number' ? stored.metadata['schemaVersion'] : 1;
  return { type: stored.type, version, data: stored.data } as unknown as JobEvent;
}

/** A relayed job event (`job.JobStarted`) back in its contract shape. */
export function jobEventOfEnvelope(envelope: Pick<EventEnvelope, 'type' | 'version' | 'data'>): JobEvent {
  return { type: splitEventType(envelope.type).name, version: envelope.version, data: envelope.data } as unknown as JobEvent;
}

/** The job view the events describe; undefined before the first. */
export function foldJobView(events: readonly JobEvent[]): JobView | undefined {
  return events.reduce<JobView | undefined>(evolveJobView, undefined);
}
