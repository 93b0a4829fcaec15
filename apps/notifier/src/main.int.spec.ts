import { resolve } from 'node:path';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { eventEnvelope } from '@strata/contracts';
import { createSafeDispatcher, verifySignature } from '@strata/notify-egress';
import { WebhooksService } from '@strata/notify-feature';
import { loadSecretKey } from '@strata/platform-secrets';
import { openServiceFixture, serviceEnv, type ServiceFixture } from '@strata/service-testing';
import { runTypeScript, waitFor, type RunningProcess } from '@strata/testing';

const BOOT_TIMEOUT_MS = 30_000;

describe('notifier app (its own process)', () => {
  let fixture: ServiceFixture;
  let app: RunningProcess;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });

  beforeAll(async () => {
    fixture = await openServiceFixture('notifierapp');
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    app = runTypeScript({
      name: 'notifier app',
      file: resolve(__dirname, 'main.ts'),
      env: { ...serviceEnv(fixture), STRATA_DATA_DIR: fixture.dir.path, STRATA_WEBHOOK_ALLOW_PRIVATE: 'true', STRATA_WEBHOOK_POLL_INTERVAL_MS: '100' },
    });
  });

  afterAll(async () => {
    await app?.kill();
    await fixture?.close();
    await new Promise((done) => receiver.close(done));
  });

  it('starts its consumer, sends a signed delivery for a subscribed event, and exits 0 on SIGTERM', async () => {
    const { messaging, namespace, readStore, dir } = fixture;
    const jsm = await jetstreamManager(messaging.connection);
    await waitFor(() => jsm.consumers.info(`${namespace}_EVENTS`, 'notifier-webhooks'), { timeoutMs: BOOT_TIMEOUT_MS, message: 'the notifier consumer' });

    // The webhook as the API creates it, with the key file the app reads from the same data dir.
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: dir.path });
    const dispatcher = createSafeDispatcher({ allowPrivate: true });
    const webhooks = new WebhooksService({ readStore, secretKey, allowPrivate: true, dispatcher, clock: () => new Date(), testTimeoutMs: 1_000 });
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const { id, secret } = await webhooks.create('acme', { url, events: ['job.JobCompleted'], is_active: true });
    await dispatcher.close();

    const envelope = eventEnvelope({ id: 'evt-app-1', category: 'job', name: 'JobCompleted', tenantId: 'acme', time: new Date().toISOString(), data: { jobId: 'job-1' } });
    await messaging.publish('events.acme.job.JobCompleted', envelope, { msgId: envelope.id });
    await waitFor(() => received.length === 1 || undefined, { message: `a delivery to webhook ${id}` });
    expect(JSON.parse(received[0]!.body)).toEqual(envelope);
    expect(verifySignature({ secret, headers: received[0]!.headers as Record<string, string>, body: received[0]!.body })).toMatchObject({ ok: true, eventType: 'job.JobCompleted' });

    expect(await app.stop()).toBe(0);
  });
});
