import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { subjects } from '@strata/contracts';
import type { JobView } from '@strata/jobs-domain';
import { jobsCollection } from '@strata/jobs-feature';
import { reconciliationsCollection } from '@strata/inventory-feature';
import { REPORT_GENERATOR_DURABLE, reportsCollection, type ReportRecord } from '@strata/reports-feature';
import { openServiceFixture, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const BOOT_TIMEOUT_MS = 30_000;
const TENANT = 'acme';

describe('reporter app (its own process)', () => {
  let fixture: ServiceFixture;
  let app: RunningProcess;

  beforeAll(async () => {
    fixture = await openServiceFixture('reporterapp');
    app = runTypeScript({ name: 'reporter app', file: resolve(__dirname, 'main.ts'), env: { ...serviceEnv(fixture), STRATA_DATA_DIR: fixture.dir.path } });
  });

  afterAll(async () => {
    await app?.kill();
    await fixture?.close();
  });

  it('starts its consumer, generates a queued report into the data directory, and exits 0 on SIGTERM', async () => {
    const { messaging, namespace, readStore, dir } = fixture;
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_WORK`, REPORT_GENERATOR_DURABLE), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the report generator consumer' });

    const at = '2026-11-20T10:00:00.000Z';
    const job = { id: 'job-1', tenant_id: TENANT, name: 'nightly', status: 'completed', plugins: ['demo'], created_at: at, started_at: at, completed_at: at } as unknown as JobView;
    await readStore.collection(jobsCollection).forTenant(TENANT).upsert('job-1', job);
    await readStore.collection(reconciliationsCollection).forTenant(TENANT).upsert('job-1', { job_id: 'job-1', scopes: ['demo:1'], nodes_discovered: 0, nodes_updated: 0, nodes_removed: 0, edges_created: 0, reconciled_at: at });
    const report: ReportRecord = {
      id: 'rpt-1', tenant_id: TENANT, format: 'json', status: 'queued', title: null, job_id: 'job-1', sections: ['summary'], created_at: at, updated_at: at,
      completed_at: null, error: null, file: null, progress: { phase: 'queued', percent: 0 },
    };
    await readStore.collection(reportsCollection).forTenant(TENANT).upsert(report.id, report);
    await messaging.publish(subjects.reportWork(TENANT), { tenant_id: TENANT, report_id: report.id }, { msgId: `report:${TENANT}:${report.id}` });

    const ready = await waitFor(
      async () => {
        const stored = await readStore.collection(reportsCollection).forTenant(TENANT).get(report.id);
        return stored?.status === 'ready' ? stored : undefined;
      },
      { timeoutMs: BOOT_TIMEOUT_MS, message: 'the report to be ready' },
    );
    expect(ready.file).toMatchObject({ key: `${TENANT}/rpt-1.json`, content_type: 'application/json' });
    expect(await readdir(join(dir.path, 'reports', TENANT))).toEqual(['rpt-1.json']);
    const content = JSON.parse(await readFile(join(dir.path, 'reports', TENANT, 'rpt-1.json'), 'utf8')) as { summary: { job: { id: string } } };
    expect(content.summary.job.id).toBe('job-1');

    expect(await app.stop()).toBe(0);
  });
});
