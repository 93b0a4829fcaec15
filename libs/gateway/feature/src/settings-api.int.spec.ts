import { openApiProblems } from '@strata/platform-http';
import type { ConsumedMessage, MessagingClient } from '@strata/platform-messaging';
import { EXCHANGE_RATES, SUPPORTED_CURRENCIES, tenantSettingsCollection, TenantSettingsReader, type SettingsChangedEvent } from '@strata/tenancy-settings';
import { waitFor } from '@strata/testing';
import { startGatewayHarness, type ApiResponse, type GatewayHarness, type Json } from './fixtures/gateway-harness';

const GENERAL = '/api/v1/tenants/acme-corp/settings/general';
const SCAN_POLICY = '/api/v1/tenants/acme-corp/settings/scan-policy';
const DEFAULT_GLOBAL = { cpu_percent: 5, network_mb: 5, lookback_days: 14 };
const rateOf = (currency: string) => ({ base: 'USD', rate: EXCHANGE_RATES.rates[currency], as_of: EXCHANGE_RATES.as_of, source: EXCHANGE_RATES.source });

/** The tenant settings API through the gateway: real NATS (the events), SQLite (the settings). */
describe('tenant settings API through the gateway', () => {
  let harness: GatewayHarness;
  let messaging: MessagingClient;
  let call: GatewayHarness['call'];
  let admin: string;
  /** settings:read and settings:write in acme-corp. */
  let writer: string;
  /** settings:read only. */
  let reader: string;
  /** jobs:read only. */
  let jobsOnly: string;
  /** settings:read and settings:write in globex. */
  let globex: string;
  const events: ConsumedMessage<SettingsChangedEvent>[] = [];

  beforeAll(async () => {
    harness = await startGatewayHarness('settingsapi');
    ({ messaging, call, admin } = harness);
    await messaging.consume<SettingsChangedEvent>({
      stream: 'events',
      durable: 'test-settings-listener',
      filterSubject: 'events.*.settings.>',
      handler: async (message) => void events.push(message),
    });
    const token = async (tenant: string, permissions: string[]) => {
      const created = await call('POST', `/api/v1/tenants/${tenant}/tokens`, admin, { name: permissions.join(' '), permissions });
      expect(created.status).toBe(201);
      return String(created.body['token']);
    };
    for (const tenant of ['acme-corp', 'globex']) expect((await call('POST', '/api/v1/tenants', admin, { id: tenant, name: tenant })).status).toBe(201);
    writer = await token('acme-corp', ['settings:read', 'settings:write']);
    reader = await token('acme-corp', ['settings:read']);
    jobsOnly = await token('acme-corp', ['jobs:read']);
    globex = await token('globex', ['settings:read', 'settings:write']);
  });

  afterAll(() => harness?.close());

  /** Waits for the next `count` settings events after the `seen` first, and checks no other came. */
  async function nextEvents(seen: number, count = 1): Promise<ConsumedMessage<SettingsChangedEvent>[]> {
    await waitFor(() => events.length >= seen + count, { message: `${count} settings event(s) after the ${seen} seen` });
    return events.slice(seen);
  }

  /** What the read store holds for acme-corp's settings: what a refused request must not change. */
  async function stored(tenant = 'acme-corp') {
    const { items } = await harness.readStore.collection(tenantSettingsCollection).forTenant(tenant).find({ limit: 10 });
    return items;
  }

  it('answers the defaults before anything was set', async () => {
    expect(await call('GET', GENERAL, reader)).toEqual({
      status: 200,
      headers: expect.any(Object),
      body: { currency: 'USD', api_timeout_seconds: 30, notification_trigger_mode: 'scan_complete', report_retention_days: 90, updated_at: null, exchange_rate: rateOf('USD') },
    });
    expect((await call('GET', SCAN_POLICY, reader)).body).toEqual({ global: DEFAULT_GLOBAL, providers: {}, updated_at: null });
    expect(await stored()).toEqual([]);
  });

  it('changes general settings partially, answers all of them, and announces the fields that changed once', async () => {
    const seen = events.length;
    const patched = await call('PATCH', GENERAL, writer, { currency: 'EUR', api_timeout_seconds: 15 });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      currency: 'EUR',
      api_timeout_seconds: 15,
      notification_trigger_mode: 'scan_complete',
      report_retention_days: 90,
      updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      exchange_rate: rateOf('EUR'),
    });
    expect((await call('GET', GENERAL, reader)).body).toEqual(patched.body);

    const [event, ...more] = await nextEvents(seen);
    expect(more).toEqual([]);
    expect(event!.subject).toBe('events.acme-corp.settings.SettingsChanged');
    expect(event!.data).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'settings.SettingsChanged',
      tenant_id: 'acme-corp',
      time: patched.body['updated_at'],
      version: 1,
      data: { section: 'general', changed: ['api_timeout_seconds', 'currency'] },
    });
    expect(event!.msgId).toBe(event!.data.id);

    // Another field, later: the others stay, the revision goes on.
    const again = await call('PATCH', GENERAL, writer, { notification_trigger_mode: 'waste_only' });
    expect(again.body).toMatchObject({ currency: 'EUR', api_timeout_seconds: 15, notification_trigger_mode: 'waste_only' });
    const [second] = await nextEvents(seen + 1);
    expect(second!.data).toMatchObject({ type: 'settings.SettingsChanged', data: { section: 'general', changed: ['notification_trigger_mode'] } });
  });

  it('merges a scan-policy change deeply, removes a provider override with null, and announces each change', async () => {
    const seen = events.length;
    // The seed's example: lookback_days stays 14, so only two values change.
    const seed = await call('PATCH', SCAN_POLICY, writer, { global: { cpu_percent: 3.0, network_mb: 8.0, lookback_days: 14 } });
    expect(seed).toMatchObject({ status: 200, body: { global: { cpu_percent: 3, network_mb: 8, lookback_days: 14 }, providers: {}, updated_at: expect.any(String) } });
    const aws = await call('PATCH', SCAN_POLICY, writer, { providers: { aws: { lookback_days: 30 }, kubernetes: { cpu_percent: 10 } } });
    expect(aws.body).toMatchObject({ global: { cpu_percent: 3, network_mb: 8, lookback_days: 14 }, providers: { aws: { lookback_days: 30 }, kubernetes: { cpu_percent: 10 } } });
    const removed = await call('PATCH', SCAN_POLICY, writer, { providers: { aws: null } });
    expect(removed.body).toMatchObject({ providers: { kubernetes: { cpu_percent: 10 } } });
    expect((removed.body['providers'] as Json)['aws']).toBeUndefined();
    expect((await call('GET', SCAN_POLICY, reader)).body).toEqual(removed.body);

    const announced = await nextEvents(seen, 3);
    expect(announced.map((event) => [event.data.type, event.data.data])).toEqual([
      ['settings.SettingsChanged', { section: 'scan-policy', changed: ['global.cpu_percent', 'global.network_mb'] }],
      ['settings.SettingsChanged', { section: 'scan-policy', changed: ['providers.aws.lookback_days', 'providers.kubernetes.cpu_percent'] }],
      ['settings.SettingsChanged', { section: 'scan-policy', changed: ['providers.aws.lookback_days'] }],
    ]);

    // What the audit engine reads from the same read store.
    const policy = await new TenantSettingsReader(harness.readStore).scanPolicy('acme-corp');
    expect(policy).toEqual(removed.body);
  });

  it('writes and announces nothing for a PATCH that changes no value', async () => {
    const before = await call('GET', GENERAL, reader);
    const same = await call('PATCH', GENERAL, writer, { currency: 'EUR' });
    expect(same).toMatchObject({ status: 200, body: before.body });
    // The next real change is the next event: the no-op published none.
    const seen = events.length;
    await call('PATCH', GENERAL, writer, { api_timeout_seconds: 20 });
    const [event, ...more] = await nextEvents(seen);
    expect(more).toEqual([]);
    expect(event!.data.data).toEqual({ section: 'general', changed: ['api_timeout_seconds'] });
  });

  it('refuses invalid changes with 400 and the error envelope, writing and announcing nothing', async () => {
    const generalBefore = (await call('GET', GENERAL, reader)).body;
    const policyBefore = (await call('GET', SCAN_POLICY, reader)).body;
    const storedBefore = await stored();
    const seen = events.length;
    const accepted = SUPPORTED_CURRENCIES.join(', ');

    const cases: [string, string, unknown, string, { path: string; message: string }[] | undefined][] = [
      ['empty body', GENERAL, {}, 'validation_error', [{ path: 'body', message: 'Give at least one of currency, api_timeout_seconds, notification_trigger_mode, report_retention_days' }]],
      ['no body', GENERAL, undefined, 'validation_error', [{ path: 'body', message: 'Required' }]],
      ['unknown field', GENERAL, { currency: 'GBP', notifications_enabled: true }, 'validation_error', [{ path: 'body', message: 'Unrecognized key: "notifications_enabled"' }]],
      ['currency not in the rate table', GENERAL, { currency: 'XAU' }, 'validation_error', [{ path: 'currency', message: expect.stringContaining(`currency must be one of ${accepted}`) }]],
      ['lower-case currency', GENERAL, { currency: 'gbp' }, 'validation_error', [{ path: 'currency', message: expect.stringContaining(accepted) }]],
      ['trigger mode', GENERAL, { notification_trigger_mode: 'always' }, 'validation_error', [{ path: 'notification_trigger_mode', message: 'notification_trigger_mode must be scan_complete or waste_only' }]],
      ['empty trigger mode (legacy state)', GENERAL, { notification_trigger_mode: '' }, 'validation_error', [{ path: 'notification_trigger_mode', message: 'notification_trigger_mode must be scan_complete or waste_only' }]],
      ['timeout too long', GENERAL, { api_timeout_seconds: 301 }, 'validation_error', [{ path: 'api_timeout_seconds', message: 'api_timeout_seconds must be a whole number of seconds from 1 to 300' }]],
      ['timeout zero', GENERAL, { api_timeout_seconds: 0 }, 'validation_error', [{ path: 'api_timeout_seconds', message: expect.any(String) }]],
      ['fractional timeout', GENERAL, { api_timeout_seconds: 2.5 }, 'validation_error', [{ path: 'api_timeout_seconds', message: expect.any(String) }]],
      ['one valid field, one not', GENERAL, { currency: 'GBP', api_timeout_seconds: 9999 }, 'validation_error', [{ path: 'api_timeout_seconds', message: expect.any(String) }]],
      ['malformed JSON', GENERAL, '{"currency": ', 'malformed_json', undefined],
      ['empty policy', SCAN_POLICY, {}, 'validation_error', [{ path: 'body', message: 'Give global thresholds or provider overrides to change' }]],
      ['cpu over 100', SCAN_POLICY, { global: { cpu_percent: 101 } }, 'validation_error', [{ path: 'global.cpu_percent', message: 'cpu_percent must be a number from 0 to 100' }]],
      ['negative network', SCAN_POLICY, { global: { network_mb: -1 } }, 'validation_error', [{ path: 'global.network_mb', message: expect.any(String) }]],
      ['lookback over 63', SCAN_POLICY, { providers: { aws: { lookback_days: 64 } } }, 'validation_error', [{ path: 'providers.aws.lookback_days', message: expect.any(String) }]],
      ['unknown provider', SCAN_POLICY, { providers: { awz: { cpu_percent: 1 } } }, 'validation_error', [{ path: 'providers.awz', message: expect.stringMatching(/^unknown provider "awz": one of aws, azure, .*demo/) }]],
      ['unknown provider beside a good one', SCAN_POLICY, { global: { cpu_percent: 1 }, providers: { aws: { cpu_percent: 1 }, oracle: null } }, 'validation_error', [{ path: 'providers.oracle', message: expect.stringMatching(/^unknown provider "oracle"/) }]],
      ['unknown threshold', SCAN_POLICY, { global: { memory_percent: 1 } }, 'validation_error', [{ path: 'global', message: 'Unrecognized key: "memory_percent"' }]],
    ];
    for (const [name, url, body, code, details] of cases) {
      const response: ApiResponse = await call('PATCH', url, writer, body);
      expect({ name, status: response.status, code: response.body['code'] }).toEqual({ name, status: 400, code });
      expect(typeof response.body['error']).toBe('string');
      if (details) expect({ name, details: response.body['details'] }).toEqual({ name, details });
    }

    expect((await call('GET', GENERAL, reader)).body).toEqual(generalBefore);
    expect((await call('GET', SCAN_POLICY, reader)).body).toEqual(policyBefore);
    expect(await stored()).toEqual(storedBefore);
    // The next event is the next real change's: none of the refused ones published any.
    await call('PATCH', GENERAL, writer, { api_timeout_seconds: 25 });
    const [event, ...more] = await nextEvents(seen);
    expect(more).toEqual([]);
    expect(event!.data.data).toEqual({ section: 'general', changed: ['api_timeout_seconds'] });
  });

  it('needs settings:read to read and settings:write to change (403 otherwise, nothing written)', async () => {
    const storedBefore = await stored();
    const forbidden = { status: 403, body: { error: expect.stringContaining('settings:'), code: 'forbidden' } };
    expect(await call('GET', GENERAL, jobsOnly)).toMatchObject(forbidden);
    expect(await call('GET', SCAN_POLICY, jobsOnly)).toMatchObject(forbidden);
    expect(await call('PATCH', GENERAL, reader, { currency: 'GBP' })).toMatchObject({ status: 403, body: { error: 'This token lacks the permission settings:write', code: 'forbidden' } });
    expect(await call('PATCH', SCAN_POLICY, reader, { global: { cpu_percent: 1 } })).toMatchObject(forbidden);
    expect(await call('PATCH', GENERAL, jobsOnly, { currency: 'GBP' })).toMatchObject(forbidden);
    expect((await call('GET', GENERAL, undefined)).status).toBe(401);
    expect(await stored()).toEqual(storedBefore);
  });

  it("keeps tenants apart: another tenant's token gets 403, and each tenant has its own settings and events", async () => {
    const acmeBefore = await stored();
    expect(await call('GET', GENERAL, globex)).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await call('PATCH', GENERAL, globex, { currency: 'JPY' })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await call('PATCH', SCAN_POLICY, globex, { global: { cpu_percent: 1 } })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect(await stored()).toEqual(acmeBefore);

    expect((await call('GET', '/api/v1/tenants/globex/settings/general', globex)).body).toMatchObject({ currency: 'USD', updated_at: null });
    const seen = events.length;
    expect((await call('PATCH', '/api/v1/tenants/globex/settings/general', globex, { currency: 'JPY' })).body).toMatchObject({ currency: 'JPY', exchange_rate: rateOf('JPY') });
    const [event] = await nextEvents(seen);
    expect(event!.subject).toBe('events.globex.settings.SettingsChanged');
    expect(event!.data).toMatchObject({ type: 'settings.SettingsChanged', tenant_id: 'globex', data: { section: 'general', changed: ['currency'] } });
    expect((await call('GET', GENERAL, reader)).body['currency']).toBe('EUR');
    expect(await stored()).toEqual(acmeBefore);
  });

  it('answers 404 tenant_not_found for a tenant nobody created, as the other tenant routes do', async () => {
    const notFound = { status: 404, body: { error: 'tenant nowhere does not exist', code: 'tenant_not_found' } };
    expect(await call('GET', '/api/v1/tenants/nowhere/settings/general', admin)).toMatchObject(notFound);
    expect(await call('GET', '/api/v1/tenants/nowhere/settings/scan-policy', admin)).toMatchObject(notFound);
    expect(await call('PATCH', '/api/v1/tenants/nowhere/settings/general', admin, { currency: 'EUR' })).toMatchObject(notFound);
    expect(await stored('nowhere')).toEqual([]);
    // A tenant's own token is refused elsewhere before the tenant is looked up.
    expect((await call('GET', '/api/v1/tenants/nowhere/settings/general', writer)).status).toBe(403);
  });

  it('documents the settings routes, their permissions and schemas in the OpenAPI document', async () => {
    const { body: document } = await call('GET', '/api/v1/openapi.json');
    expect(openApiProblems(document)).toEqual([]);
    const paths = document['paths'] as Record<string, Record<string, Json>>;
    const general = paths['/api/v1/tenants/{tenantID}/settings/general']!;
    const scanPolicy = paths['/api/v1/tenants/{tenantID}/settings/scan-policy']!;
    expect([general['get']!['operationId'], general['patch']!['operationId'], scanPolicy['get']!['operationId'], scanPolicy['patch']!['operationId']]).toEqual([
      'getGeneralSettings',
      'updateGeneralSettings',
      'getScanPolicy',
      'updateScanPolicy',
    ]);
    expect(general['get']!['x-required-permissions']).toEqual(['settings:read']);
    expect(scanPolicy['patch']!['x-required-permissions']).toEqual(['settings:write']);
    const schemas = (document['components'] as Record<string, Record<string, Json>>)['schemas']!;
    expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['GeneralSettings', 'UpdateGeneralSettingsRequest', 'ScanPolicy', 'UpdateScanPolicyRequest', 'ExchangeRate', 'ScanThresholds']));
    expect(JSON.stringify(schemas['GeneralSettings'])).toContain('"EUR"');
  });
});
