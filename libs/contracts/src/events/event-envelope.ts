import { z } from 'zod';

/**
 * The one shape of an event outside the service that recorded it: the NATS message on
 * `events.<tenant>.<category>.<Name>`, an item of the event feed (`GET /tenants/{t}/events`) and
 * a webhook's body are this envelope, byte for byte the same fields.
 *
 * - `id`: unique per event; a redelivery carries the same id (dedupe on it).
 * - `type`: `<category>.<Name>` (`job.JobCompleted`, `finding.FindingOpened`).
 * - `tenant_id`: whose event it is.
 * - `time`: when it was recorded, ISO 8601 UTC.
 * - `version`: the schema version of `data` for this type; raised when its shape changes.
 * - `data`: the event's own fields (described per type by `GET /api/v1/events/types`).
 */
export interface EventEnvelope<Data = Record<string, unknown>> {
  readonly id: string;
  readonly type: string;
  readonly tenant_id: string;
  readonly time: string;
  readonly version: number;
  readonly data: Data;
}

export const eventEnvelopeSchema = z.object({
  id: z.string().min(1),
  type: z.string().regex(/^[a-z][a-z0-9_]*\.[A-Za-z][A-Za-z0-9_]*$/),
  tenant_id: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  version: z.number().int().positive(),
  data: z.record(z.string(), z.unknown()),
});

/** `job` + `JobCompleted` → `job.JobCompleted`. */
export function eventTypeOf(category: string, name: string): string {
  return `${category}.${name}`;
}

/** `job.JobCompleted` → `{category: 'job', name: 'JobCompleted'}`. */
export function splitEventType(type: string): { category: string; name: string } {
  const dot = type.indexOf('.');
  if (dot <= 0 || dot === type.length - 1) throw new Error(`"${type}" is not an event type (<category>.<Name>)`);
  return { category: type.slice(0, dot), name: type.slice(dot + 1) };
}

/** Builds the envelope of an event; `version` defaults to 1 (every event's data is at its first version so far). */
export function eventEnvelope<Data>(event: { id: string; category: string; name: string; tenantId: string; time: string; data: Data; version?: number }): EventEnvelope<Data> {
  return {
    id: event.id,
    type: eventTypeOf(event.category, event.name),
    tenant_id: event.tenantId,
    time: event.time,
    version: event.version ?? 1,
    data: event.data,
  };
}

/**
 * Whether `envelope` is what the subject it came on (`events.<tenant>.<category>.<Name>`, the
 * installation namespace removed) says it is: the same tenant and type. A consumer acting for a
 * tenant checks it first, so a mislabelled message never reaches another tenant's webhooks or feed.
 */
export function envelopeMatchesSubject(subject: string, envelope: Pick<EventEnvelope, 'tenant_id' | 'type'>): boolean {
  const [root, tenant, category, name, ...rest] = subject.split('.');
  return root === 'events' && rest.length === 0 && tenant === envelope.tenant_id && `${category}.${name}` === envelope.type;
}
