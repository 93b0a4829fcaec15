import type { FindingEventKind, FindingRecord, FindingWrite } from '@strata/audit-domain';
import { FINDING_EVENT_TYPES, findingEventData, publishFindingEvents, type AuditStats } from '@strata/audit-feature';
import {
  eventCatalogEntry,
  EVENT_CATALOG,
  eventEnvelopeSchema,
  type EventEnvelope,
  JOB_CATEGORY,
  SCHEDULE_CATEGORY,
  SETTINGS_CATEGORY,
  type Assert,
  type AuditCompletedEventData,
  type FindingEventData,
  type JobEvent,
  type SameShape,
  type ScheduleEvent,
} from '@strata/contracts';
import { jobDecider, type JobCommand, type JobState } from '@strata/jobs-domain';
import { relayedEnvelope } from '@strata/platform-event-relay';
import { scheduleDecider, type ScheduleCommand, type ScheduleState } from '@strata/scheduler-domain';
import { settingsChangedEvent } from '@strata/tenancy-settings';

// The catalog (libs/contracts) against what the services really produce. This is the one
// project that may import every context, so the finding events' builder (audit-feature) is
// checked here, at compile time and with real calls.
const _findingDataMatches: Assert<SameShape<ReturnType<typeof findingEventData>, FindingEventData>> = true;
const _auditCompletedMatches: Assert<SameShape<{ jobId: string } & AuditStats & { currency: string }, AuditCompletedEventData>> = true;

function expectConforms(type: string, data: unknown): void {
  const entry = eventCatalogEntry(type);
  expect(entry).toBeDefined();
  const result = entry!.schema.safeParse(data);
  if (!result.success) throw new Error(`${type}: ${JSON.stringify(result.error.issues)}\n${JSON.stringify(data)}`);
}

/** A whole envelope as published: the envelope schema, the catalog's version for its type, its data. */
function expectEnvelopeConforms<Data>(envelope: EventEnvelope<Data>): void {
  expect(eventEnvelopeSchema.safeParse(envelope).success).toBe(true);
  expect(envelope.version).toBe(eventCatalogEntry(envelope.type)?.version);
  expectConforms(envelope.type, envelope.data);
}

/** What the relay publishes for an event stored as the aggregates' writers store it (with its schema version). */
function relayed(streamName: string, event: { type: string; version: number; data: object }, index: number): EventEnvelope {
  return relayedEnvelope({
    id: `${streamName}:${index}`,
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: { tenantId: 'acme', schemaVersion: event.version },
    streamName,
    revision: index,
    globalPosition: String(index),
    createdAt: at(index),
  });
}

function run<C, E extends { type: string }, S>(decider: { decide(c: C, s: S): readonly E[]; evolve(s: S, e: E): S; initialState(): S }, commands: C[]): E[] {
  let state = decider.initialState();
  const events: E[] = [];
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      state = decider.evolve(state, event);
      events.push(event);
    }
  }
  return events;
}

const at = (minute: number) => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString();
const figures = { nodesDiscovered: 10, nodesUpdated: 2, nodesRemoved: 1, edgesCreated: 7 };

