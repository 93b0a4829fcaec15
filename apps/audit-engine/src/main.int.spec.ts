import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { ResourceNode } from '@strata/contracts';
import { defineCollection } from '@strata/platform-read-store';
import { collectReports, openServiceFixture, publishStoredJobEvent, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const BOOT_TIMEOUT_MS = 30_000;

/** The inventory's node records, as the audit engine reads them. */
interface InventoryNode extends ResourceNode {
  scope: string;
  status: 'active' | 'removed';
  removed_in_job: string | null;
}

const nodes = defineCollection<InventoryNode>({
  name: 'nodes',
  indexes: { removed_in_job: 'string' },
  ownIndexes: { removed_in_job: 'sparse' },
});
/** Its sightings (`seen_in`: the job that saw a node last in a scope), the job's scopes, and a batch record of it without its changes (so the job is audited whole). */
const sightings = defineCollection<{ last_seen_job: string; seen_in: string | null }>({ name: 'node_sightings', indexes: { seen_in: 'string' }, ownIndexes: { seen_in: 'unordered' } });
const reconciliations = defineCollection<{ job_id: string; scopes: string[] }>({ name: 'reconciliations', indexes: {} });
const batches = defineCollection<{ job_id: string; run: string }>({ name: 'ingested_batches', indexes: { run: 'string' } });

describe('audit-engine app (its own process)', () => {
  let fixture: ServiceFixture;
  let app: RunningProcess;

  beforeAll(async () => {
    fixture = await openServiceFixture('auditapp');
    await fixture.readStore.collection(nodes).forTenant('acme').upsert('b-1', {
      id: 'b-1',
      // A type only the shipped demo pack judges (one rule), so the count holds as packs grow.
      type: 'demo.s3.bucket',
      provider: 'demo',
      name: 'logs',
      tags: {},
      attributes: { public_access_blocked: false },
      scope: 'demo:1',
      status: 'active',
      removed_in_job: null,
    });
    await fixture.readStore.collection(sightings).forTenant('acme').upsert('b-1', { last_seen_job: 'job-app', seen_in: 'demo:1|job-app' });
    await fixture.readStore.collection(reconciliations).forTenant('acme').upsert('job-app', { job_id: 'job-app', scopes: ['demo:1'] });
    await fixture.readStore.collection(batches).forTenant('acme').upsert('job-app:demo:1:0', { job_id: 'job-app', run: 'job-app:demo:1' });
    app = runTypeScript({ name: 'audit-engine app', file: resolve(__dirname, 'main.ts'), env: serviceEnv(fixture) });
  });

  afterAll(async () => {
    await app?.kill();
    await fixture?.close();
  });

  it('starts its consumer, audits a reconciled job, and exits 0 on SIGTERM', async () => {
    const { messaging, namespace } = fixture;
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_EVENTS`, 'audit-engine'), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the audit-engine consumer' });

    const reports = await collectReports(messaging);
    await publishStoredJobEvent(messaging, {
      tenantId: 'acme',
      jobId: 'job-app',
      type: 'InventoryReconciled',
      data: { jobId: 'job-app', nodesDiscovered: 1, nodesUpdated: 0, nodesRemoved: 0, edgesCreated: 0, reconciledAt: new Date().toISOString() },
    });

    expect(await waitFor(() => reports.find((report) => report.jobId === 'job-app' && report.type === 'AuditCompleted'))).toEqual({
      type: 'AuditCompleted',
      tenantId: 'acme',
      jobId: 'job-app',
      findingsCreated: 1,
      findingsResolved: 0,
      // A public bucket is no cost finding.
      estimatedMonthlySavings: 0,
      currency: 'USD',
    });

    // Its progress went first, on the same subject.
    expect(reports.filter((report) => report.jobId === 'job-app').map((report) => report.type)).toEqual(['AuditProgressed', 'AuditCompleted']);

    expect(await app.stop()).toBe(0);
  });
});
