import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { batchMsgId, subjects, type ResourceBatch } from '@strata/contracts';
import { collectReports, openServiceFixture, publishStoredJobEvent, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const BOOT_TIMEOUT_MS = 30_000;

describe('inventory app (its own process)', () => {
  let fixture: ServiceFixture;
  let app: RunningProcess;

  beforeAll(async () => {
    fixture = await openServiceFixture('inventoryapp');
    app = runTypeScript({ name: 'inventory app', file: resolve(__dirname, 'main.ts'), env: serviceEnv(fixture) });
  });

  afterAll(async () => {
    await app?.kill();
    await fixture?.close();
  });

  it('starts its consumers, reconciles a job, and exits 0 on SIGTERM', async () => {
    const { messaging, namespace } = fixture;
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_EVENTS`, 'inventory-reconcile'), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the inventory consumers' });
    await jsm.consumers.info(`${namespace}_BATCHES`, 'inventory');

    const reports = await collectReports(messaging);
    const batch: ResourceBatch = {
      tenantId: 'acme',
      jobId: 'job-app',
      plugin: 'aws',
      attempt: 1,
      sequence: 0,
      scope: 'aws:1',
      nodes: [
        { id: 'vpc-1', type: 'aws.ec2.vpc', provider: 'aws', name: 'main', tags: {}, attributes: {} },
        { id: 'i-1', type: 'aws.ec2.instance', provider: 'aws', name: 'web', tags: {}, attributes: { state: 'running' } },
      ],
      edges: [{ from: 'i-1', to: 'vpc-1', type: 'in_vpc' }],
    };
    await messaging.publish(subjects.batches('acme', 'job-app'), batch, { msgId: batchMsgId(batch) });
    await publishStoredJobEvent(messaging, {
      tenantId: 'acme',
      jobId: 'job-app',
      type: 'DiscoveryFinished',
      data: { jobId: 'job-app', tenantId: 'acme', runs: [{ plugin: 'aws', attempt: 1, batches: 1, scope: 'aws:1' }], finishedAt: new Date().toISOString() },
    });

    // It may first report ingest progress, when the event outruns the batch.
    expect(await waitFor(() => reports.find((report) => report.jobId === 'job-app' && report.type === 'InventoryReconciled'))).toEqual({
      type: 'InventoryReconciled',
      tenantId: 'acme',
      jobId: 'job-app',
      nodesDiscovered: 2,
      nodesUpdated: 0,
      nodesRemoved: 0,
      edgesCreated: 1,
    });

    expect(await app.stop()).toBe(0);
  });
});
