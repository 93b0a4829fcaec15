import { randomUUID } from 'node:crypto';
import type { INestMicroservice } from '@nestjs/common';
import { eventEnvelope, subjects, type EventEnvelope } from '@strata/contracts';
import { parseEventTypeFilter } from '@strata/events-domain';
import { openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { EventFeedReader } from '../feed-store/event-feed-reader';
import { EventFeedRecorderModule } from '../nest/event-feed-recorder.module';
import { EventFeedPruner } from '../prune-feed/event-feed-pruner';
import { EventRecorder } from './event-recorder';

/** Fails once, after writing, for the ids it is told: the crash between write and ack that makes JetStream redeliver. */
class CrashingOnceRecorder extends EventRecorder {
  readonly crashFor = new Set<string>();
  readonly outcomes: { id: string; outcome: string }[] = [];

  override async record(subject: string, envelope: EventEnvelope) {
    const outcome = await super.record(subject, envelope);
    this.outcomes.push({ id: envelope.id, outcome });
    if (this.crashFor.delete(envelope.id)) throw new Error('crashed before the ack');
    return outcome;
  }
}

describe('event feed: NATS → recorder → feed', () => {
  let fixture: ServiceFixture;
  let recorder: CrashingOnceRecorder;
  let transport: INestMicroservice;
  let reader: EventFeedReader;
  let wall = Date.parse('2026-12-05T09:00:00Z');

  beforeAll(async () => {
    fixture = await openServiceFixture('eventfeed');
    recorder = new CrashingOnceRecorder({ readStore: fixture.readStore, clock: () => new Date(wall) });
    transport = await startNatsTransport(fixture.messaging, EventFeedRecorderModule.forInstance(recorder));
    reader = new EventFeedReader(fixture.readStore);
  });

  afterAll(async () => {
    await transport?.close();
    await fixture?.close();
  });

  const envelope = (tenantId: string, category: string, name: string, time: string, data: Record<string, unknown> = {}) =>
    eventEnvelope({ id: randomUUID(), category, name, tenantId, time, data });
  const publish = (event: EventEnvelope, msgId = event.id) => {
    const { category, name } = { category: event.type.split('.')[0]!, name: event.type.split('.')[1]! };
    return fixture.messaging.publish(subjects.event(event.tenant_id, category, name), event, { msgId });
  };
  const recorded = (id: string) => recorder.outcomes.filter((outcome) => outcome.id === id);
  const all = { kind: 'all' } as const;

  it('records each envelope once, even when redelivered after a crash or published again, and lists exactly the envelopes', async () => {
    const first = envelope('acme', 'job', 'JobStarted', '2026-12-05T09:00:00.000Z', { jobId: 'j1', startedAt: '2026-12-05T09:00:00.000Z' });
    recorder.crashFor.add(first.id);
    await publish(first);
    await waitFor(() => recorded(first.id).length === 2, { message: 'the crashed delivery redelivered' });
    expect(recorded(first.id).map((outcome) => outcome.outcome)).toEqual(['recorded', 'duplicate']);

    // The same event published again outside JetStream's duplicate window (another msgId).
    await publish(first, `${first.id}:again`);
    await waitFor(() => recorded(first.id).length === 3, { message: 'the republished event consumed' });
    expect(recorded(first.id)[2]!.outcome).toBe('duplicate');

    const page = await reader.list('acme', { limit: 10, types: all });
    expect(page.items).toEqual([first]);
  });

  it('filters by type with wildcards and by since, oldest recorded first, with cursor pages that stay put while events arrive', async () => {
    const tenant = 'paging-corp';
    const published: EventEnvelope[] = [];
    const names = ['JobCompleted', 'FindingOpened', 'JobFailed', 'FindingResolved', 'SettingsChanged', 'JobCompleted', 'FindingOpened'];
    for (const [index, name] of names.entries()) {
      const category = name.startsWith('Job') ? 'job' : name.startsWith('Finding') ? 'finding' : 'settings';
      const event = envelope(tenant, category, name, new Date(Date.parse('2026-12-05T10:00:00Z') + index * 60_000).toISOString());
      published.push(event);
      wall += 1_000;
      await publish(event);
      await waitFor(() => recorded(event.id).length === 1, { message: `event ${index} recorded` });
    }

    const everything = await reader.list(tenant, { limit: 50, types: all });
    expect(everything.items).toEqual(published);
    expect(everything.page.has_more).toBe(false);

    const findings = await reader.list(tenant, { limit: 50, types: parseEventTypeFilter('finding.*') });
    expect(findings.items.map((item) => item.id)).toEqual(published.filter((event) => event.type.startsWith('finding.')).map((event) => event.id));
    const completedOrSettings = await reader.list(tenant, { limit: 50, types: parseEventTypeFilter('*.JobCompleted,settings.SettingsChanged') });
    expect(completedOrSettings.items.map((item) => item.type)).toEqual(['job.JobCompleted', 'settings.SettingsChanged', 'job.JobCompleted']);
    const since = await reader.list(tenant, { limit: 50, types: all, since: '2026-12-05T11:03:00+01:00' });
    expect(since.items).toEqual(published.slice(3));

    // Pages of 2: stable while a new event is recorded between pages, which then comes last.
    const seen: string[] = [];
    let page = await reader.list(tenant, { limit: 2, types: all });
    seen.push(...page.items.map((item) => item.id));
    const late = envelope(tenant, 'job', 'JobCancelled', '2026-12-05T09:59:00.000Z'); // its time is older, its recording newer
    wall += 1_000;
    await publish(late);
    await waitFor(() => recorded(late.id).length === 1, { message: 'the late event recorded' });
    while (page.page.has_more) {
      page = await reader.list(tenant, { limit: 2, types: all, cursor: page.page.next_cursor! });
      seen.push(...page.items.map((item) => item.id));
    }
    expect(seen).toEqual([...published, late].map((event) => event.id));
    // The last page's cursor resumes after it: a poll with it sees only what is recorded later.
    const caughtUp = await reader.list(tenant, { limit: 2, types: all, cursor: page.page.next_cursor! });
    expect(caughtUp).toEqual({ items: [], page: { limit: 2, next_cursor: page.page.next_cursor, has_more: false } });
    await expect(reader.list(tenant, { limit: 2, types: parseEventTypeFilter('job.*'), cursor: page.page.next_cursor! })).rejects.toMatchObject({ code: 'invalid_cursor' });
    await expect(reader.list('acme', { limit: 2, types: all, cursor: page.page.next_cursor! })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('keeps tenants apart', async () => {
    const theirs = envelope('globex', 'job', 'JobStarted', '2026-12-05T09:00:00.000Z');
    await publish(theirs);
    await waitFor(() => recorded(theirs.id).length === 1, { message: 'globex event recorded' });
    expect((await reader.list('globex', { limit: 50, types: all })).items).toEqual([theirs]);
    expect((await reader.list('acme', { limit: 50, types: all })).items.map((item) => item.id)).not.toContain(theirs.id);
    expect((await reader.list('initech', { limit: 50, types: all })).items).toEqual([]);
  });

  it('terminates a message whose subject disagrees with its envelope, recording nothing', async () => {
    const stray = envelope('acme', 'job', 'JobStarted', '2026-12-05T09:00:00.000Z');
    await fixture.messaging.publish(subjects.event('globex', 'job', 'JobStarted'), stray, { msgId: stray.id });
    const marker = envelope('acme', 'job', 'JobFailed', '2026-12-05T09:00:00.000Z');
    await publish(marker);
    await waitFor(() => recorded(marker.id).length === 1, { message: 'the message after the stray one recorded' });
    expect(recorded(stray.id)).toEqual([]);
    expect((await reader.list('globex', { limit: 50, types: all })).items.map((item) => item.id)).not.toContain(stray.id);
    expect((await reader.list('acme', { limit: 50, types: all })).items.map((item) => item.id)).not.toContain(stray.id);
  });

  it('terminates a message that is not an envelope (a stored event as relayed before envelopes), recording nothing', async () => {
    const stored = { id: randomUUID(), type: 'JobStarted', data: { jobId: 'j9' }, metadata: { tenantId: 'acme' }, streamName: 'job-j9', revision: 0, createdAt: '2026-12-05T09:00:00.000Z' };
    await fixture.messaging.publish(subjects.event('acme', 'job', 'JobStarted'), stored, { msgId: stored.id });
    const marker = envelope('acme', 'job', 'JobCancelled', '2026-12-05T09:00:00.000Z');
    await publish(marker);
    await waitFor(() => recorded(marker.id).length === 1, { message: 'the message after the stored event recorded' });
    expect(recorded(stored.id)).toEqual([]);
    expect((await reader.list('acme', { limit: 50, types: all })).items.map((item) => item.id)).not.toContain(stored.id);
  });

  it('prunes events past retention, in every tenant, by their time on an injected clock', async () => {
    const tenantA = 'retention-a';
    const tenantB = 'retention-b';
    const old = envelope(tenantA, 'job', 'JobStarted', '2026-11-01T00:00:00.000Z');
    const fresh = envelope(tenantA, 'job', 'JobCompleted', '2026-11-20T00:00:00.000Z');
    const oldB = envelope(tenantB, 'job', 'JobStarted', '2026-10-01T00:00:00+02:00');
    for (const event of [old, fresh, oldB]) {
      await publish(event);
      await waitFor(() => recorded(event.id).length === 1, { message: 'recorded' });
    }
    let now = new Date('2026-12-05T00:00:00Z');
    const pruner = new EventFeedPruner({ readStore: fixture.readStore, retentionDays: 30, clock: () => now });
    const before = (await reader.list(tenantA, { limit: 50, types: all })).items.length;
    expect(before).toBe(2);
    // Cut-off 2026-11-05: `old` (and every seeded event of the other tests, dated 2026-12-05, stays).
    expect(await pruner.pruneOnce()).toBe(2);
    expect((await reader.list(tenantA, { limit: 50, types: all })).items).toEqual([fresh]);
    expect((await reader.list(tenantB, { limit: 50, types: all })).items).toEqual([]);
    expect((await reader.list('acme', { limit: 50, types: all })).items.length).toBeGreaterThan(0);
    expect(await pruner.pruneOnce()).toBe(0);
    now = new Date('2026-12-21T00:00:00Z');
    expect(await pruner.pruneOnce()).toBe(1);
    expect((await reader.list(tenantA, { limit: 50, types: all })).items).toEqual([]);
  });
});
