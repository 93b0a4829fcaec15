import { verifySignature } from '@strata/notify-egress';
import { waitFor } from '@strata/testing';
import { deliveryIdFor } from '../deliveries/delivery-collections';
import { DeliveryLogService } from '../delivery-log/delivery-log.service';
import { FAST_DELIVERY, openNotifierFixture, SECRET, type NotifierFixture } from '../fixtures/notifier-fixture';
import { startWebhookReceiver, type WebhookReceiver } from '../fixtures/webhook-receiver';
import type { NotifyOptions } from '../notify-options';
import { webhooksCollection } from '../webhooks/webhook-collections';

/** Webhook delivery end to end: envelopes published on NATS, the notifier module, real HTTP receivers on loopback. */
describe('webhook delivery (NATS, SQLite, loopback receivers)', () => {
  let notifier: NotifierFixture;
  const receivers: WebhookReceiver[] = [];

  beforeAll(async () => {
    notifier = await openNotifierFixture('notifydeliver');
  });

  afterAll(async () => {
    await notifier?.close();
    for (const receiver of receivers) await receiver.close();
  });

  const receiver = async (answer?: WebhookReceiver['answer']) => {
    const started = await startWebhookReceiver(answer);
    receivers.push(started);
    notifier.allowedPorts.add(started.port);
    return started;
  };

  it('delivers to a receiver that verifies signatures and fails its first three deliveries, on the fourth, the same body each time', async () => {
    const verified: boolean[] = [];
    const hook = await receiver((delivery, index) => {
      verified.push(verifySignature({ secret: SECRET, headers: delivery.headers as Record<string, string>, body: delivery.body }).ok);
      return index < 3 ? { status: 500 } : { status: 204 };
    });
    await notifier.addWebhook('acme', 'wh-retry', hook.url, ['job.*']);
    const app = await notifier.startNotifier();
    try {
      const envelope = await notifier.publish('acme', 'evt-retry-1');
      const id = deliveryIdFor(envelope.id, 'wh-retry');
      const delivered = await waitFor(async () => {
        const delivery = await notifier.delivery('acme', id);
        return delivery?.status === 'delivered' ? delivery : undefined;
      }, { message: 'the fourth attempt delivered' });

      expect(hook.received).toHaveLength(4);
      expect(verified).toEqual([true, true, true, true]);
      expect(new Set(hook.received.map(({ body }) => body))).toEqual(new Set([JSON.stringify(envelope)]));
      expect(JSON.parse(hook.received[0]!.body)).toEqual(envelope);
      expect(hook.received.map(({ headers }) => headers['x-strata-delivery'])).toEqual([id, id, id, id]);
      expect(hook.received.map(({ headers }) => headers['x-strata-event'])).toEqual(Array(4).fill('job.JobCompleted'));
      expect(delivered).toMatchObject({ status: 'delivered', attempt: 4, status_code: 204, error: null, next_attempt_at: null, event_id: 'evt-retry-1', event: 'job.JobCompleted' });
      expect(delivered.attempts.map(({ attempt, status_code }) => [attempt, status_code])).toEqual([[1, 500], [2, 500], [3, 500], [4, 204]]);
      expect(delivered.attempts.slice(0, 3).map(({ error }) => error)).toEqual(Array(3).fill('the receiver answered 500'));

      // The same event consumed again (a NATS redelivery, another message id) records nothing new and sends nothing.
      await notifier.fixture.messaging.publish('events.acme.job.JobCompleted', envelope, { msgId: 'evt-retry-1-again' });
      await notifier.publish('acme', 'evt-retry-2');
      await waitFor(() => hook.received.length === 5 || undefined, { message: 'the next event' });
      expect(JSON.parse(hook.received[4]!.body)).toMatchObject({ id: 'evt-retry-2' });
      expect((await notifier.delivery('acme', id))?.attempt).toBe(4);
    } finally {
      await app.close();
    }
  });

  it('only records events a webhook subscribes to, and none for inactive webhooks or other tenants', async () => {
    const hook = await receiver();
    await notifier.addWebhook('subs', 'wh-findings', hook.url, ['finding.*']);
    const inactive = await notifier.addWebhook('subs', 'wh-off', hook.url, ['*']);
    await notifier.fixture.readStore.collection(webhooksCollection).forTenant('subs').upsert('wh-off', { ...inactive, is_active: false });
    const app = await notifier.startNotifier();
    try {
      await notifier.publish('subs', 'evt-progress', 'PluginRunProgressed');
      await notifier.publish('other', 'evt-other', 'JobCompleted');
      // Another tenant's subject carrying an envelope that names this tenant: sent to nobody.
      const mislabelled = { id: 'evt-mislabelled', type: 'finding.FindingOpened', tenant_id: 'subs', time: new Date().toISOString(), version: 1, data: { findingId: 'f-0' } };
      await notifier.fixture.messaging.publish('events.other.finding.FindingOpened', mislabelled, { msgId: mislabelled.id });
      const finding = { id: 'evt-finding', type: 'finding.FindingOpened', tenant_id: 'subs', time: new Date().toISOString(), version: 1, data: { findingId: 'f-1' } };
      await notifier.fixture.messaging.publish('events.subs.finding.FindingOpened', finding, { msgId: finding.id });
      await waitFor(() => hook.received.length === 1 || undefined);
      expect(JSON.parse(hook.received[0]!.body)).toEqual(finding);
      expect(await notifier.delivery('subs', deliveryIdFor('evt-progress', 'wh-findings'))).toBeUndefined();
      expect(await notifier.delivery('subs', deliveryIdFor('evt-mislabelled', 'wh-findings'))).toBeUndefined();
      expect(await notifier.delivery('subs', deliveryIdFor('evt-finding', 'wh-off'))).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('does not let a receiver that hangs hold up the others', async () => {
    const slow = await receiver(() => 'hang');
    const fast = await receiver();
    await notifier.addWebhook('slow', 'wh-slow', slow.url, ['job.*']);
    await notifier.addWebhook('slow', 'wh-fast', fast.url, ['job.JobFailed']);
    // Four slots in all, two per webhook; one attempt may hang for 30 s.
    const app = await notifier.startNotifier({ delivery: { ...FAST_DELIVERY, concurrency: 4, perWebhookConcurrency: 2, timeoutMs: 30_000 } });
    try {
      for (let index = 0; index < 6; index++) await notifier.publish('slow', `evt-slow-${index}`, 'JobCompleted');
      await waitFor(() => slow.hanging === 2 || undefined, { message: 'two hanging requests' });
      const sentAt = Date.now();
      await notifier.publish('slow', 'evt-fast', 'JobFailed');
      await waitFor(() => fast.received.length === 1 || undefined, { timeoutMs: 5_000, message: 'the fast receiver' });
      expect(fast.received[0]!.receivedAt - sentAt).toBeLessThan(3_000);
      // The slow webhook never got more than its share.
      expect(slow.received).toHaveLength(2);
    } finally {
      await slow.close();
      await app.close();
    }
  });

  it('carries on after a restart: a delivery pending when the notifier stopped is delivered once by the next one', async () => {
    let failing = true;
    const hook = await receiver(() => (failing ? { status: 503, headers: { 'retry-after': '2' } } : { status: 200 }));
    await notifier.addWebhook('restart', 'wh-restart', hook.url, ['job.*']);
    // Retry-After is honoured up to the cap: a minute here.
    const first = await notifier.startNotifier({ delivery: { ...FAST_DELIVERY, retry: { ...FAST_DELIVERY.retry, capMs: 60_000 } } });
    const envelope = await notifier.publish('restart', 'evt-restart');
    const id = deliveryIdFor(envelope.id, 'wh-restart');
    const pending = await waitFor(async () => {
      const delivery = await notifier.delivery('restart', id);
      return delivery?.attempt === 1 ? delivery : undefined;
    });
    await first.close();
    expect(pending).toMatchObject({ status: 'pending', status_code: 503 });
    // Retry-After: 2 s, honoured.
    expect(Date.parse(pending.next_attempt_at!) - Date.parse(pending.attempts[0]!.at)).toBeGreaterThanOrEqual(2_000);
    failing = false;

    const second = await notifier.startNotifier();
    try {
      const delivered = await waitFor(async () => {
        const delivery = await notifier.delivery('restart', id);
        return delivery?.status === 'delivered' ? delivery : undefined;
      });
      expect(delivered).toMatchObject({ attempt: 2, status_code: 200 });
      expect(hook.received.map(({ headers }) => headers['x-strata-delivery'])).toEqual([id, id]);
      expect(hook.received.filter((_, index) => index > 0)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });

  it('sends each attempt once with two notifiers running', async () => {
    const hook = await receiver();
    await notifier.addWebhook('pair', 'wh-pair', hook.url, ['job.*']);
    const apps = [await notifier.startNotifier(), await notifier.startNotifier()];
    try {
      for (let index = 0; index < 30; index++) await notifier.publish('pair', `evt-pair-${index}`);
      await waitFor(() => hook.received.length >= 30 || undefined);
      // Both replicas look for due work often; a second send would arrive within a few polls.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const ids = hook.received.map(({ headers }) => headers['x-strata-delivery']);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
    } finally {
      for (const app of apps) await app.close();
    }
  });

  it('ends at once on a 4xx and on a refused target, keeping the reason', async () => {
    const gone = await receiver(() => ({ status: 410 }));
    await notifier.addWebhook('final', 'wh-gone', gone.url, ['job.*']);
    await notifier.addWebhook('final', 'wh-meta', 'http://169.254.169.254/latest', ['job.*']);
    const app = await notifier.startNotifier();
    try {
      await notifier.publish('final', 'evt-final');
      const failed = async (webhookId: string) =>
        waitFor(async () => {
          const delivery = await notifier.delivery('final', deliveryIdFor('evt-final', webhookId));
          return delivery?.status === 'failed' ? delivery : undefined;
        });
      expect(await failed('wh-gone')).toMatchObject({ attempt: 1, status_code: 410, error: 'the receiver answered 410', next_attempt_at: null });
      expect(await failed('wh-meta')).toMatchObject({ attempt: 1, status_code: null, error: expect.stringMatching(/^refused: host is 169\.254\.169\.254/), next_attempt_at: null });
      expect(gone.received).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('keeps a delivery due when a redelivery is asked for while its attempt runs, though the attempt delivered', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const hook = await receiver((_, index) => (index === 0 ? { status: 204, after: released } : { status: 204 }));
    await notifier.addWebhook('midway', 'wh-midway', hook.url, ['job.*']);
    const app = await notifier.startNotifier();
    try {
      const envelope = await notifier.publish('midway', 'evt-midway');
      const id = deliveryIdFor(envelope.id, 'wh-midway');
      await waitFor(() => hook.received.length === 1 || undefined, { message: 'the first attempt under way' });
      const log = new DeliveryLogService({ readStore: notifier.fixture.readStore, clock: () => new Date() } as NotifyOptions);
      await log.redeliver('midway', 'wh-midway', id);
      release();
      await waitFor(() => hook.received.length === 2 || undefined, { message: 'the redelivery sent after the attempt that delivered' });
      const delivery = await waitFor(async () => {
        const found = await notifier.delivery('midway', id);
        return found?.status === 'delivered' && found.attempt === 2 ? found : undefined;
      });
      expect(delivery.attempts.map(({ attempt, status_code }) => [attempt, status_code])).toEqual([[1, 204], [2, 204]]);
      expect(delivery.redeliveries).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('redelivers the same body by hand, signed anew', async () => {
    const hook = await receiver();
    await notifier.addWebhook('again', 'wh-again', hook.url, ['job.*']);
    const app = await notifier.startNotifier();
    try {
      const envelope = await notifier.publish('again', 'evt-again');
      const id = deliveryIdFor(envelope.id, 'wh-again');
      await waitFor(async () => (await notifier.delivery('again', id))?.status === 'delivered' || undefined);
      const log = new DeliveryLogService({ readStore: notifier.fixture.readStore, clock: () => new Date() } as NotifyOptions);
      expect(await log.redeliver('again', 'wh-again', id)).toMatchObject({ id, status: 'pending', attempt: 1 });
      await waitFor(() => hook.received.length === 2 || undefined);
      expect(hook.received[1]!.body).toBe(hook.received[0]!.body);
      expect(hook.received[1]!.headers['x-strata-delivery']).toBe(id);
      expect(verifySignature({ secret: SECRET, headers: hook.received[1]!.headers as Record<string, string>, body: hook.received[1]!.body }).ok).toBe(true);
      expect(await waitFor(async () => {
        const delivery = await notifier.delivery('again', id);
        return delivery?.status === 'delivered' && delivery.attempt === 2 ? delivery : undefined;
      })).toMatchObject({ attempts: [expect.objectContaining({ attempt: 1 }), expect.objectContaining({ attempt: 2, status_code: 204 })] });
    } finally {
      await app.close();
    }
  });

  it('disables a webhook failing for 24 h, with a reason and one WebhookDisabled event', async () => {
    let now = Date.now();
    const hook = await receiver(() => ({ status: 500 }));
    await notifier.addWebhook('sick', 'wh-sick', hook.url, ['job.*']);
    const app = await notifier.startNotifier({ clock: () => new Date(now) });
    try {
      await notifier.publish('sick', 'evt-sick');
      const id = deliveryIdFor('evt-sick', 'wh-sick');
      await waitFor(async () => ((await notifier.delivery('sick', id))?.attempt ?? 0) >= 1 || undefined);
      now += 25 * 60 * 60 * 1000;
      const webhook = await waitFor(async () => {
        const record = await notifier.fixture.readStore.collection(webhooksCollection).forTenant('sick').get('wh-sick');
        return record?.is_active === false ? record : undefined;
      }, { message: 'the webhook disabled' });
      expect(webhook.disabled_reason).toMatch(/every delivery failed for 24 h .*last error: the receiver answered 500/);
      const delivery = await notifier.delivery('sick', id);
      expect(delivery).toMatchObject({ status: 'failed', error: expect.stringMatching(/the receiver answered 500; gave up after \d+ attempts/) });

      const events = notifier.fixture.messaging.follow<Record<string, unknown>>('events', 'events.sick.webhook.WebhookDisabled');
      const first = await events.next();
      expect(first.value?.data).toMatchObject({ id: expect.stringMatching(/^webhook-disabled-wh-sick-/), type: 'webhook.WebhookDisabled', tenant_id: 'sick', version: 1, data: { webhook_id: 'wh-sick', reason: webhook.disabled_reason } });
      expect(first.value?.pending).toBe(0);
      await events.return(undefined);
    } finally {
      await app.close();
    }
  });
});
