import { z } from 'zod';
import { JOB_END_EVENT_TYPES } from '../jobs/job-events';
import { STREAMS } from '../subjects';
import { eventEnvelope, eventEnvelopeSchema } from './event-envelope';
import { EVENT_CATALOG, EVENT_TYPES, eventCatalogEntry } from './event-catalog';

describe('event catalog', () => {
  it('lists each type once, as <category>.<Name>, at version 1, with a description', () => {
    expect(new Set(EVENT_TYPES).size).toBe(EVENT_CATALOG.length);
    for (const event of EVENT_CATALOG) {
      expect(event.type).toBe(`${event.category}.${event.name}`);
      expect(eventEnvelopeSchema.shape.type.safeParse(event.type).success).toBe(true);
      expect(event.version).toBe(1);
      expect(event.description.length).toBeGreaterThan(10);
    }
  });

  it('covers the job, schedule, finding, settings, webhook and inventory categories', () => {
    expect(new Set(EVENT_CATALOG.map((event) => event.category))).toEqual(new Set(['job', 'schedule', 'finding', 'settings', 'webhook', 'inventory']));
    expect(EVENT_TYPES).toEqual(
      expect.arrayContaining([
        ...JOB_END_EVENT_TYPES.map((type) => `job.${type}`),
        'job.AuditCompleted',
        'schedule.ScheduleFired',
        'schedule.ScheduleDisabled',
        'finding.FindingOpened',
        'finding.FindingResolved',
        'finding.FindingMuted',
        'finding.FindingUnmuted',
        'finding.AuditCompleted',
        'settings.SettingsChanged',
        'webhook.WebhookDisabled',
        'inventory.ScopeChanged',
      ]),
    );
  });

  it('names the subject each type is published on, inside the events stream', () => {
    expect(eventCatalogEntry('job.JobCompleted')?.subject).toBe('events.{tenant}.job.JobCompleted');
    const [streamSubject] = STREAMS.events.subjects;
    for (const event of EVENT_CATALOG) {
      expect(event.subject).toBe(`events.{tenant}.${event.category}.${event.name}`);
      expect(event.subject.startsWith(streamSubject.replace('>', ''))).toBe(true);
    }
  });

  it('finds entries by type and nothing for unknown ones', () => {
    expect(eventCatalogEntry('finding.AuditCompleted')?.schema).not.toBe(eventCatalogEntry('job.AuditCompleted')?.schema);
    expect(eventCatalogEntry('webhook.test')).toBeUndefined();
    expect(eventCatalogEntry('job')).toBeUndefined();
  });

  it('gives every type a data schema that converts to an object JSON Schema', () => {
    for (const event of EVENT_CATALOG) {
      const jsonSchema = z.toJSONSchema(event.schema, { io: 'input' }) as { type?: string; properties?: object };
      expect(jsonSchema.type).toBe('object');
      expect(Object.keys(jsonSchema.properties ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('accepts the data it describes and refuses data of another shape', () => {
    const completed = eventCatalogEntry('job.JobCompleted')!.schema;
    const stats = { nodes_discovered: 3, nodes_updated: 0, nodes_removed: 0, edges_created: 2, findings_created: 1, findings_resolved: 0, duration_seconds: 1.5 };
    const envelope = eventEnvelope({ id: 'e1', category: 'job', name: 'JobCompleted', tenantId: 'acme', time: '2026-12-05T09:00:00.000Z', data: { jobId: 'j1', stats, completedAt: '2026-12-05T09:00:00.000Z' } });
    expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
    expect(completed.safeParse(envelope.data).success).toBe(true);
    expect(completed.safeParse({ jobId: 'j1', completedAt: '2026-12-05T09:00:00.000Z' }).success).toBe(false);
    const disabled = eventCatalogEntry('webhook.WebhookDisabled')!.schema;
    expect(disabled.safeParse({ webhookId: 'wh-1', reason: 'failing for 24 h', disabledAt: '2026-12-05T09:00:00.000Z' }).success).toBe(true);
    expect(disabled.safeParse({ webhookId: 'wh-1' }).success).toBe(false);
    const settings = eventCatalogEntry('settings.SettingsChanged')!.schema;
    expect(settings.safeParse({ section: 'general', changed: ['currency'] }).success).toBe(true);
    expect(settings.safeParse({ section: 'network', changed: [] }).success).toBe(false);
  });
});
