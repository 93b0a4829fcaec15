import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SEVERITIES, SEVERITY_RANK } from '@strata/audit-domain';
import { channelsCollection, NOTIFICATION_SEVERITIES, NOTIFICATION_SEVERITY_RANK, policyCollection } from '@strata/notify-feature';
import { startGatewayHarness, type GatewayHarness } from './fixtures/gateway-harness';

const N = (tenant = 'acme-corp') => `/api/v1/tenants/${tenant}/notifications`;
const SLACK_URL = 'https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx';

async function setUp(harness: GatewayHarness) {
  const { call, admin } = harness;
  for (const tenant of ['acme-corp', 'globex']) expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
  const token = async (tenant: string, permissions: string[]) => {
    const created = await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: permissions.join(' '), permissions });
    expect(created.status).toBe(201);
    return String(created.body['token']);
  };
  return {
    writer: await token('acme-corp', ['notifications:read', 'notifications:write']),
    reader: await token('acme-corp', ['notifications:read']),
    jobsOnly: await token('acme-corp', ['jobs:read']),
    globex: await token('globex', ['notifications:read', 'notifications:write']),
  };
}

/** Every byte of the SQLite files (database and WAL): where a plaintext secret must not be. */
async function storedBytes(harness: GatewayHarness): Promise<string> {
  const dir = join(harness.dbPath, '..');
  const base = harness.dbPath.slice(dir.length + 1);
  const files = (await readdir(dir)).filter((name) => name.startsWith(base));
  return (await Promise.all(files.map((name) => readFile(join(dir, name))))).map((bytes) => bytes.toString('latin1')).join('');
}

it("notify's severities are the audit's, in the same order and ranks", () => {
  expect([...NOTIFICATION_SEVERITIES]).toEqual([...SEVERITIES]);
  expect(NOTIFICATION_SEVERITY_RANK).toEqual(SEVERITY_RANK);
});

