import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { subjects } from '@strata/contracts';
import { SqliteEventStore } from '@strata/platform-event-store';
import { openSqlite } from '@strata/platform-sqlite';
import { ScheduleCommandHandler, schedulesCollection } from '@strata/scheduler-feature';
import type { ScheduleTiming } from '@strata/scheduler-domain';
import { openServiceFixture, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { CredentialsService, loadSecretKey, TenancyModule, TenantsService } from '@strata/tenancy-feature';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const BOOT_TIMEOUT_MS = 60_000;
const MINUTE = 60_000;

/**
 * The "two scheduler replicas fire each due time once": two scheduler processes and a job
 * orchestrator process on the same SQLite file and NATS namespace, racing on the same due times.
 */
describe('scheduler app: two replicas (their own processes)', () => {
  let fixture: ServiceFixture;
  let events: SqliteEventStore;
  const apps: RunningProcess[] = [];

  beforeAll(async () => {
    fixture = await openServiceFixture('schedapp');
    events = new SqliteEventStore({ path: fixture.dbPath });
    // The tenants and their credentials, as the gateway would have stored them (same key file).
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: fixture.dir.path });
    const tenancy = await NestFactory.createApplicationContext(TenancyModule.forRoot({ readStore: fixture.readStore, secretKey }), { logger: false });
    try {
      for (const tenant of ['acme', 'globex']) {
        await tenancy.get(TenantsService).create({ id: tenant, name: tenant });
        await tenancy.get(CredentialsService).create(tenant, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} });
      }
    } finally {
      await tenancy.close();
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.kill();
    await events?.close();
    await fixture?.close();
  });

  it('fires each due time once with two replicas racing, one catch-up after downtime, and both exit 0 on SIGTERM', async () => {
    const env = {
      ...serviceEnv(fixture),
      STRATA_EVENT_STORE: `sqlite:${fixture.dbPath}`,
      STRATA_DATA_DIR: fixture.dir.path,
      LOG_LEVEL: 'info',
      SCHEDULER_POLL_INTERVAL_MS: '500',
    };
    const orchestrator = runTypeScript({ name: 'job-orchestrator', file: resolve(__dirname, '../../job-orchestrator/src/main.ts'), env });
    const replicas = ['scheduler-1', 'scheduler-2'].map((name) => runTypeScript({ name, file: resolve(__dirname, 'main.ts'), env }));
    apps.push(orchestrator, ...replicas);
    await Promise.all([orchestrator.waitForOutput('job-orchestrator running', BOOT_TIMEOUT_MS), ...replicas.map((replica) => replica.waitForOutput('scheduler running', BOOT_TIMEOUT_MS))]);

    // Every create request the replicas send, counted beside the orchestrator's own subscription.
    let creates = 0;
    const counting = fixture.messaging.connection.subscribe(fixture.messaging.namespace.subject(subjects.jobCommand('create')), {
      callback: () => {
        creates += 1;
      },
    });

    // Written now, as the API would: due a few seconds from now (both replicas wake for it), or
    // long overdue (a scheduler that was down: one catch-up run each).
    const start = Date.now();
    const soon = new Date(Math.ceil((start + 4_000) / 1_000) * 1_000);
    const schedules: { id: string; tenant: string; expectedDueAt: string }[] = [];
    const create = async (id: string, tenant: string, timing: ScheduleTiming, createdAt: number, expectedDueAt: Date) => {
      const writer = new ScheduleCommandHandler(events, fixture.readStore, () => new Date(createdAt));
      await writer.execute(tenant, id, (now) => ({ type: 'CreateSchedule', scheduleId: id, tenantId: tenant, timing, jobTemplate: { name: id, plugins: ['demo'], credentialId: 'cred-demo' }, now }));
      schedules.push({ id, tenant, expectedDueAt: expectedDueAt.toISOString() });
    };
    for (let n = 0; n < 12; n++) {
      const tenant = n % 2 === 0 ? 'acme' : 'globex';
      await create(`sched-once-${n}`, tenant, { kind: 'once', runAt: soon.toISOString() }, start, soon);
      // Every minute since one minute before `soon` - so first due at `soon`.
      await create(`sched-every-${n}`, tenant, { kind: 'interval', intervalMinutes: 1 }, soon.getTime() - MINUTE, soon);
      // Every minute since 30.5 minutes ago: 30 due times missed, the latest fires.
      const anchor = start - 30 * MINUTE - 30_000;
      await create(`sched-missed-${n}`, tenant, { kind: 'interval', intervalMinutes: 1 }, anchor, new Date(anchor + 30 * MINUTE));
    }

    const firedOf = async (id: string) => (await events.read(`schedule-${id}`)).filter((event) => event.type === 'ScheduleFired');
    await waitFor(
      async () => {
        for (const { id } of schedules) if ((await firedOf(id)).length === 0) return false;
        return true;
      },
      { timeoutMs: 60_000, message: 'every schedule to have fired' },
    );
    // Let any replica still holding a stale view of a due time finish its pass.
    await new Promise((settled) => setTimeout(settled, 1_500));

    const jobIds = new Set<string>();
    for (const { id, tenant, expectedDueAt } of schedules) {
      const fired = await firedOf(id);
      expect({ id, dueTimes: fired.map((event) => event.data['dueAt']) }).toEqual({ id, dueTimes: [expectedDueAt] });
      expect(fired[0]!.data['idempotencyKey']).toBe(`schedule:${id}:${expectedDueAt}`);
      const jobId = String(fired[0]!.data['jobId']);
      jobIds.add(jobId);
      // The job exists, once, in the schedule's tenant.
      const job = await events.read(`job-${jobId}`);
      expect(job.filter((event) => event.type === 'JobRequested')).toHaveLength(1);
      expect(job[0]!.metadata['tenantId']).toBe(tenant);
      expect(await fixture.readStore.collection(schedulesCollection).forTenant(tenant).get(id)).toMatchObject({ last_job_id: jobId });
    }
    expect(jobIds.size).toBe(schedules.length);
    // No other job was made: every job stream in the file is one of these.
    const db = openSqlite(fixture.dbPath);
    try {
      const streams = db.prepare("SELECT DISTINCT stream_name AS name FROM events WHERE stream_name LIKE 'job-%'").all() as { name: string }[];
      expect(streams.map((row) => row.name.slice('job-'.length)).sort()).toEqual([...jobIds].sort());
    } finally {
      db.close();
    }
    counting.unsubscribe();
    // The replicas raced: more create requests than jobs (each duplicate answered with the job the other made).
    expect(creates).toBeGreaterThanOrEqual(schedules.length);

    for (const app of apps) expect(await app.stop()).toBe(0);
  }, 150_000);
});
