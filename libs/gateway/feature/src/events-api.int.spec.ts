import { randomUUID } from 'node:crypto';
import { Parser } from '@asyncapi/parser';
import { eventCatalogEntry, eventEnvelope, eventEnvelopeSchema, EVENT_CATALOG, subjects, type EventEnvelope } from '@strata/contracts';
import { EventFeedRecorderModule } from '@strata/events-feature';
import { waitFor } from '@strata/testing';
import { startGatewayHarness, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const EVENTS = (tenant = 'acme-corp') => `/api/v1/tenants/${tenant}/events`;

/** The events API through the gateway, the recorder in the same process recording what is published on NATS. */
describe('events API through the gateway', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  const tokens: Record<'reader' | 'jobsOnly' | 'globex', string> = { reader: '', jobsOnly: '', globex: '' };
  const published: EventEnvelope[] = [];

  const publish = async (tenant: string, category: string, name: string, time: string, data: Record<string, unknown> = {}) => {
    const event = eventEnvelope({ id: randomUUID(), category, name, tenantId: tenant, time, data });
    await harness.messaging.publish(subjects.event(tenant, category, name), event, { msgId: event.id });
    return event;
  };
  const ids = (body: Json) => (body.items ?? []).map((item) => item['id']);

  beforeAll(async () => {
    harness = await startGatewayHarness('eventsapi', { modules: [EventFeedRecorderModule.forRoot()] });
    ({ call } = harness);
    const { admin } = harness;
    for (const tenant of ['acme-corp', 'globex']) expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
    const token = async (tenant: string, permissions: string[]) => String((await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: 'feed', permissions })).body['token']);
    tokens.reader = await token('acme-corp', ['events:read']);
    tokens.jobsOnly = await token('acme-corp', ['jobs:read']);
    tokens.globex = await token('globex', ['events:read']);
    const minute = (n: number) => new Date(Date.parse('2026-12-05T08:00:00Z') + n * 60_000).toISOString();
    // No job events: the orchestrator in the harness would act on them (there is no such job).
    published.push(await publish('acme-corp', 'schedule', 'ScheduleCreated', minute(0), { scheduleId: 'sched-1' }));
    published.push(await publish('acme-corp', 'finding', 'FindingOpened', minute(1)));
    published.push(await publish('acme-corp', 'schedule', 'ScheduleDeleted', minute(2)));
    published.push(await publish('acme-corp', 'finding', 'FindingResolved', minute(3)));
    published.push(await publish('acme-corp', 'webhook', 'WebhookDisabled', minute(4), { webhookId: 'wh-1', reason: 'failing', disabledAt: minute(4) }));
    await waitFor(async () => (await call('GET', `${EVENTS()}?limit=200`, tokens.reader)).body.items?.length === published.length, { message: 'every event in the feed' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('lists the envelopes exactly, oldest first, in the cursor envelope', async () => {
    const listed = await call('GET', EVENTS(), tokens.reader);
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual(published);
    expect(listed.body['page']).toEqual({ limit: 50, next_cursor: expect.any(String), has_more: false });
  });

  it('filters by type (exact, wildcards, lists) and since, and pages by cursor', async () => {
    expect(ids((await call('GET', `${EVENTS()}?type=finding.*`, tokens.reader)).body)).toEqual([published[1]!.id, published[3]!.id]);
    expect(ids((await call('GET', `${EVENTS()}?type=schedule.ScheduleDeleted,webhook.*`, tokens.reader)).body)).toEqual([published[2]!.id, published[4]!.id]);
    expect(ids((await call('GET', `${EVENTS()}?type=*.*`, tokens.reader)).body)).toEqual(published.map((event) => event.id));
    expect(ids((await call('GET', `${EVENTS()}?since=${encodeURIComponent('2026-12-05T08:02:00Z')}`, tokens.reader)).body)).toEqual(published.slice(2).map((event) => event.id));

    const first = await call('GET', `${EVENTS()}?limit=3`, tokens.reader);
    expect(first.body['page']).toMatchObject({ limit: 3, has_more: true });
    const second = await call('GET', `${EVENTS()}?limit=3&cursor=${(first.body['page'] as Json)['next_cursor']}`, tokens.reader);
    expect([...ids(first.body), ...ids(second.body)]).toEqual(published.map((event) => event.id));
    expect(second.body['page']).toMatchObject({ has_more: false });
  });

  it('answers bad input with 400 and the error envelope', async () => {
    for (const query of ['type=job', 'type=job.Job*', 'type=billing.*', 'since=yesterday', 'since=2026-13-01T00:00:00Z', 'limit=0', 'limit=201', 'cursor=garbage', 'colour=red']) {
      const refused = await call('GET', `${EVENTS()}?${query}`, tokens.reader);
      expect({ query, status: refused.status }).toEqual({ query, status: 400 });
      expect(refused.body).toMatchObject({ error: expect.any(String), code: expect.stringMatching(/^(validation_error|invalid_cursor)$/) });
    }
    const unknown = await call('GET', `${EVENTS()}?type=finding.FindingExploded`, tokens.reader);
    expect(unknown.body).toMatchObject({ code: 'validation_error', details: [{ path: 'type', message: expect.stringMatching(/matches no known event type/) }] });
    const filtered = await call('GET', `${EVENTS()}?type=schedule.*`, tokens.reader);
    const otherFilter = await call('GET', `${EVENTS()}?type=finding.*&cursor=${(filtered.body['page'] as Json)['next_cursor']}`, tokens.reader);
    expect(otherFilter.body).toMatchObject({ code: 'invalid_cursor' });
  });

  it('shows another tenant nothing: its own feed is empty, this one is refused', async () => {
    const theirs = await call('GET', EVENTS('globex'), tokens.globex);
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
    expect((await call('GET', EVENTS('acme-corp'), tokens.globex)).status).toBe(403);
  });

  it('needs events:read for the feed; the types need any token', async () => {
    expect((await call('GET', EVENTS(), tokens.jobsOnly)).status).toBe(403);
    expect((await call('GET', EVENTS())).status).toBe(401);
    expect((await call('GET', '/api/v1/events/types')).status).toBe(401);
    expect((await call('GET', '/api/v1/events/types', tokens.jobsOnly)).status).toBe(200);
  });

  it('records what the services publish: a job created through the API shows in the tenant feed as the relay published it', async () => {
    const { admin } = harness;
    expect((await call('POST', '/api/v1/tenants/globex/credentials', admin, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
    const created = await call('POST', '/api/v1/tenants/globex/jobs', admin, { name: 'Feed demo', plugins: ['demo'], credential_id: 'cred-demo', config: { size: 5 } });
    expect(created.status).toBe(201);
    const jobId = created.body['id'];
    const jobEvents = async () => ((await call('GET', `${EVENTS('globex')}?type=job.*`, tokens.globex)).body.items ?? []) as unknown as EventEnvelope[];
    await waitFor(async () => (await jobEvents()).filter((event) => event.data['jobId'] === jobId).length >= 2, { message: 'JobRequested and JobStarted in the feed' });
    const events = (await jobEvents()).filter((event) => event.data['jobId'] === jobId);
    expect(events.slice(0, 2).map((event) => event.type)).toEqual(['job.JobRequested', 'job.JobStarted']);
    for (const event of events) {
      expect(eventEnvelopeSchema.safeParse(event).success).toBe(true);
      expect(event.tenant_id).toBe('globex');
      expect(eventCatalogEntry(event.type)!.schema.safeParse(event.data).success).toBe(true);
    }
    expect(ids((await call('GET', EVENTS(), tokens.reader)).body)).not.toContain(events[0]!.id);
  });

  it('lists every event type with its description, version, subject and the JSON Schema of its data', async () => {
    const types = await call('GET', '/api/v1/events/types', tokens.globex);
    expect(types.status).toBe(200);
    expect(types.body.items?.map((item) => item['type'])).toEqual(EVENT_CATALOG.map((event) => event.type));
    expect(types.body.items?.find((item) => item['type'] === 'job.JobCompleted')).toMatchObject({
      category: 'job',
      version: 1,
      subject: 'events.{tenant}.job.JobCompleted',
      description: expect.any(String),
      schema: { type: 'object', properties: { jobId: { type: 'string' }, stats: expect.any(Object) }, required: expect.arrayContaining(['jobId', 'stats', 'completedAt']) },
    });
  });

  it('serves the AsyncAPI document publicly, valid for @asyncapi/parser, and lists the routes in the OpenAPI document', async () => {
    const asyncapi = await call('GET', '/api/v1/asyncapi.json');
    expect(asyncapi.status).toBe(200);
    const diagnostics = await new Parser().validate(JSON.stringify(asyncapi.body));
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 0)).toEqual([]);
    const openapi = await call('GET', '/api/v1/openapi.json');
    const paths = openapi.body['paths'] as Record<string, Record<string, { security?: unknown }>>;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/tenants/{tenantID}/events', '/api/v1/events/types']));
  });
});
