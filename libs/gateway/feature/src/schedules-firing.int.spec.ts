import { CREDENTIAL_CATALOG, JOB_CREATOR, type CredentialCatalog, type JobCreator } from '@strata/contracts';
import type { EventStore } from '@strata/platform-event-store';
import { EVENT_STORE } from '@strata/platform-runtime';
import { FireDueSchedulesHandler, ScheduleCommandHandler } from '@strata/scheduler-feature';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

/**
 * Schedules making real jobs: run-now through the gateway, and a pass of the scheduler's firing
 * loop through the jobs context's own job creation (validation, Idempotency-Key, the orchestrator
 * over NATS), in the gateway's process.
 */
describe('schedules that create jobs (run-now, and a scheduler pass with the real job creation)', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let writer: string;
  let reader: string;
  let otherTenant: string;
  let events: EventStore;
  let pass: FireDueSchedulesHandler;
  const base = '/api/v1/tenants/acme-corp';

  beforeAll(async () => {
    harness = await startGatewayHarness('schedfire');
    ({ call } = harness);
    const { admin } = harness;
    for (const tenant of ['acme-corp', 'globex']) {
      expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
      for (const id of [`cred-${tenant}`, `doomed-${tenant}`]) {
        expect((await call('POST', `/api/v1/tenants/${tenant}/credentials`, admin, { id, kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
      }
    }
    const token = async (tenant: string, permissions: string[]) => String((await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: 'ci', permissions })).body['token']);
    writer = await token('acme-corp', ['schedules:read', 'schedules:write', 'jobs:read']);
    reader = await token('acme-corp', ['schedules:read']);
    otherTenant = await token('globex', ['schedules:read', 'schedules:write']);
    events = harness.app.get<EventStore>(EVENT_STORE);
    pass = new FireDueSchedulesHandler({
      commands: new ScheduleCommandHandler(events, harness.readStore),
      readStore: harness.readStore,
      jobs: harness.app.get<JobCreator>(JOB_CREATOR),
      credentials: harness.app.get<CredentialCatalog>(CREDENTIAL_CATALOG),
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const template = (credential = 'cred-acme-corp') => ({ name: 'Nightly demo', plugins: ['demo'], credential_id: credential, config: { size: 5 } });
  const create = async (body: Record<string, unknown>, tenant = 'acme-corp', bearer = writer) => {
    const response = await call('POST', `/api/v1/tenants/${tenant}/schedules`, bearer, { job_template: template(), ...body });
    expect(response.status).toBe(201);
    return response.body;
  };
  const streamTypes = async (id: string) => (await events.read(`schedule-${id}`)).map((event) => event.type);

  it('run-now answers 201 with the job, as creating a job does, and the schedule shows it without moving its next run', async () => {
    const schedule = await create({ name: 'hourly', interval_minutes: 60 });
    const id = String(schedule['id']);
    const ran = await call('POST', `${base}/schedules/${id}/run-now`, writer);
    expect(ran.status).toBe(201);
    expect(ran.body).toMatchObject({ id: expect.stringMatching(/^job-[0-9a-f]{16}$/), tenant_id: 'acme-corp', name: 'Nightly demo', plugins: ['demo'], credential_id: 'cred-acme-corp' });
    expect(['pending', 'running', 'completed']).toContain(ran.body['status']);
    // A GET right after finds the job.
    expect((await call('GET', `${base}/jobs/${String(ran.body['id'])}`, writer)).status).toBe(200);

    const after = (await call('GET', `${base}/schedules/${id}`, reader)).body;
    expect(after).toMatchObject({ last_job_id: ran.body['id'], next_run_at: schedule['next_run_at'], last_error: null });
    expect(Date.parse(String(after['last_run_at']))).toBeGreaterThanOrEqual(Date.parse(String(ran.body['created_at'])) - 5_000);
    const runNow = (await events.read(`schedule-${id}`)).at(-1)!;
    expect(runNow).toMatchObject({ type: 'ScheduleFired', data: { jobId: ran.body['id'], manual: true, idempotencyKey: `schedule:${id}:run-now:${String(after['last_run_at'])}` } });

    // Each run-now is a job of its own.
    const again = await call('POST', `${base}/schedules/${id}/run-now`, writer);
    expect(again.status).toBe(201);
    expect(again.body['id']).not.toBe(ran.body['id']);
  });

  it('refuses a disabled schedule with 409 schedule_disabled, making no job', async () => {
    const id = String((await create({ interval_minutes: 60, enabled: false }))['id']);
    const before = await streamTypes(id);
    const refused = await call('POST', `${base}/schedules/${id}/run-now`, writer);
    expect({ status: refused.status, code: refused.body['code'] }).toEqual({ status: 409, code: 'schedule_disabled' });
    expect(await streamTypes(id)).toEqual(before);
  });

  it('answers 400 for a bad schedule id, and the create-job 400 when the template no longer makes a job, writing nothing', async () => {
    for (const bad of ['bad.id', 'a%20b', '-x']) expect((await call('POST', `${base}/schedules/${bad}/run-now`, writer)).status).toBe(400);
    const id = String((await create({ interval_minutes: 60, job_template: template('doomed-acme-corp') }))['id']);
    expect((await call('DELETE', `${base}/credentials/doomed-acme-corp`, harness.admin)).status).toBe(204);
    const refused = await call('POST', `${base}/schedules/${id}/run-now`, writer);
    expect({ status: refused.status, code: refused.body['code'] }).toEqual({ status: 400, code: 'validation_error' });
    expect(refused.body['details']).toEqual([{ path: 'credential_id', message: 'tenant acme-corp has no credential "doomed-acme-corp"' }]);
    expect(await streamTypes(id)).toEqual(['ScheduleCreated']);
  });

  it("answers 404 for another tenant's schedule and an unknown one, 403 without schedules:write", async () => {
    const theirs = String((await create({ interval_minutes: 60, job_template: template('cred-globex') }, 'globex', otherTenant))['id']);
    for (const id of [theirs, 'sched-0000000000000000']) {
      const response = await call('POST', `${base}/schedules/${id}/run-now`, harness.admin);
      expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 404, code: 'schedule_not_found' });
    }
    expect(await streamTypes(theirs)).toEqual(['ScheduleCreated']);
    const mine = String((await create({ interval_minutes: 60 }))['id']);
    expect((await call('POST', `${base}/schedules/${mine}/run-now`, reader)).status).toBe(403);
  });

  it('a scheduler pass creates the due job through the jobs API once, and records a deleted credential as last_error', async () => {
    // One-off schedules whose time has passed fire at once.
    const past = new Date(Date.now() - 60_000).toISOString();
    const due = String((await create({ name: 'due', run_at: past }))['id']);
    const globex = String((await create({ name: 'theirs', run_at: past, job_template: template('cred-globex') }, 'globex', otherTenant))['id']);
    const orphan = String((await create({ name: 'orphan', run_at: past, job_template: template('doomed-globex') }, 'globex', otherTenant))['id']);
    expect((await call('DELETE', '/api/v1/tenants/globex/credentials/doomed-globex', harness.admin)).status).toBe(204);

    const counts = await pass.fireDue();
    expect(counts).toMatchObject({ fired: 2, failed: 1, deferred: 0 });

    const fired = (await call('GET', `${base}/schedules/${due}`, reader)).body;
    expect(fired).toMatchObject({ next_run_at: null, last_error: null, last_job_id: expect.stringMatching(/^job-/) });
    const job = await call('GET', `${base}/jobs/${String(fired['last_job_id'])}`, writer);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ name: 'Nightly demo', plugins: ['demo'], credential_id: 'cred-acme-corp' });
    expect((await call('GET', `/api/v1/tenants/globex/schedules/${globex}`, otherTenant)).body).toMatchObject({ last_job_id: expect.stringMatching(/^job-/), last_error: null });
    expect((await call('GET', `/api/v1/tenants/globex/schedules/${orphan}`, otherTenant)).body).toMatchObject({
      last_job_id: null,
      consecutive_failures: 1,
      last_error: { code: 'credential_not_found', message: 'credential "doomed-globex" no longer exists' },
    });
    expect(await streamTypes(orphan)).toEqual(['ScheduleCreated', 'ScheduleFiringFailed']);

    // The same due time again (a replica that read the stream before the record): the job API
    // answers with the same job, and nothing more is recorded.
    const stream = await events.read(`schedule-${due}`);
    const dueAt = String(stream[1]!.data['dueAt']);
    const replay = await harness.app.get<JobCreator>(JOB_CREATOR).create('acme-corp', template(), { idempotencyKey: `schedule:${due}:${dueAt}`, awaitReadModel: false });
    expect(replay).toMatchObject({ replayed: true, job: { id: fired['last_job_id'] } });
    expect(await pass.fireDue()).toMatchObject({ fired: 0, failed: 0 });
  });
});