/** The notifications API through the gateway (real NATS, SQLite), private targets refused and no SMTP configured, as shipped. */
describe('notifications API through the gateway', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let tokens: Awaited<ReturnType<typeof setUp>>;

  beforeAll(async () => {
    harness = await startGatewayHarness('notifyapi');
    call = harness.call;
    tokens = await setUp(harness);
  });

  afterAll(() => harness?.close());

  const count = (tenant = 'acme-corp') => harness.readStore.collection(channelsCollection).forTenant(tenant).count();

  it('creates channels of each method, showing secrets only as hints and storing them sealed', async () => {
    const email = await call('POST', `${N()}/channels`, tokens.writer, { name: 'ops-email', method: 'email', config: { to: ['ops@example.com'] }, enabled: true });
    expect(email.status).toBe(201);
    expect(email.body).toEqual({ id: expect.stringMatching(/^ch-[0-9a-f]{16}$/), tenant_id: 'acme-corp', name: 'ops-email', method: 'email', config: { to: ['ops@example.com'] }, enabled: true, created_at: expect.any(String), updated_at: email.body['created_at'] });

    const slack = await call('POST', `${N()}/channels`, tokens.writer, { name: 'ops-slack', method: 'slack', config: { webhook_url: SLACK_URL } });
    expect(slack.status).toBe(201);
    expect(slack.body).toMatchObject({ method: 'slack', enabled: true, config: { webhook_url_hint: 'https://hooks.slack.com/…uvwx' } });
    const secret = 'hook-secret-0123456789abcdef';
    const hook = await call('POST', `${N()}/channels`, tokens.writer, { method: 'webhook', config: { url: 'https://hooks.example.com/strata', secret }, enabled: false });
    expect(hook.body).toMatchObject({ name: expect.stringMatching(/^webhook-/), method: 'webhook', enabled: false, config: { url: 'https://hooks.example.com/strata', has_secret: true, secret_last4: 'cdef' } });

    const listed = await call('GET', `${N()}/channels`, tokens.reader);
    expect(listed.status).toBe(200);
    expect(listed.body.items!.map((item) => item['id'])).toEqual([email.body['id'], slack.body['id'], hook.body['id']]);
    const answers = JSON.stringify([slack.body, hook.body, listed.body]);
    expect(answers).not.toContain('abcdefghijklmnopqrst');
    expect(answers).not.toContain(secret.slice(0, 16));
    const raw = await harness.readStore.collection(channelsCollection).forTenant('acme-corp').get(String(slack.body['id']));
    expect(raw).toMatchObject({ sealed: { alg: 'aes-256-gcm' } });
    const bytes = await storedBytes(harness);
    expect(bytes).not.toContain('abcdefghijklmnopqrst');
    expect(bytes).not.toContain(secret.slice(0, 16));
  });

  it('changes name, enabled and config, keeping a webhook channel\'s secret unless it is replaced or removed', async () => {
    const secret = 'hook-secret-keep-0123456789';
    const created = await call('POST', `${N()}/channels`, tokens.writer, { method: 'webhook', config: { url: 'https://a.example.com/', secret } });
    const url = `${N()}/channels/${String(created.body['id'])}`;
    expect((await call('PATCH', url, tokens.writer, { name: 'renamed', enabled: false })).body).toMatchObject({ name: 'renamed', enabled: false, config: { url: 'https://a.example.com/', has_secret: true, secret_last4: '6789' } });
    expect((await call('PATCH', url, tokens.writer, { config: { url: 'https://b.example.com/in' } })).body).toMatchObject({ config: { url: 'https://b.example.com/in', has_secret: true, secret_last4: '6789' } });
    expect((await call('PATCH', url, tokens.writer, { config: { url: 'https://b.example.com/in', secret: null } })).body).toMatchObject({ config: { has_secret: false, secret_last4: null } });
    expect((await call('DELETE', url, tokens.writer)).status).toBe(204);
    expect((await call('PATCH', url, tokens.writer, { enabled: true })).body).toMatchObject({ code: 'channel_not_found' });
  });

  it.each([
    ['an unknown method', { method: 'pager', config: {} }],
    ['a bad recipient', { method: 'email', config: { to: ['not-an-address'] } }],
    ['no recipient', { method: 'email', config: { to: [] } }],
    ['no config', { method: 'slack' }],
    ['a config of another method', { method: 'slack', config: { to: ['ops@example.com'] } }],
    ['an unknown field', { method: 'email', config: { to: ['ops@example.com'] }, colour: 'red' }],
    ['a short webhook secret', { method: 'webhook', config: { url: 'https://a.example.com/', secret: 'short' } }],
    ['enabled not a boolean', { method: 'email', config: { to: ['ops@example.com'] }, enabled: 'yes' }],
  ])('refuses %s with 400 validation_error and details, writing nothing', async (_name, body) => {
    const before = await count();
    const refused = await call('POST', `${N()}/channels`, tokens.writer, body);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'validation_error', details: expect.any(Array) });
    expect(await count()).toBe(before);
  });

  it.each([
    ['the metadata address', 'http://169.254.169.254/latest/meta-data', /link-local/],
    ['a private address', 'http://10.0.0.1/services/x', /private \(RFC 1918\)/],
    ['localhost', 'http://localhost:8080/services/x', /loopback name/],
    ['another scheme', 'ftp://hooks.example.com/x', /scheme/],
  ])('refuses a Slack URL naming %s at create and PATCH, writing nothing', async (_name, url, reason) => {
    const before = await count();
    const refused = await call('POST', `${N()}/channels`, tokens.writer, { method: 'slack', config: { webhook_url: url } });
    expect(refused).toMatchObject({ status: 400, body: { code: 'channel_url_refused', error: expect.stringMatching(reason) } });
    expect(await count()).toBe(before);
    const created = await call('POST', `${N()}/channels`, tokens.writer, { method: 'slack', config: { webhook_url: SLACK_URL } });
    const one = `${N()}/channels/${String(created.body['id'])}`;
    expect((await call('PATCH', one, tokens.writer, { config: { webhook_url: url } })).body).toMatchObject({ code: 'channel_url_refused' });
    expect((await call('PATCH', one, tokens.writer, { config: { to: ['a@example.com'] } })).body).toMatchObject({ code: 'validation_error', details: expect.arrayContaining([{ path: 'config', message: 'Unrecognized key: "to"' }]) });
    expect(await harness.readStore.collection(channelsCollection).forTenant('acme-corp').get(String(created.body['id']))).toMatchObject({ config: { webhook_url_hint: 'https://hooks.slack.com/…uvwx' }, updated_at: created.body['updated_at'] });
    await call('DELETE', one, tokens.writer);
  });

  it('serves the default policy, changes it, and refuses any other trigger mode or severity with the allowed values', async () => {
    expect((await call('GET', `${N()}/policy`, tokens.reader)).body).toEqual({ notification_trigger_mode: 'scan_complete', min_severity: 'info', updated_at: null });
    expect((await call('PATCH', `${N()}/policy`, tokens.writer, { notification_trigger_mode: 'waste_only' })).body).toEqual({ notification_trigger_mode: 'waste_only', min_severity: 'info', updated_at: expect.any(String) });
    const changed = await call('PATCH', `${N()}/policy`, tokens.writer, { min_severity: 'high' });
    expect(changed.body).toMatchObject({ notification_trigger_mode: 'waste_only', min_severity: 'high' });
    for (const body of [{ notification_trigger_mode: 'always' }, { notification_trigger_mode: '' }, { notification_trigger_mode: null }]) {
      const refused = await call('PATCH', `${N()}/policy`, tokens.writer, body);
      expect(refused).toMatchObject({ status: 400, body: { code: 'validation_error', details: [{ path: 'notification_trigger_mode', message: 'notification_trigger_mode must be one of: scan_complete, waste_only' }] } });
    }
    expect((await call('PATCH', `${N()}/policy`, tokens.writer, { min_severity: 'urgent' })).body).toMatchObject({ details: [{ message: 'min_severity must be one of: critical, high, medium, low, info' }] });
    expect((await call('PATCH', `${N()}/policy`, tokens.writer, { min_severity: 'low', extra: 1 })).status).toBe(400);
    expect(await harness.readStore.collection(policyCollection).forTenant('acme-corp').get('policy')).toMatchObject({ notification_trigger_mode: 'waste_only', min_severity: 'high', updated_at: changed.body['updated_at'] });
    expect((await call('GET', `${N('globex')}/policy`, tokens.globex)).body).toMatchObject({ notification_trigger_mode: 'scan_complete', updated_at: null });
  });

  it('answers a test of an email channel without SMTP with the reason, and refuses an inline private URL with 400', async () => {
    const inline = await call('POST', `${N()}/channels/test`, tokens.writer, { method: 'email', config: { to: ['ops@example.com'] } });
    expect(inline).toMatchObject({ status: 200, body: { delivered: false, method: 'email', channel_id: null, status_code: null, error: expect.stringContaining('STRATA_SMTP_URL') } });
    expect((await call('POST', `${N()}/channels/test`, tokens.writer, { method: 'slack', config: { webhook_url: 'http://127.0.0.1:9/services/x' } })).body).toMatchObject({ code: 'channel_url_refused' });
    expect((await call('POST', `${N()}/channels/test`, tokens.writer, {})).status).toBe(400);
    expect((await call('POST', `${N()}/channels/test`, tokens.writer, { channel_id: 'ch-0000000000000000' })).body).toMatchObject({ code: 'channel_not_found' });
  });

  it('needs notifications:read to read and notifications:write to change or test', async () => {
    const created = await call('POST', `${N()}/channels`, tokens.writer, { method: 'email', config: { to: ['ops@example.com'] } });
    const one = `${N()}/channels/${String(created.body['id'])}`;
    const writes = [['POST', `${N()}/channels`, { method: 'email', config: { to: ['a@example.com'] } }], ['PATCH', one, { enabled: false }], ['DELETE', one], ['POST', `${N()}/channels/test`, { channel_id: created.body['id'] }], ['PATCH', `${N()}/policy`, { min_severity: 'low' }]] as const;
    for (const [method, url, body] of [['GET', `${N()}/channels`], ['GET', `${N()}/policy`], ...writes] as const) {
      expect((await call(method, url, tokens.jobsOnly, body)).body).toMatchObject({ code: 'forbidden', error: expect.stringContaining('notifications:') });
    }
    for (const [method, url, body] of writes) expect((await call(method, url, tokens.reader, body)).status).toBe(403);
    expect((await call('GET', `${N()}/channels`)).status).toBe(401);
  });

  it("answers 404 channel_not_found for another tenant's channel and keeps tenants apart", async () => {
    const created = await call('POST', `${N()}/channels`, tokens.writer, { method: 'slack', config: { webhook_url: SLACK_URL } });
    const id = String(created.body['id']);
    const notFound = { status: 404, body: { code: 'channel_not_found', error: `No notification channel ${id}` } };
    expect(await call('PATCH', `${N('globex')}/channels/${id}`, tokens.globex, { enabled: false })).toMatchObject(notFound);
    expect(await call('DELETE', `${N('globex')}/channels/${id}`, tokens.globex)).toMatchObject(notFound);
    expect(await call('POST', `${N('globex')}/channels/test`, tokens.globex, { channel_id: id })).toMatchObject(notFound);
    expect((await call('GET', `${N('globex')}/channels`, tokens.globex)).body.items).toEqual([]);
    expect((await call('GET', `${N()}/channels`, tokens.globex)).status).toBe(403);
    expect(await harness.readStore.collection(channelsCollection).forTenant('acme-corp').get(id)).toMatchObject({ enabled: true });
  });

  it('documents the routes in the OpenAPI document', async () => {
    const paths = Object.keys((await call('GET', '/api/v1/openapi.json')).body['paths'] as object);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/tenants/{tenantID}/notifications/channels',
        '/api/v1/tenants/{tenantID}/notifications/channels/{channelID}',
        '/api/v1/tenants/{tenantID}/notifications/channels/test',
        '/api/v1/tenants/{tenantID}/notifications/policy',
      ]),
    );
  });
});