describe('event catalog against the events the services produce', () => {
  it('job events decided by the Job aggregate validate against their schemas, for every job event type', () => {
    const create: JobCommand = {
      type: 'CreateJob',
      jobId: 'job-1',
      tenantId: 'acme',
      name: 'Demo',
      plugins: ['demo'],
      credentialId: 'cred-demo',
      config: { size: 5 },
      pluginConfigs: { demo: { size: 5 } },
      requestHash: 'abc',
      now: at(0),
    };
    const completed = run<JobCommand, JobEvent, JobState>(jobDecider, [
      create,
      { type: 'NoteStillQueued', queues: [{ plugin: 'demo', workersSeen: true, runsWaiting: 1, runsInProgress: 0 }], now: at(1) },
      { type: 'StartPluginRun', plugin: 'demo', attempt: 1, workerId: 'w1', now: at(2) },
      { type: 'RecordPluginProgress', plugin: 'demo', attempt: 1, resourceCounts: { vpcs: 1 }, fractionDone: 0.5, now: at(3) },
      { type: 'CompletePluginRun', plugin: 'demo', attempt: 1, batches: 2, scope: 'demo:5', startedAt: at(2), resourceCounts: { vpcs: 2 }, now: at(4) },
      { type: 'RecordInventoryProgress', batchesIngested: 1, batchesTotal: 2, now: at(5) },
      { type: 'RecordInventoryReconciled', ...figures, concurrentJobs: ['job-0'], now: at(6) },
      { type: 'RecordAuditProgress', nodesAudited: 5, nodesTotal: 10, now: at(7) },
      { type: 'RecordAuditCompleted', findingsCreated: 3, findingsResolved: 1, estimatedMonthlySavings: 12.5, currency: 'EUR', now: at(8) },
    ]);
    const failed = run<JobCommand, JobEvent, JobState>(jobDecider, [
      { ...create, jobId: 'job-2' },
      { type: 'StartPluginRun', plugin: 'demo', attempt: 1, workerId: 'w1', now: at(2) },
      { type: 'FailPluginRun', plugin: 'demo', error: { code: 'rate_limited', message: 'slow down' }, now: at(3) },
      { type: 'RecordInventoryCounted', ...figures, now: at(4) },
    ]);
    const cancelled = run<JobCommand, JobEvent, JobState>(jobDecider, [{ ...create, jobId: 'job-3' }, { type: 'CancelJob', now: at(1) }]);
    const events = [...completed, ...failed, ...cancelled];
    for (const [index, event] of events.entries()) expectEnvelopeConforms(relayed('job-1', event, index));
    const jobTypes = EVENT_CATALOG.filter((entry) => entry.category === JOB_CATEGORY).map((entry) => entry.name);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(jobTypes));
  });

  it('schedule events decided by the Schedule aggregate validate against their schemas, for every schedule event type', () => {
    const template = { name: 'Nightly', plugins: ['demo'], credentialId: 'cred-demo', config: { size: 5 } };
    const create: ScheduleCommand = { type: 'CreateSchedule', scheduleId: 'sched-1', tenantId: 'acme', timing: { kind: 'frequency', frequency: 'daily', time: '02:00', timezone: 'Europe/Berlin' }, jobTemplate: template, now: at(0) };
    const fired = run<ScheduleCommand, ScheduleEvent, ScheduleState>(scheduleDecider, [
      create,
      { type: 'UpdateSchedule', name: 'renamed', timing: { kind: 'interval', intervalMinutes: 30 }, now: at(1) },
      { type: 'RecordFiring', dueAt: at(31), jobId: 'job-1', now: at(31) },
      { type: 'RunNow', jobId: 'job-2', now: at(32) },
      { type: 'DeleteSchedule', now: at(33) },
    ]);
    const failing = run<ScheduleCommand, ScheduleEvent, ScheduleState>(scheduleDecider, [
      { ...create, scheduleId: 'sched-2', timing: { kind: 'interval', intervalMinutes: 1 } },
      ...[1, 2, 3, 4, 5].map((n): ScheduleCommand => ({ type: 'RecordFiringFailure', dueAt: at(n), error: { code: 'credential_not_found', message: 'gone' }, now: at(n) })),
    ]);
    const events = [...fired, ...failing];
    for (const [index, event] of events.entries()) expectEnvelopeConforms(relayed('schedule-1', event, index));
    const scheduleTypes = EVENT_CATALOG.filter((entry) => entry.category === SCHEDULE_CATEGORY).map((entry) => entry.name);
    expect(new Set(events.map((event) => event.type))).toEqual(new Set(scheduleTypes));
  });

  it('finding events as the audit engine builds and publishes them validate against their schemas', async () => {
    const record: FindingRecord = {
      rule_id: 'aws-ebs-volume-unattached',
      node_id: 'vol-1',
      node_type: 'aws.ec2.volume',
      node_name: 'data',
      account: '123456789012',
      region: null,
      scope: 'aws:123456789012',
      kind: 'cost',
      severity: 'medium',
      severity_rank: 2,
      title: 'Unattached volume',
      reason: 'not attached',
      monthly_savings_usd: null,
      savings_note: null,
      frameworks: [],
      status: 'muted',
      mute: { reason: 'accepted', until: null, by: 'tok-1', mute_rule_id: null },
      first_seen: at(0),
      opened_at: at(0),
      updated_at: at(1),
      resolved_at: null,
      opened_in_job: 'job-1',
      resolved_in_job: null,
      history: [],
    };
    for (const [kind, name] of Object.entries(FINDING_EVENT_TYPES) as [FindingEventKind, string][]) {
      expectConforms(`finding.${name}`, findingEventData(`${record.rule_id}:${record.node_id}`, record, kind, { jobId: kind === 'muted' ? null : 'job-1', now: at(2) }));
    }
    // And as the audit engine publishes them: envelopes on their subjects.
    const published: { subject: string; envelope: EventEnvelope }[] = [];
    const capture = { publish: async (subject: string, envelope: unknown) => void published.push({ subject, envelope: envelope as EventEnvelope }) };
    const kinds = Object.keys(FINDING_EVENT_TYPES) as FindingEventKind[];
    const writes: FindingWrite[] = [{ id: 'w', record, transitions: kinds.map((event) => ({ findingId: `${record.rule_id}:${record.node_id}`, event })) }];
    await publishFindingEvents(capture as never, 'acme', writes, { jobId: 'job-1', now: at(3) });
    expect(published).toHaveLength(kinds.length);
    for (const { subject, envelope } of published) {
      expectEnvelopeConforms(envelope);
      expect(subject).toBe(eventCatalogEntry(envelope.type)!.subject.replace('{tenant}', 'acme'));
    }
    expect(new Set(Object.values(FINDING_EVENT_TYPES))).toEqual(new Set(['FindingOpened', 'FindingResolved', 'FindingMuted', 'FindingUnmuted']));
    const stats: AuditStats = { findingsCreated: 1, findingsResolved: 0, estimatedMonthlySavings: 8 };
    expectConforms('finding.AuditCompleted', { jobId: 'job-1', ...stats, estimatedMonthlySavings: 7.6, currency: 'EUR' });
  });

  it('SettingsChanged as the gateway builds it validates against its schema', () => {
    const event = settingsChangedEvent({ tenantId: 'acme', section: 'scan-policy', changed: ['global.cpu_percent'], at: new Date(at(0)) });
    expect(event.type).toBe(`${SETTINGS_CATEGORY}.SettingsChanged`);
    expectEnvelopeConforms(event);
  });
});
