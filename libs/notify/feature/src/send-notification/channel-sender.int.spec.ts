import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { createSafeDispatcher, verifySignature, type SafeDispatcher } from '@strata/notify-egress';
import { notificationContent, type JobFacts } from '../compose-notification/notification-content';
import { composeNotificationMessage } from '../compose-notification/notification-message';
import { ChannelSender } from './channel-sender';
import { SMTP_NOT_CONFIGURED } from './email-sender';

const job: JobFacts = {
  id: 'job-42',
  name: 'nightly <aws>',
  status: 'completed',
  plugins: ['aws'],
  duration_seconds: 61,
  stats: { nodes_discovered: 10, nodes_updated: 0, nodes_removed: 0, edges_created: 4, findings_created: 1, findings_resolved: 0 },
  error: null,
  ended_at: '2026-12-05T02:00:00.000Z',
  estimated_monthly_savings: 42,
  currency: 'USD',
};
const content = notificationContent({
  tenantId: 'acme-corp',
  job,
  findings: [{ id: 'r:n', title: 'Unattached volume', severity: 'high', kind: 'cost', resource: 'aws.ec2.volume vol-1', monthly_savings_usd: 42 }],
  minSeverity: 'low',
  publicUrl: 'http://localhost:8080',
});
const message = composeNotificationMessage(content, job.ended_at);

interface Arrived {
  mail: ParsedMail;
  envelope: { from: string; to: string[] };
}

