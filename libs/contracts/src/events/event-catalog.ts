import type { z } from 'zod';
import { JOB_CATEGORY } from '../jobs/job-events';
import { SCHEDULE_CATEGORY } from '../schedules/schedule-events';
import { subjects } from '../subjects';
import { SETTINGS_CATEGORY, SETTINGS_CHANGED } from '../tenancy/settings-changed';
import { eventTypeOf } from './event-envelope';
import { FINDING_CATEGORY, FINDING_EVENT_DESCRIPTIONS, findingEventDataSchemas } from './finding-event-data';
import { INVENTORY_CATEGORY, SCOPE_CHANGED, scopeChangedEventDataSchema } from './inventory-event-data';
import { JOB_EVENT_DESCRIPTIONS, jobEventDataSchemas } from './job-event-data';
import { SCHEDULE_EVENT_DESCRIPTIONS, scheduleEventDataSchemas } from './schedule-event-data';
import { settingsChangedEventDataSchema } from './settings-event-data';
import { WEBHOOK_CATEGORY, WEBHOOK_DISABLED, webhookDisabledEventDataSchema } from './webhook-event-data';

/** One public event type: what `GET /api/v1/events/types` lists and the AsyncAPI document describes. */
export interface EventCatalogEntry {
  /** `<category>.<Name>`, the envelope's `type`. */
  readonly type: string;
  readonly category: string;
  readonly name: string;
  readonly description: string;
  /** The schema version of `data` (the envelope's `version`); raised when its shape changes. */
  readonly version: number;
  /** The NATS subject it is published on, before the installation namespace: `events.{tenant}.<category>.<Name>`. */
  readonly subject: string;
  /** The schema of the envelope's `data`. */
  readonly schema: z.ZodType;
}

/** The tenant token of a subject pattern (AsyncAPI's channel parameter). */
export const TENANT_SUBJECT_PARAMETER = '{tenant}';

function entry(category: string, name: string, description: string, schema: z.ZodType): EventCatalogEntry {
  return Object.freeze({
    type: eventTypeOf(category, name),
    category,
    name,
    description,
    version: 1,
    subject: subjects.event(TENANT_SUBJECT_PARAMETER, category, name),
    schema,
  });
}

function entriesOf<Name extends string>(category: string, schemas: Readonly<Record<Name, z.ZodType>>, descriptions: Readonly<Record<Name, string>>): EventCatalogEntry[] {
  return (Object.keys(schemas) as Name[]).map((name) => entry(category, name, descriptions[name], schemas[name]));
}

/**
 * Every event type published on `events.<tenant>.<category>.<Name>`, in one list: the job and
 * schedule events stored in the event store and relayed, the audit engine's finding events, the
 * gateway's `SettingsChanged` and the notifier's `WebhookDisabled`. Each `data` schema is checked
 * against the event's TypeScript type at compile time where one exists.
 */
export const EVENT_CATALOG: readonly EventCatalogEntry[] = Object.freeze([
  ...entriesOf(JOB_CATEGORY, jobEventDataSchemas, JOB_EVENT_DESCRIPTIONS),
  ...entriesOf(SCHEDULE_CATEGORY, scheduleEventDataSchemas, SCHEDULE_EVENT_DESCRIPTIONS),
  ...entriesOf(FINDING_CATEGORY, findingEventDataSchemas, FINDING_EVENT_DESCRIPTIONS),
  entry(SETTINGS_CATEGORY, SETTINGS_CHANGED, 'A tenant\'s settings changed (which values; read the settings for them).', settingsChangedEventDataSchema),
  entry(WEBHOOK_CATEGORY, WEBHOOK_DISABLED, 'The notifier disabled a webhook whose deliveries kept failing, and why.', webhookDisabledEventDataSchema),
  entry(
    INVENTORY_CATEGORY,
    SCOPE_CHANGED,
    'What one job changed in one scope (nodes added, changed, removed; edges added, removed), once inventory reconciled it: the counts and the first 20 changes. One per job and scope, only when something changed.',
    scopeChangedEventDataSchema,
  ),
]);

/** Every catalogued `<category>.<Name>`, in catalog order. */
export const EVENT_TYPES: readonly string[] = Object.freeze(EVENT_CATALOG.map((event) => event.type));

const byType = new Map(EVENT_CATALOG.map((event) => [event.type, event]));

/** The catalog entry of `type` (`job.JobCompleted`), or undefined for a type not in it. */
export function eventCatalogEntry(type: string): EventCatalogEntry | undefined {
  return byType.get(type);
}