/** Channel tests that send: an SMTP server and a Slack receiver on loopback (private targets allowed, as STRATA_WEBHOOK_ALLOW_PRIVATE=true does). */
describe('channel test messages to local receivers', () => {
  let harness: GatewayHarness;
  let call: GatewayHarness['call'];
  let tokens: Awaited<ReturnType<typeof setUp>>;
  let smtp: SMTPServer;
  let receiver: Server;
  let base: string;
  const mails: ParsedMail[] = [];
  const posts: string[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream).then((mail) => (mails.push(mail), callback()), callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        posts.push(Buffer.concat(chunks).toString('utf8'));
        response.writeHead(request.url?.startsWith('/fail') ? 500 : 200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    harness = await startGatewayHarness('notifytest', { webhookAllowPrivate: true, notificationSettings: { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, smtpFrom: 'strata@example.com', publicUrl: 'https://strata.example.com' } });
    call = harness.call;
    tokens = await setUp(harness);
  });

  afterAll(async () => {
    await harness?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it('sends a test email with both parts to a saved channel', async () => {
    const created = await call('POST', `${N()}/channels`, tokens.writer, { name: 'ops <mail>', method: 'email', config: { to: ['ops@example.com'] }, enabled: false });
    mails.length = 0;
    const result = await call('POST', `${N()}/channels/test`, tokens.writer, { channel_id: created.body['id'] });
    expect(result).toMatchObject({ status: 200, body: { delivered: true, method: 'email', channel_id: created.body['id'], error: null } });
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('Strata test notification: ops <mail>');
    expect(mails[0]!.text).toContain('channel "ops <mail>" of tenant acme-corp');
    expect(mails[0]!.html).toContain('channel &quot;ops &lt;mail&gt;&quot;');
  });

  it('posts a Block Kit test to a saved Slack channel, and reports a failing one without its URL', async () => {
    const created = await call('POST', `${N()}/channels`, tokens.writer, { method: 'slack', config: { webhook_url: `${base}/services/T1/B1/s3cr3tTokenPart` } });
    posts.length = 0;
    const ok = await call('POST', `${N()}/channels/test`, tokens.writer, { channel_id: created.body['id'] });
    expect(ok.body).toMatchObject({ delivered: true, method: 'slack', status_code: 200 });
    expect(JSON.parse(posts[0]!)).toMatchObject({ text: expect.stringContaining('test notification'), blocks: [{ type: 'header' }, { type: 'section', text: { type: 'mrkdwn' } }] });

    const failing = await call('POST', `${N()}/channels/test`, tokens.writer, { method: 'slack', config: { webhook_url: `${base}/fail/s3cr3tTokenPart` } });
    expect(failing.body).toMatchObject({ delivered: false, status_code: 500, error: 'the receiver answered 500' });
    expect(JSON.stringify([ok.body, failing.body])).not.toContain('s3cr3tTokenPart');
  });
});
