import { AuditEngineModule, findingsCollection } from '@strata/audit-feature';
import { DiscoveryWorkerModule } from '@strata/discovery-worker';
import { InventoryModule } from '@strata/inventory-feature';
import { verifySignature } from '@strata/notify-egress';
import { NotifyOnJobCompletionModule, type NotificationSettings } from '@strata/notify-feature';
import { createLogger } from '@strata/platform-observability';
import { findAll } from '@strata/platform-read-store';
import { demoPlugin } from '@strata/plugins-demo';
import { credentialResolverFor } from '@strata/tenancy-feature';
import { startWebhookReceiver, waitFor, type ReceivedRequest, type WebhookReceiver } from '@strata/testing';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const TENANT = 'acme-corp';
const SECRET = 'notify-end-to-end-secret-0001';

/**
 * A real job through every service in one process (gateway, orchestrator, relay, demo worker,
 * inventory, audit engine, notifier): its end reaches a webhook channel with the job's findings
 * as the audit recorded them and the savings as the job shows them. This is what makes
 * `job.JobCompleted` the trigger: when it is relayed, the audit's findings are already written.
 */
describe('a job end notified through the whole pipeline', () => {
  let harness: GatewayHarness;
  let receiver: WebhookReceiver | undefined;
  let base: string;
  let received: ReceivedRequest[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    base = receiver.base;
    received = receiver.received;
    const settings: NotificationSettings = { smtpUrl: null, smtpFrom: 'strata@example.com', publicUrl: 'https://strata.example.com' };
    const logger = createLogger({ name: 'notifyend-test', level: process.env['TEST_LOG_LEVEL'] ?? 'silent' });
    harness = await startGatewayHarness('notifyend', {
      webhookAllowPrivate: true,
      notificationSettings: settings,
      modules: ({ readStore, secretKey }) => [
        DiscoveryWorkerModule.forRoot({ plugins: [demoPlugin], credentialResolver: credentialResolverFor({ readStore, secretKey }), logger }),
        InventoryModule.forRoot({ batchWaitMs: 100, batchPollIntervalMs: 20 }),
        AuditEngineModule.forRoot(),
        NotifyOnJobCompletionModule.forRoot({ readStore, secretKey, settings, allowPrivate: true, backoff: { initialDelayMs: 200, maxDelayMs: 1_000, jitter: 0 }, logger }),
      ],
    });
    const { call, admin } = harness;
    expect((await call('POST', '/api/v1/tenants', admin, { id: TENANT, name: TENANT })).status).toBe(201);
    expect((await call('POST', `/api/v1/tenants/${TENANT}/credentials`, admin, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  it('sends the completed job with every new finding and the savings the job shows', async () => {
    const { call, admin } = harness;
    expect((await call('POST', `/api/v1/tenants/${TENANT}/notifications/channels`, admin, { name: 'hook', method: 'webhook', config: { url: `${base}/in`, secret: SECRET } })).status).toBe(201);
    const created = await call('POST', `/api/v1/tenants/${TENANT}/jobs`, admin, { name: 'nightly demo', plugins: ['demo'], credential_id: 'cred-demo', config: { size: 60, seed: 'notify' } });
    expect(created.status).toBe(201);
    const jobId = String(created.body['id']);

    const delivery = await waitFor(() => received.find((r) => r.headers['x-strata-event'] === 'notification.JobCompleted'), { timeoutMs: 60_000, message: 'the job-end notification' });
    expect(verifySignature({ secret: SECRET, headers: delivery.headers as Record<string, string>, body: delivery.body })).toMatchObject({ ok: true });
    const body = JSON.parse(delivery.body) as { data: { job: Record<string, unknown>; new_findings: { total: number; by_severity: Record<string, number> }; link: string } };

    const job = (await call('GET', `/api/v1/tenants/${TENANT}/jobs/${jobId}`, admin)).body;
    expect(job['status']).toBe('completed');
    const stats = job['stats'] as Record<string, number>;
    const opened: { severity: string; status: string }[] = [];
    for await (const { doc } of findAll(harness.readStore.collection(findingsCollection).forTenant(TENANT), { where: { opened_in_job: jobId }, limit: 500 })) opened.push(doc);
    expect(opened.length).toBe(stats['findings_created']);
    expect(opened.length).toBeGreaterThan(0);

    expect(body.data.job).toMatchObject({
      id: jobId,
      name: 'nightly demo',
      status: 'completed',
      plugins: ['demo'],
      duration_seconds: stats['duration_seconds'],
      stats: { nodes_discovered: stats['nodes_discovered'], findings_created: stats['findings_created'] },
      estimated_monthly_savings: job['estimated_monthly_savings'],
      currency: job['currency'],
    });
    const unmuted = opened.filter((f) => f.status !== 'muted');
    expect(body.data.new_findings.total).toBe(unmuted.length);
    for (const severity of ['critical', 'high', 'medium', 'low', 'info']) expect(body.data.new_findings.by_severity[severity]).toBe(unmuted.filter((f) => f.severity === severity).length);
    expect(body.data.link).toBe(`https://strata.example.com/api/v1/tenants/${TENANT}/jobs/${jobId}`);
    expect(received.filter((r) => r.headers['x-strata-event'] === 'notification.JobCompleted')).toHaveLength(1);
  });
});
