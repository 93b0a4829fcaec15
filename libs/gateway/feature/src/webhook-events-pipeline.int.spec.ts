import { verifySignature } from '@strata/notify-egress';
import { NotifierModule } from '@strata/notify-feature';
import { startWebhookReceiver, waitFor, type ReceivedRequest, type WebhookReceiver } from '@strata/testing';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const TENANT = 'acme-corp';

/**
 * Webhooks fed by the real publishers: events the gateway's own actions store and the relay
 * publishes (a job requested, settings changed) reach a webhook created through the API, and its
 * delivery log says so; the notifier runs in the same process, as in the standalone app.
 */
describe('webhook deliveries of relayed events', () => {
  let harness: GatewayHarness;
  let receiver: WebhookReceiver | undefined;
  let base: string;
  let received: ReceivedRequest[] = [];

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    base = receiver.base;
    received = receiver.received;
    harness = await startGatewayHarness('whpipeline', {
      webhookAllowPrivate: true,
      modules: ({ readStore, secretKey }) => [NotifierModule.forRoot({ readStore, secretKey, allowPrivate: true, delivery: { timeoutMs: 5_000, concurrency: 8, perWebhookConcurrency: 2, pollIntervalMs: 100, retry: { baseMs: 100, capMs: 1_000, windowMs: 86_400_000 } } })],
    });
    const { call, admin } = harness;
    expect((await call('POST', '/api/v1/tenants', admin, { id: TENANT, name: TENANT })).status).toBe(201);
    expect((await call('POST', `/api/v1/tenants/${TENANT}/credentials`, admin, { id: 'cred-demo', kind: 'demo', name: 'Demo', secret: {} })).status).toBe(201);
  });

  afterAll(async () => {
    await harness?.close();
    await receiver?.close();
  });

  it('delivers the envelopes the relay and the settings API publish, signed, and logs them', async () => {
    const { call, admin } = harness;
    const created = await call('POST', `/api/v1/tenants/${TENANT}/webhooks`, admin, { url: `${base}/in`, events: ['job.JobRequested', 'settings.*'] });
    expect(created.status).toBe(201);
    const webhookId = String(created.body['id']);
    const secret = String(created.body['secret']);

    const job = await call('POST', `/api/v1/tenants/${TENANT}/jobs`, admin, { name: 'to be notified', plugins: ['demo'], credential_id: 'cred-demo', config: { size: 10 } });
    expect(job.status).toBe(201);
    expect((await call('PATCH', `/api/v1/tenants/${TENANT}/settings/general`, admin, { currency: 'EUR' })).status).toBe(200);

    await waitFor(() => received.length >= 2 || undefined, { timeoutMs: 30_000, message: 'two deliveries' });
    const types = received.map(({ body }) => (JSON.parse(body) as { type: string }).type).sort();
    expect(types).toEqual(['job.JobRequested', 'settings.SettingsChanged']);
    for (const delivery of received) {
      expect(verifySignature({ secret, headers: delivery.headers as Record<string, string>, body: delivery.body })).toMatchObject({ ok: true });
      const envelope = JSON.parse(delivery.body) as Record<string, unknown>;
      expect(Object.keys(envelope).sort()).toEqual(['data', 'id', 'tenant_id', 'time', 'type', 'version']);
      expect(envelope['tenant_id']).toBe(TENANT);
      expect(delivery.headers['x-strata-event']).toBe(envelope['type']);
    }
    const requested = JSON.parse(received.find(({ body }) => body.includes('job.JobRequested'))!.body) as { data: Record<string, unknown> };
    expect(JSON.stringify(requested.data)).toContain(String(job.body['id']));

    const log = await waitFor(async () => {
      const listed = await call('GET', `/api/v1/tenants/${TENANT}/webhooks/${webhookId}/deliveries`, admin);
      return listed.body.items?.length === 2 && listed.body.items.every((item) => item['status'] === 'delivered') ? listed.body.items : undefined;
    });
    expect(log.map((item) => [item['event'], item['attempt'], item['status_code']]).sort()).toEqual([['job.JobRequested', 1, 204], ['settings.SettingsChanged', 1, 204]]);
    // Only what was asked for: the job's other events (JobStarted, ...) were not sent.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received).toHaveLength(2);
  });
});