/** Email over real SMTP to a server on loopback that parses what arrives. */
describe('email channel through SMTP', () => {
  let smtp: SMTPServer;
  let port: number;
  const arrived: Arrived[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) return callback(Object.assign(new Error('no such mailbox'), { responseCode: 550 }));
        callback();
      },
      onData(stream, session, callback) {
        simpleParser(stream).then(
          (mail) => {
            arrived.push({ mail, envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) } });
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => smtp.close(() => resolve())));

  const sender = (smtpUrl: string | null) =>
    new ChannelSender({ settings: { smtpUrl, smtpFrom: 'Strata <strata@example.com>', publicUrl: 'http://localhost:8080' }, dispatcher: createSafeDispatcher({ allowPrivate: false }), timeoutMs: 5_000 });

  it('delivers one message with a plain-text and an HTML part to every recipient', async () => {
    const channelSender = sender(`smtp://127.0.0.1:${port}`);
    arrived.length = 0;
    const outcome = await channelSender.send({ id: 'ch-1', name: 'ops', method: 'email', to: ['ops@example.com', 'cto@example.com'] }, message, 'evt-1:ch-1');
    channelSender.close();
    expect(outcome).toMatchObject({ kind: 'delivered' });
    expect(arrived).toHaveLength(1);
    const { mail, envelope } = arrived[0]!;
    expect(envelope).toEqual({ from: 'strata@example.com', to: ['ops@example.com', 'cto@example.com'] });
    expect(mail.subject).toBe('Strata job "nightly <aws>" completed: 1 new finding (high 1), USD 42.00 monthly savings');
    expect((mail.to as AddressObject).value.map((a) => a.address)).toEqual(['ops@example.com', 'cto@example.com']);
    expect(mail.from?.value[0]?.address).toBe('strata@example.com');
    expect(mail.text).toContain('Unattached volume (aws.ec2.volume vol-1)');
    expect(mail.text).toContain('Duration: 1m 1s');
    expect(mail.text).toContain('http://localhost:8080/api/v1/tenants/acme-corp/jobs/job-42');
    expect(typeof mail.html).toBe('string');
    expect(mail.html).toContain('nightly &lt;aws&gt;');
    expect(mail.html).toContain('<a href="http://localhost:8080/api/v1/tenants/acme-corp/jobs/job-42">');
    expect(mail.html).not.toContain('<aws>');
  });

  it('says clearly when SMTP is not configured, without trying', async () => {
    const outcome = await sender(null).send({ id: 'ch-1', name: 'ops', method: 'email', to: ['ops@example.com'] }, message, 'evt-1:ch-1');
    expect(outcome).toEqual({ kind: 'final', status_code: null, latency_ms: 0, error: SMTP_NOT_CONFIGURED });
    expect(SMTP_NOT_CONFIGURED).toContain('STRATA_SMTP_URL');
  });

  it('treats a refused recipient as final, and an unreachable server as worth a retry, without the SMTP password', async () => {
    const refusing = sender(`smtp://127.0.0.1:${port}`);
    const refused = await refusing.send({ id: 'ch-1', name: 'ops', method: 'email', to: ['nobody@example.com'] }, message, 'evt-1:ch-1');
    refusing.close();
    expect(refused).toMatchObject({ kind: 'final', status_code: 550 });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = sender(`smtp://mailer:hunter2-secret@127.0.0.1:${deadPort}`);
    const outcome = await down.send({ id: 'ch-1', name: 'ops', method: 'email', to: ['ops@example.com'] }, message, 'evt-1:ch-1');
    down.close();
    expect(outcome).toMatchObject({ kind: 'retry', error: expect.stringMatching(/ECONNREFUSED|ECONNECTION/) });
    expect(JSON.stringify(outcome)).not.toContain('hunter2');
  });
});

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Slack and webhook channels to a receiver on loopback, and the SSRF policy refusing it when private targets are not allowed. */
describe('Slack and webhook channels over HTTP', () => {
  let receiver: Server;
  let base: string;
  let allowing: SafeDispatcher;
  let refusing: SafeDispatcher;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url?.startsWith('/gone')) response.writeHead(404).end('no_service');
        else if (request.url?.startsWith('/busy')) response.writeHead(503).end();
        else response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    allowing = createSafeDispatcher({ allowPrivate: true });
    refusing = createSafeDispatcher({ allowPrivate: false });
  });

  afterAll(async () => {
    await Promise.all([allowing.close(), refusing.close()]);
    await new Promise((resolve) => receiver.close(resolve));
  });

  const sender = (dispatcher: SafeDispatcher) => new ChannelSender({ settings: { smtpUrl: null, smtpFrom: 'x@example.com', publicUrl: 'http://localhost:8080' }, dispatcher, timeoutMs: 5_000 });

  it('posts valid Block Kit JSON to a Slack incoming webhook', async () => {
    received.length = 0;
    const outcome = await sender(allowing).send({ id: 'ch-2', name: 'slack', method: 'slack', webhookUrl: `${base}/services/T000/B000/s3cr3tPath` }, message, 'evt-1:ch-2');
    expect(outcome).toMatchObject({ kind: 'delivered', status_code: 200 });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(received[0]!.body) as { text: string; blocks: { type: string; text?: { type: string; text: string }; fields?: { type: string; text: string }[]; elements?: { type: string; url?: string }[] }[] };
    expect(payload.text).toContain('1 new finding');
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    expect(payload.blocks[0]!.text).toEqual({ type: 'plain_text', text: 'Job nightly <aws> completed', emoji: false });
    for (const field of payload.blocks[1]!.fields!) expect(field).toEqual({ type: 'mrkdwn', text: expect.any(String) });
    expect(payload.blocks[3]!.elements![0]).toMatchObject({ type: 'button', url: content.link });
  });

  it('refuses a private Slack URL when private targets are not allowed, without echoing the URL', async () => {
    received.length = 0;
    const url = `${base}/services/T000/B000/s3cr3tPath`;
    const outcome = await sender(refusing).send({ id: 'ch-2', name: 'slack', method: 'slack', webhookUrl: url }, message, 'evt-1:ch-2');
    expect(outcome).toMatchObject({ kind: 'final', error: expect.stringMatching(/^refused: host is 127\.0\.0\.1, a loopback address/) });
    expect(JSON.stringify(outcome)).not.toContain('s3cr3tPath');
    expect(received).toHaveLength(0);
  });

  it('classifies a 404 from Slack as final and a 503 as worth a retry', async () => {
    expect(await sender(allowing).send({ id: 'c', name: 's', method: 'slack', webhookUrl: `${base}/gone/s3cr3t` }, message, 'd')).toMatchObject({ kind: 'final', status_code: 404 });
    expect(await sender(allowing).send({ id: 'c', name: 's', method: 'slack', webhookUrl: `${base}/busy/s3cr3t` }, message, 'd')).toMatchObject({ kind: 'retry', status_code: 503 });
  });

  it('signs a webhook channel\'s JSON body with its secret, the delivery id stable per event and channel', async () => {
    received.length = 0;
    const secret = 'channel-secret-0123456789';
    const outcome = await sender(allowing).send({ id: 'ch-3', name: 'hook', method: 'webhook', url: `${base}/hook`, secret }, message, 'evt-1:ch-3');
    expect(outcome).toMatchObject({ kind: 'delivered' });
    const delivery = received[0]!;
    expect(verifySignature({ secret, headers: delivery.headers as Record<string, string>, body: delivery.body })).toEqual({ ok: true, eventType: 'notification.JobCompleted', deliveryId: 'evt-1:ch-3', timestamp: expect.any(Number) });
    expect(JSON.parse(delivery.body)).toMatchObject({ id: 'evt-1:ch-3', type: 'notification.JobCompleted', tenant_id: 'acme-corp', version: 1, data: { job: { id: 'job-42' }, new_findings: { total: 1 } } });
  });
});
