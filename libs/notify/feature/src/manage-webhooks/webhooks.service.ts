import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { eventEnvelope } from '@strata/contracts';
import { safeFetch, signDelivery } from '@strata/notify-egress';
import type { TenantCollection } from '@strata/platform-read-store';
import { KeyedLock } from '@strata/shared-domain';
import { NOTIFY_OPTIONS, type NotifyOptions } from '../notify-options';
import { checkWebhookUrl } from './webhook-url';
import { webhookHealthCollection } from '../deliveries/delivery-collections';
import { webhooksCollection, type WebhookRecord } from '../webhooks/webhook-collections';
import { WebhookNotFoundError, WebhookUrlRefusedError } from '../webhooks/webhook-errors';
import { WEBHOOK_TEST_EVENT } from '../webhooks/webhook-event-types';
import { describeDeliveryError } from '../webhooks/describe-delivery-error';
import { openWebhookSecret, sealWebhookSecret } from '../webhooks/webhook-secret';
import type {
  CreatedWebhookView,
  CreateWebhookRequest,
  ListWebhooksQuery,
  PatchWebhookRequest,
  WebhookList,
  WebhookTestResult,
  WebhookView,
} from './webhook.schemas';

const newWebhookId = (): string => `wh-${randomBytes(8).toString('hex')}`;
/** 256 random bits, URL-safe, with a prefix that says what it is when it turns up in a config file. */
const newSecret = (): string => `whsec_${randomBytes(32).toString('base64url')}`;

const view = (tenantId: string, record: WebhookRecord): WebhookView => ({
  id: record.id,
  tenant_id: tenantId,
  url: record.url,
  events: record.events,
  is_active: record.is_active,
  description: record.description,
  has_secret: true,
  secret_last4: record.secret_last4,
  disabled_reason: record.disabled_reason ?? null,
  created_at: record.created_at,
  updated_at: record.updated_at,
});

/** A tenant's webhooks: stored with their secrets sealed, shown without them, and tried with a signed test delivery. */
@Injectable()
export class WebhooksService {
  private readonly lock = new KeyedLock();

  constructor(@Inject(NOTIFY_OPTIONS) private readonly options: NotifyOptions) {}

  async create(tenantId: string, request: CreateWebhookRequest): Promise<CreatedWebhookView> {
    const url = this.checkedUrl(request.url);
    const id = newWebhookId();
    const secret = request.secret ?? newSecret();
    const now = this.options.clock().toISOString();
    const record: WebhookRecord = {
      id,
      url,
      events: request.events,
      is_active: request.is_active,
      description: request.description ?? null,
      ...this.sealed(tenantId, id, secret),
      created_at: now,
      updated_at: now,
    };
    await this.records(tenantId).upsert(id, record);
    return { ...view(tenantId, record), secret };
  }

  async list(tenantId: string, query: ListWebhooksQuery): Promise<WebhookList> {
    const page = await this.records(tenantId).find({ sort: { field: 'created_at' }, limit: query.limit, ...(query.cursor === undefined ? {} : { cursor: query.cursor }) });
    return {
      items: page.items.map(({ doc }) => view(tenantId, doc)),
      page: { limit: query.limit, next_cursor: page.nextCursor ?? null, has_more: page.nextCursor !== undefined },
    };
  }

  async get(tenantId: string, webhookId: string): Promise<WebhookView> {
    return view(tenantId, await this.require(tenantId, webhookId));
  }

  async patch(tenantId: string, webhookId: string, patch: PatchWebhookRequest): Promise<WebhookView> {
    const url = patch.url === undefined ? undefined : this.checkedUrl(patch.url);
    return this.lock.run(`${tenantId}\n${webhookId}`, async () => {
      const record = await this.require(tenantId, webhookId);
      const updated: WebhookRecord = {
        ...record,
        ...(url === undefined ? {} : { url }),
        ...(patch.events === undefined ? {} : { events: patch.events }),
        // Made active again (or inactive by hand): the notifier's reason no longer holds.
        ...(patch.is_active === undefined ? {} : { is_active: patch.is_active, disabled_reason: null }),
        ...(patch.description === undefined ? {} : { description: patch.description }),
        ...(patch.secret === undefined ? {} : this.sealed(tenantId, webhookId, patch.secret)),
        updated_at: this.options.clock().toISOString(),
      };
      await this.records(tenantId).upsert(webhookId, updated);
      // A webhook enabled again starts with a clean record: its old failing spell does not disable it at once.
      if (patch.is_active === true) await this.options.readStore.collection(webhookHealthCollection).forTenant(tenantId).delete(webhookId);
      return view(tenantId, updated);
    });
  }

  async delete(tenantId: string, webhookId: string): Promise<void> {
    if (!(await this.records(tenantId).delete(webhookId))) throw new WebhookNotFoundError(webhookId);
  }

  /**
   * Sends one signed `webhook.test` event to the webhook's URL now (active or not), through the
   * safe dispatcher, and says how it went. Never throws for the receiver's sake: a refusal, a
   * timeout or a 500 is `delivered: false` with the reason.
   */
  async test(tenantId: string, webhookId: string): Promise<WebhookTestResult> {
    const record = await this.require(tenantId, webhookId);
    const secret = openWebhookSecret(this.options.secretKey, tenantId, record);
    const deliveryId = randomUUID();
    const sentAt = this.options.clock();
    // An envelope like every delivery's body, so a receiver tests the code it will run.
    const body = JSON.stringify(
      eventEnvelope({
        id: deliveryId,
        category: 'webhook',
        name: 'test',
        tenantId,
        time: sentAt.toISOString(),
        data: { webhook_id: webhookId, message: 'A test delivery from Strata: the signature verifies with this webhook\'s secret.' },
      }),
    );
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Strata-Webhooks/1',
      ...signDelivery({ secret, timestamp: Math.floor(Date.now() / 1000), body, deliveryId, eventType: WEBHOOK_TEST_EVENT }),
    };
    const check = checkWebhookUrl(record.url, this.options.allowPrivate);
    if (!check.ok) return { delivered: false, status_code: null, latency_ms: 0, error: `refused: ${check.reason}` };
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    try {
      const response = await safeFetch(record.url, { method: 'POST', headers, body }, { dispatcher: this.options.dispatcher, timeoutMs: this.options.testTimeoutMs });
      await response.body?.cancel().catch(() => undefined);
      const delivered = response.status >= 200 && response.status < 300;
      return { delivered, status_code: response.status, latency_ms: latency(), error: delivered ? null : `the receiver answered ${response.status}` };
    } catch (error) {
      return { delivered: false, status_code: null, latency_ms: latency(), error: describeDeliveryError(error, this.options.testTimeoutMs) };
    }
  }

  private checkedUrl(url: string): string {
    const check = checkWebhookUrl(url, this.options.allowPrivate);
    if (!check.ok) throw new WebhookUrlRefusedError(check.reason);
    return check.url.toString();
  }

  private sealed(tenantId: string, webhookId: string, secret: string): Pick<WebhookRecord, 'sealed' | 'secret_last4'> {
    return sealWebhookSecret(this.options.secretKey, tenantId, webhookId, secret);
  }

  private async require(tenantId: string, webhookId: string): Promise<WebhookRecord> {
    const record = await this.records(tenantId).get(webhookId);
    if (!record) throw new WebhookNotFoundError(webhookId);
    return record;
  }

  private records(tenantId: string): TenantCollection<WebhookRecord> {
    return this.options.readStore.collection(webhooksCollection).forTenant(tenantId);
  }
}
