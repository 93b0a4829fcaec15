import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { INestMicroservice } from '@nestjs/common';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { eventEnvelope, subjects } from '@strata/contracts';
import { createSafeDispatcher, verifySignature } from '@strata/notify-egress';
import { createLogger } from '@strata/platform-observability';
import { SecretKey } from '@strata/platform-secrets';
import { openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { ChannelsService } from '../manage-channels/channels.service';
import { channelDeliveriesCollection, POLICY_ID, policyCollection } from '../notification-model/notification-collections';
import type { NotificationsOptions } from '../notification-model/notification-options';
import type { NotificationSettings } from '../notification-model/notification-settings';
import { NotifyOnJobCompletionModule } from '../notifications.module';
import { notifiedFindingsView, notifiedJobsView, type NotifiedFindingView, type NotifiedJobView } from './job-read-views';

const TENANT = 'acme-corp';
const SLACK_PATH = '/services/T9/B9/sl4ckS3cretPart';
const HOOK_SECRET = 'hook-secret-for-the-consumer-0001';

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

const job = (id: string, overrides: Partial<NotifiedJobView> = {}): NotifiedJobView => ({
  id,
  name: `nightly ${id}`,
  status: 'completed',
  plugins: ['demo'],
  stats: { nodes_discovered: 12, nodes_updated: 1, nodes_removed: 0, edges_created: 9, findings_created: 2, findings_resolved: 0, duration_seconds: 95 },
  estimated_monthly_savings: 18.5,
  currency: 'EUR',
  started_at: '2026-12-05T02:00:00.000Z',
  completed_at: '2026-12-05T02:01:35.000Z',
  ...overrides,
});

const finding = (jobId: string, rule: string, severity: string, kind: string, status = 'open', savings: number | null = kind === 'cost' ? 9.25 : null): [string, NotifiedFindingView] => [
  `${rule}:node-${rule}`,
  { rule_id: rule, node_id: `node-${rule}`, node_type: 'aws.ec2.volume', node_name: `vol-${rule}`, kind, severity, title: `Finding ${rule}`, monthly_savings_usd: savings, status, opened_in_job: jobId },
];

/**
 * The notifier end to end through NATS: a `job.JobCompleted` envelope published on the EVENTS
 * stream reaches the durable consumer, which reads the job, its findings, the policy and the
 * channels from the read store and sends to an SMTP server, a Slack receiver and a webhook
 * receiver on loopback; the webhook fails twice first (503), so the event is redelivered, and
 * the channels that already had it do not get it again.
 */
describe('notifying job ends through NATS', () => {
  let fixture: ServiceFixture;
  let transport: INestMicroservice;
  let smtp: SMTPServer;
  let receiver: Server;
  let base: string;
  let channels: ChannelsService;
  const ids: Record<'email' | 'slack' | 'hook', string> = { email: '', slack: '', hook: '' };
  let hookFailures = 0;
  const mails: ParsedMail[] = [];
  const slack: Received[] = [];
  const hooks: Received[] = [];
  const logLines: string[] = [];

  beforeAll(async () => {
    fixture = await openServiceFixture('notifyjobs');
    smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], logger: false, onData: (stream, _s, done) => void simpleParser(stream).then((mail) => (mails.push(mail), done()), done) });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received = { url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        if (received.url.startsWith('/services/')) slack.push(received);
        else hooks.push(received);
        if (received.url === '/hook' && hookFailures > 0) {
          hookFailures -= 1;
          response.writeHead(503).end();
        } else response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

    const secretKey = new SecretKey(randomBytes(32));
    const settings: NotificationSettings = { smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, smtpFrom: 'strata@example.com', publicUrl: 'https://strata.example.com' };
    const options: NotificationsOptions = { readStore: fixture.readStore, secretKey, settings, allowPrivate: true, clock: () => new Date(), sendTimeoutMs: 5_000, dispatcher: createSafeDispatcher({ allowPrivate: true }) };
    channels = new ChannelsService(options);
    await options.dispatcher.close();
    ids.email = (await channels.create(TENANT, { name: 'ops-email', method: 'email', config: { to: ['ops@example.com'] }, enabled: true })).id;
    ids.slack = (await channels.create(TENANT, { name: 'ops-slack', method: 'slack', config: { webhook_url: `${base}${SLACK_PATH}` }, enabled: true })).id;
    ids.hook = (await channels.create(TENANT, { name: 'ops-hook', method: 'webhook', config: { url: `${base}/hook`, secret: HOOK_SECRET }, enabled: true })).id;
    await channels.create(TENANT, { name: 'off', method: 'webhook', config: { url: `${base}/disabled` }, enabled: false });

    const logger = createLogger({ name: 'notifier-test', level: 'debug', destination: new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString('utf8')), done()) }) });
    transport = await startNatsTransport(
      fixture.messaging,
      NotifyOnJobCompletionModule.forRoot({ readStore: fixture.readStore, secretKey, settings, allowPrivate: true, maxDeliver: 6, backoff: { initialDelayMs: 100, multiplier: 2, maxDelayMs: 400, jitter: 0 }, logger }),
    );
  });

  afterAll(async () => {
    await transport?.close();
    await fixture?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  const publish = async (type: 'JobCompleted' | 'JobFailed', jobId: string, eventId = `evt-${jobId}`) => {
    const envelope = eventEnvelope({ id: eventId, category: 'job', name: type, tenantId: TENANT, time: '2026-12-05T02:01:35.000Z', data: type === 'JobCompleted' ? { jobId, stats: job(jobId).stats, completedAt: '2026-12-05T02:01:35.000Z' } : { jobId, error: { code: 'invalid_credential', message: 'refused' }, failedAt: '2026-12-05T02:01:35.000Z' } });
    await fixture.messaging.publish(subjects.event(TENANT, 'job', type), envelope, { msgId: eventId });
  };
  const seedJob = (view: NotifiedJobView) => fixture.readStore.collection(notifiedJobsView).forTenant(TENANT).upsert(view.id, view);
  const seedFindings = (entries: [string, NotifiedFindingView][]) => fixture.readStore.collection(notifiedFindingsView).forTenant(TENANT).bulkUpsert(entries.map(([id, doc]) => ({ id, doc })));
  const deliveries = (jobId: string) => fixture.readStore.collection(channelDeliveriesCollection).forTenant(TENANT).find({ where: { job_id: jobId }, limit: 10 });

  it('sends a completed job to every enabled channel once, retrying only the webhook that failed', async () => {
    await seedFindings([finding('job-a', 'r1', 'critical', 'compliance'), finding('job-a', 'r2', 'medium', 'cost'), finding('job-a', 'r3', 'high', 'cost', 'muted'), finding('job-other', 'r4', 'critical', 'cost')]);
    hookFailures = 2;
    mails.length = slack.length = hooks.length = 0;
    // Published before the jobs read model has the job's end: the consumer retries until it has.
    await publish('JobCompleted', 'job-a');
    await seedJob(job('job-a'));

    const sent = await waitFor(async () => {
      const page = await deliveries('job-a');
      return page.items.length === 3 && page.items.every(({ doc }) => doc.status === 'sent') && page.items;
    }, { timeoutMs: 20_000, message: 'three channels marked sent' });
    expect(Object.fromEntries(sent.map(({ doc }) => [doc.channel_id, doc.attempts]))).toEqual({ [ids.email]: 1, [ids.slack]: 1, [ids.hook]: 3 });
    expect(mails).toHaveLength(1);
    expect(slack).toHaveLength(1);
    expect(hooks.filter((h) => h.url === '/hook')).toHaveLength(3);
    expect(hooks.some((h) => h.url === '/disabled')).toBe(false);

    const mail = mails[0]!;
    expect(mail.subject).toBe('Strata job "nightly job-a" completed: 2 new findings (critical 1, medium 1), EUR 18.50 monthly savings');
    expect(mail.text).toContain('Finding r1');
    expect(mail.text).not.toContain('Finding r3');
    expect(mail.text).not.toContain('Finding r4');
    expect(mail.text).toContain('https://strata.example.com/api/v1/tenants/acme-corp/jobs/job-a');
    expect(mail.html).toContain('Finding r2');
    expect(JSON.parse(slack[0]!.body)).toMatchObject({ blocks: expect.arrayContaining([expect.objectContaining({ type: 'header' })]) });
    const lastHook = hooks.filter((h) => h.url === '/hook').at(-1)!;
    expect(verifySignature({ secret: HOOK_SECRET, headers: lastHook.headers as Record<string, string>, body: lastHook.body })).toMatchObject({ ok: true, eventType: 'notification.JobCompleted' });
    // The same delivery id on every attempt, so the receiver can deduplicate.
    expect(new Set(hooks.filter((h) => h.url === '/hook').map((h) => h.headers['x-strata-delivery']))).toEqual(new Set([lastHook.headers['x-strata-delivery']]));
    expect(JSON.parse(lastHook.body)).toMatchObject({ type: 'notification.JobCompleted', tenant_id: TENANT, data: { job: { id: 'job-a', duration_seconds: 95 }, new_findings: { total: 2, by_severity: { critical: 1, medium: 1 } } } });

    // What was logged about the failures carries no secret.
    const logs = logLines.join('');
    expect(logs).toContain('notification not delivered');
    expect(logs).not.toContain('sl4ckS3cretPart');
    expect(logs).not.toContain(HOOK_SECRET);
  });

  it('sends a failed job under scan_complete, and nothing for it under waste_only', async () => {
    await seedJob(job('job-f', { status: 'failed', stats: undefined, error: { code: 'invalid_credential', message: 'the key was refused' }, estimated_monthly_savings: undefined }));
    mails.length = 0;
    await publish('JobFailed', 'job-f');
    await waitFor(async () => (await deliveries('job-f')).items.length === 3, { timeoutMs: 20_000, message: 'the failed job notified' });
    expect(mails[0]!.subject).toBe('Strata job "nightly job-f" failed: invalid_credential');

    await fixture.readStore.collection(policyCollection).forTenant(TENANT).upsert(POLICY_ID, { notification_trigger_mode: 'waste_only', min_severity: 'high', updated_at: new Date().toISOString() });
    await seedJob(job('job-g', { status: 'failed', stats: undefined, error: { code: 'plugin_error', message: 'x' } }));
    await publish('JobFailed', 'job-g');
    await waitFor(() => logLines.some((line) => line.includes('"jobId":"job-g"') && line.includes('job end not notified')), { timeoutMs: 20_000, message: 'job-g skipped' });
    expect((await deliveries('job-g')).items).toEqual([]);
  });

  it('under waste_only, notifies only a job with a new unmuted cost finding at the minimum severity', async () => {
    await fixture.readStore.collection(policyCollection).forTenant(TENANT).upsert(POLICY_ID, { notification_trigger_mode: 'waste_only', min_severity: 'high', updated_at: new Date().toISOString() });
    await seedJob(job('job-w1'));
    await seedFindings([finding('job-w1', 'w1a', 'medium', 'cost'), finding('job-w1', 'w1b', 'critical', 'compliance'), finding('job-w1', 'w1c', 'critical', 'cost', 'muted')]);
    await seedJob(job('job-w2'));
    await seedFindings([finding('job-w2', 'w2a', 'high', 'cost'), finding('job-w2', 'w2b', 'low', 'cost')]);
    mails.length = 0;
    await publish('JobCompleted', 'job-w1');
    await publish('JobCompleted', 'job-w2');
    await waitFor(async () => (await deliveries('job-w2')).items.filter(({ doc }) => doc.status === 'sent').length === 3, { timeoutMs: 20_000, message: 'job-w2 notified' });
    await waitFor(() => logLines.some((line) => line.includes('"jobId":"job-w1"') && line.includes('job end not notified')), { timeoutMs: 20_000, message: 'job-w1 skipped' });
    expect((await deliveries('job-w1')).items).toEqual([]);
    expect(mails.map((m) => m.subject)).toEqual(['Strata job "nightly job-w2" completed: 1 new finding (high 1), EUR 18.50 monthly savings']);
  });

  it('does not send an event again to a channel that already got it (the same event arriving again)', async () => {
    await fixture.readStore.collection(policyCollection).forTenant(TENANT).delete(POLICY_ID);
    await seedJob(job('job-r'));
    mails.length = slack.length = 0;
    await publish('JobCompleted', 'job-r', 'evt-r');
    await waitFor(async () => (await deliveries('job-r')).items.length === 3, { timeoutMs: 20_000, message: 'job-r notified' });
    // The same event (same envelope id) published again under another message id, past the stream's duplicate window.
    const envelope = eventEnvelope({ id: 'evt-r', category: 'job', name: 'JobCompleted', tenantId: TENANT, time: '2026-12-05T02:01:35.000Z', data: { jobId: 'job-r' } });
    await fixture.messaging.publish(subjects.event(TENANT, 'job', 'JobCompleted'), envelope, { msgId: 'evt-r-again' });
    await waitFor(() => logLines.filter((line) => line.includes('"eventId":"evt-r"') && line.includes('channel already handled this event')).length === 3, { timeoutMs: 20_000, message: 'the repeat seen by all three channels' });
    expect(mails).toHaveLength(1);
    expect(slack).toHaveLength(1);
    expect((await deliveries('job-r')).items.every(({ doc }) => doc.attempts === 1 && doc.status === 'sent')).toBe(true);
  });
});
