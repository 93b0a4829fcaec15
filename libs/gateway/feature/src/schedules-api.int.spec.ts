import { openSqlite } from '@strata/platform-sqlite';
import { startGatewayHarness, type GatewayHarness, type Json } from './fixtures/gateway-harness';

describe('schedules API (gateway, event store and read model in one process)', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let writer: string;
  let reader: string;
  let jobsOnly: string;
  let otherTenant: string;
  const base = '/api/v1/tenants/acme-corp';

  beforeAll(async () => {
    harness = await startGatewayHarness('schedapi');
    ({ call } = harness);
    const { admin } = harness;
    for (const tenant of ['acme-corp', 'globex']) {
      expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
      expect((await call('POST', `/api/v1/tenants/${tenant}/credentials`, admin, { id: `cred-${tenant}`, kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
    }
    const token = async (tenant: string, permissions: string[]) => String((await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: 'ci', permissions })).body['token']);
    writer = await token('acme-corp', ['schedules:read', 'schedules:write']);
    reader = await token('acme-corp', ['schedules:read']);
    jobsOnly = await token('acme-corp', ['jobs:read', 'jobs:create']);
    otherTenant = await token('globex', ['schedules:read', 'schedules:write']);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const template = (credential = 'cred-acme-corp') => ({ name: 'Nightly demo', plugins: ['demo'], credential_id: credential, config: { size: 5 } });
  const create = (body: Record<string, unknown>, bearer = writer) => call('POST', `${base}/schedules`, bearer, { job_template: template(), ...body });

  /** Looks in the SQLite file itself: what a refused request must not have written. */
  function storedCounts(): { streams: number; docs: number } {
    const db = openSqlite(harness.dbPath);
    try {
      const streams = db.prepare("SELECT COUNT(DISTINCT stream_name) AS n FROM events WHERE stream_name LIKE 'schedule-%'").get() as { n: number };
      const docs = db.prepare('SELECT COUNT(*) AS n FROM rs_schedules').get() as { n: number };
      return { streams: streams.n, docs: docs.n };
    } finally {
      db.close();
    }
  }

  const messages = (body: Json) => ((body['details'] ?? []) as { message: string }[]).map((detail) => detail.message).join('\n');
  const minutesFromNow = (time: unknown) => (Date.parse(String(time)) - Date.now()) / 60_000;

  it('creates each kind of timing with its next run computed', async () => {
    const runAt = new Date(Date.now() + 3_600_000).toISOString();
    const once = await create({ name: 'once', run_at: runAt });
    expect(once.status).toBe(201);
    expect(once.body).toMatchObject({
      id: expect.stringMatching(/^sched-[0-9a-f]{16}$/),
      tenant_id: 'acme-corp',
      type: 'discovery',
      name: 'once',
      enabled: true,
      run_at: runAt,
      interval_minutes: null,
      cron: null,
      next_run_at: runAt,
      last_run_at: null,
      consecutive_failures: 0,
      job_template: { name: 'Nightly demo', plugins: ['demo'], credential_id: 'cred-acme-corp', config: { size: 5 } },
    });

    const interval = await create({ name: 'interval', interval_minutes: 30 });
    expect(interval.status).toBe(201);
    expect(interval.body).toMatchObject({ interval_minutes: 30, run_at: null, cron: null });
    expect(minutesFromNow(interval.body['next_run_at'])).toBeCloseTo(30, 0);

    const cron = await create({ name: 'cron', cron: '15 3 * * *', timezone: 'Europe/Berlin' });
    expect(cron.status).toBe(201);
    expect(cron.body).toMatchObject({ cron: '15 3 * * *', timezone: 'Europe/Berlin' });
    const next = new Date(String(cron.body['next_run_at']));
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('03:15');
    expect(minutesFromNow(next)).toBeGreaterThan(0);
    expect(minutesFromNow(next)).toBeLessThanOrEqual(24 * 60);

    // Read back as written.
    expect((await call('GET', `${base}/schedules/${String(cron.body['id'])}`, reader)).body).toEqual(cron.body);
  });

  it("takes seed 000's exact route and form: daily, hourly and weekly", async () => {
    const seed = (body: Record<string, unknown>) => call('POST', `${base}/reports/schedule`, writer, { type: 'discovery', job_template: template(), ...body });
    const daily = await seed({ frequency: 'daily', time: '02:00', timezone: 'UTC' });
    expect(daily.status).toBe(201);
    expect(daily.body).toMatchObject({ id: expect.stringMatching(/^sched-/), frequency: 'daily', time: '02:00', cron: '0 2 * * *', timezone: 'UTC' });
    expect(String(daily.body['next_run_at'])).toMatch(/T02:00:00\.000Z$/);
    expect(String(daily.body['name'])).toMatch(/^schedule-\d{8}T\d{6}Z$/);

    const hourly = await seed({ frequency: 'hourly', time: '00:20', timezone: 'UTC' });
    expect(hourly.status).toBe(201);
    expect(hourly.body).toMatchObject({ frequency: 'hourly', cron: '20 * * * *' });
    expect(String(hourly.body['next_run_at'])).toMatch(/:20:00\.000Z$/);
    expect(minutesFromNow(hourly.body['next_run_at'])).toBeLessThanOrEqual(60);

    const weekly = await seed({ frequency: 'weekly', day: 'monday', time: '06:30', timezone: 'UTC' });
    expect(weekly.status).toBe(201);
    expect(weekly.body).toMatchObject({ frequency: 'weekly', day: 'monday', time: '06:30' });
    const nextWeekly = new Date(String(weekly.body['next_run_at']));
    expect([nextWeekly.getUTCDay(), nextWeekly.getUTCHours(), nextWeekly.getUTCMinutes()]).toEqual([1, 6, 30]);

    // The same resource as POST /schedules.
    expect((await call('GET', `${base}/schedules/${String(weekly.body['id'])}`, reader)).body).toEqual(weekly.body);
  });

  it('lists in cursor pages, oldest first', async () => {
    const all = await call('GET', `${base}/schedules`, reader);
    expect(all.status).toBe(200);
    expect(all.body.items!.length).toBe(6);
    expect(all.body['page']).toEqual({ limit: 50, next_cursor: null, has_more: false });
    const createdAt = all.body.items!.map((item) => String(item['created_at']));
    expect([...createdAt].sort()).toEqual(createdAt);

    const seen: unknown[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Json = (await call('GET', `${base}/schedules?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, reader)).body;
      seen.push(...page.items!.map((item) => item['id']));
      const { next_cursor, has_more } = page['page'] as { next_cursor: string | null; has_more: boolean };
      expect(has_more).toBe(next_cursor !== null);
      cursor = next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen).toEqual(all.body.items!.map((item) => item['id']));

    for (const limit of ['0', '201', 'x']) expect((await call('GET', `${base}/schedules?limit=${limit}`, reader)).status).toBe(400);
  });

  it('patches: a rename keeps next_run_at, a new timing recomputes it, disabling clears it', async () => {
    const created = await create({ name: 'to patch', interval_minutes: 90 });
    const id = String(created.body['id']);
    const renamed = await call('PATCH', `${base}/schedules/${id}`, writer, { name: 'renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'renamed', interval_minutes: 90, next_run_at: created.body['next_run_at'] });

    const retimed = await call('PATCH', `${base}/schedules/${id}`, writer, { cron: '0 4 * * *', timezone: 'UTC' });
    expect(retimed.status).toBe(200);
    expect(retimed.body).toMatchObject({ name: 'renamed', cron: '0 4 * * *', interval_minutes: null });
    expect(String(retimed.body['next_run_at'])).toMatch(/T04:00:00\.000Z$/);

    const disabled = await call('PATCH', `${base}/schedules/${id}`, writer, { enabled: false });
    expect(disabled.body).toMatchObject({ enabled: false, next_run_at: null });
    expect((await call('GET', `${base}/schedules/${id}`, reader)).body).toEqual(disabled.body);
  });

  it('deletes: 204, then 404 schedule_not_found, and the stream has ScheduleDeleted', async () => {
    const created = await create({ name: 'to delete', interval_minutes: 5 });
    const id = String(created.body['id']);
    const before = storedCounts();
    expect((await call('DELETE', `${base}/schedules/${id}`, writer)).status).toBe(204);
    expect(storedCounts()).toEqual({ streams: before.streams, docs: before.docs - 1 });
    for (const [method, body] of [['GET'], ['PATCH', { name: 'x' }], ['DELETE']] as const) {
      const response = await call(method, `${base}/schedules/${id}`, writer, body);
      expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 404, code: 'schedule_not_found' });
    }
    const db = openSqlite(harness.dbPath);
    try {
      const types = db.prepare('SELECT type FROM events WHERE stream_name = ? ORDER BY revision').all(`schedule-${id}`) as { type: string }[];
      expect(types.map((row) => row.type)).toEqual(['ScheduleCreated', 'ScheduleDeleted']);
    } finally {
      db.close();
    }
  });

  it('refuses invalid input with 400 and writes nothing', async () => {
    const before = storedCounts();
    const refusals: [Record<string, unknown>, string][] = [
      [{ interval_minutes: 0 }, 'interval_minutes must be > 0'],
      [{ cron: '0 2 * * *', timezone: 'Mars/Olympus' }, 'unknown time zone "Mars/Olympus"'],
      [{ cron: 'not a cron' }, 'cron'],
      [{ interval_minutes: 5, cron: '0 2 * * *' }, 'exactly one of'],
      [{ frequency: 'weekly', time: '02:00' }, 'day is required'],
      [{ interval_minutes: 5, job_template: { ...template(), plugins: ['nope'] } }, 'unknown plugin "nope"'],
      [{ interval_minutes: 5, job_template: template('cred-missing') }, 'has no credential "cred-missing"'],
      // Another tenant's credential is none of this tenant's.
      [{ interval_minutes: 5, job_template: template('cred-globex') }, 'has no credential "cred-globex"'],
    ];
    for (const [body, message] of refusals) {
      const response = await create(body);
      expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 400, code: 'validation_error' });
      expect(messages(response.body)).toContain(message);
    }
    const id = String((await call('GET', `${base}/schedules?limit=1`, reader)).body.items![0]!['id']);
    const patched = await call('PATCH', `${base}/schedules/${id}`, writer, { interval_minutes: -1 });
    expect(patched.status).toBe(400);
    expect(messages(patched.body)).toContain('interval_minutes must be > 0');
    const beforePatchCounts = storedCounts();
    expect(beforePatchCounts).toEqual(before);
    const db = openSqlite(harness.dbPath);
    try {
      const events = db.prepare('SELECT COUNT(*) AS n FROM events WHERE stream_name = ?').get(`schedule-${id}`) as { n: number };
      expect(events.n).toBe(1);
    } finally {
      db.close();
    }
  });

  it('needs schedules:read to read and schedules:write to write (403)', async () => {
    expect((await call('GET', `${base}/schedules`, jobsOnly)).status).toBe(403);
    expect((await create({ interval_minutes: 5 }, reader)).status).toBe(403);
    expect((await call('POST', `${base}/reports/schedule`, reader, { job_template: template(), frequency: 'daily', time: '02:00' })).status).toBe(403);
    const id = String((await call('GET', `${base}/schedules?limit=1`, reader)).body.items![0]!['id']);
    expect((await call('PATCH', `${base}/schedules/${id}`, reader, { name: 'x' })).status).toBe(403);
    expect((await call('DELETE', `${base}/schedules/${id}`, reader)).status).toBe(403);
    // A token of another tenant, whatever its permissions.
    expect((await call('GET', `${base}/schedules`, otherTenant)).status).toBe(403);
  });

  it("answers 404 schedule_not_found for another tenant's schedule, and changes nothing", async () => {
    const theirs = await call('POST', '/api/v1/tenants/globex/schedules', otherTenant, { job_template: template('cred-globex'), interval_minutes: 60 });
    expect(theirs.status).toBe(201);
    const id = String(theirs.body['id']);
    for (const [method, body] of [['GET'], ['PATCH', { name: 'mine now' }], ['DELETE']] as const) {
      const response = await call(method, `${base}/schedules/${id}`, harness.admin, body);
      expect({ status: response.status, code: response.body['code'] }).toEqual({ status: 404, code: 'schedule_not_found' });
    }
    expect((await call('GET', `${base}/schedules/sched-0000000000000000`, reader)).status).toBe(404);
    expect((await call('GET', `/api/v1/tenants/globex/schedules/${id}`, otherTenant)).body).toEqual(theirs.body);
    expect((await call('GET', '/api/v1/tenants/globex/schedules', otherTenant)).body.items!.map((item) => item['id'])).toEqual([id]);
  });
});
