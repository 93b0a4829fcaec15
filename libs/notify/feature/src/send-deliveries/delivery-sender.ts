import { safeRequest, signDelivery, type SafeDispatcher } from '@strata/notify-egress';
import { SupervisedLoop, type Logger, type LoopHealth } from '@strata/platform-observability';
import type { ReadStore } from '@strata/platform-read-store';
import { upsertSet } from '@strata/platform-read-store';
import type { SecretKey } from '@strata/platform-secrets';
import {
  DUE_SCOPE,
  dueDeliveriesCollection,
  MAX_ATTEMPTS_KEPT,
  webhookDeliveriesCollection,
  type DeliveryAttemptRecord,
  type DueDeliveryRecord,
  type WebhookDeliveryRecord,
} from '../deliveries/delivery-collections';
import type { DeliveryWakeup } from '../deliveries/delivery-wakeup';
import { groupBy } from '../deliveries/group-by';
import { WriteBatch } from '../deliveries/write-batch';
import { dueEntry } from '../record-deliveries/delivery-recorder';
import { describeDeliveryError } from '../webhooks/describe-delivery-error';
import { webhooksCollection, type WebhookRecord } from '../webhooks/webhook-collections';
import { openWebhookSecret } from '../webhooks/webhook-secret';
import { ConcurrencyGate } from './concurrency-gate';
import type { DeliveryLeases } from './delivery-leases';
import { nextStep, type NextStep, type RetryPolicy } from './retry-policy';
import type { WebhookDisabler } from './webhook-disabler';

/** The loop's name in logs and in `GET /status` while it is down. */
export const DELIVERY_SENDER_LOOP = 'notifier:send-deliveries';

const SCAN_PAGE = 200;
const SCAN_MAX = 2_000;
/** An attempt another replica holds is not asked for again this soon. */
const CLAIMED_ELSEWHERE_MS = 2_000;
/**
 * How long a webhook read for an attempt (its URL, state and opened secret) serves the next ones:
 * a change through the API (URL, deactivation, a rotated secret) applies within this.
 */
const WEBHOOK_CACHE_MS = 1_000;

interface CachedWebhook {
  readonly webhook: WebhookRecord | undefined;
  readonly secret: string | undefined;
  readonly until: number;
}

export interface DeliverySenderSettings {
  /** One attempt, redirects included. */
  timeoutMs: number;
  /** Attempts at once in this process. */
  concurrency: number;
  /** Attempts at once to one webhook. */
  perWebhookConcurrency: number;
  /** How often due attempts are looked for when nothing wakes the sender. */
  pollIntervalMs: number;
  retry: RetryPolicy;
}

export interface DeliverySenderOptions {
  readStore: ReadStore;
  secretKey: SecretKey;
  dispatcher: SafeDispatcher;
  leases: DeliveryLeases;
  disabler: WebhookDisabler;
  wakeup: DeliveryWakeup;
  settings: DeliverySenderSettings;
  clock: () => Date;
  random: () => number;
  health?: LoopHealth;
  logger?: Logger;
}

interface AttemptOutcome {
  record: DeliveryAttemptRecord;
  step: NextStep;
  /** Counts for the webhook's health (a refusal before sending, a deleted webhook do not). */
  sent: boolean;
}

/** A due entry let through the gate. */
interface DueAttempt {
  entryId: string;
  entry: DueDeliveryRecord;
  webhookKey: string;
}

/** The delivery read once its attempt is claimed; `elsewhere`: another replica claimed it. */
type ClaimedDelivery = WebhookDeliveryRecord | undefined | 'elsewhere';

/** An attempt made, to be recorded. */
interface EndedAttempt {
  tenantId: string;
  entryId: string;
  /** The delivery as read when the attempt was claimed. */
  claimed: WebhookDeliveryRecord;
  outcome: AttemptOutcome;
}

/**
 * Sends due deliveries: a supervised loop finds due attempts (`notify_due_deliveries`), claims
 * each with a lease (one replica per attempt), POSTs the stored body signed with the webhook's
 * secret through the SSRF-safe dispatcher, and records the attempt and what follows from it
 * (`nextStep`). Concurrency is bounded overall and per webhook.
 */
export class DeliverySender {
  private loop: SupervisedLoop | undefined;
  private readonly gate: ConcurrencyGate;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly claimedElsewhere = new Map<string, number>();
  private readonly webhooks = new Map<string, CachedWebhook>();
  /** Attempts that end at about the same time are recorded in one transaction. */
  private readonly outcomes = new WriteBatch<EndedAttempt>((ended) => this.recordOutcomes(ended));
  private attemptsMade = 0;

  constructor(private readonly options: DeliverySenderOptions) {
    this.gate = new ConcurrencyGate(options.settings.concurrency, options.settings.perWebhookConcurrency);
  }

  /** Attempts this process has made and recorded. */
  get attempts(): number {
    return this.attemptsMade;
  }

  async start(): Promise<void> {
    await this.options.leases.ensure();
    this.loop ??= new SupervisedLoop({
      name: DELIVERY_SENDER_LOOP,
      run: (signal, healthy) => this.run(signal, healthy),
      ...(this.options.health ? { health: this.options.health } : {}),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    this.loop.start();
  }

  /** Stops looking for work and waits for the attempts under way to be recorded. */
  async stop(): Promise<void> {
    await this.loop?.stop();
    this.loop = undefined;
    await Promise.all(this.inFlight.values());
  }

  private async run(signal: AbortSignal, healthy: () => void): Promise<void> {
    const { pollIntervalMs, concurrency } = this.options.settings;
    // With more due than slots, a look for work waits until an eighth of the slots are free
    // (or a poll is due) rather than reading the due entries again for every attempt that ends.
    const batch = Math.max(1, Math.floor(concurrency / 8));
    let backlog = false;
    let lastLook = 0;
    while (!signal.aborted) {
      const free = concurrency - this.gate.inFlight;
      if (!backlog || free >= batch || Date.now() - lastLook >= pollIntervalMs) {
        lastLook = Date.now();
        backlog = await this.startDueAttempts();
      }
      healthy();
      await this.options.wakeup.wait(pollIntervalMs, signal);
    }
  }

  /**
   * Starts as many due attempts as the gate lets through, oldest due first; answers whether it
   * stopped with the gate full (more may be due).
   */
  private async startDueAttempts(): Promise<boolean> {
    const due = this.options.readStore.collection(dueDeliveriesCollection).forTenant(DUE_SCOPE);
    const now = this.options.clock();
    const nowIso = now.toISOString();
    for (const [key, until] of this.claimedElsewhere) if (until <= now.getTime()) this.claimedElsewhere.delete(key);
    let cursor: string | undefined;
    let scanned = 0;
    do {
      if (this.gate.full) return true;
      const page = await due.find({ where: { next_attempt_at: { $lte: nowIso } }, sort: { field: 'next_attempt_at' }, limit: SCAN_PAGE, ...(cursor ? { cursor } : {}) });
      const admitted: DueAttempt[] = [];
      for (const { id, doc } of page.items) {
        if (this.gate.full) break;
        if (this.inFlight.has(id) || this.claimedElsewhere.has(`${id}#${doc.attempt}`)) continue;
        const webhookKey = `${doc.tenant_id}/${doc.webhook_id}`;
        if (this.gate.tryEnter(webhookKey)) admitted.push({ entryId: id, entry: doc, webhookKey });
      }
      // The page's attempts are claimed together and their deliveries read with one query per
      // tenant, rather than a lease round trip and a read each in turn.
      const claimed = this.claimAndRead(admitted);
      for (const attempt of admitted) {
        const task = claimed
          .then((deliveries) => this.attempt(attempt, deliveries.get(attempt.entryId)))
          .catch((error: unknown) => this.options.logger?.error({ err: error, delivery: attempt.entry.delivery_id, tenant: attempt.entry.tenant_id }, 'a delivery attempt failed to run; it stays due'))
          .finally(() => {
            this.inFlight.delete(attempt.entryId);
            this.gate.leave(attempt.webhookKey);
            this.options.wakeup.notify();
          });
        this.inFlight.set(attempt.entryId, task);
      }
      if (this.gate.full) return true;
      cursor = page.nextCursor;
      scanned += page.items.length;
    } while (cursor && scanned < SCAN_MAX);
    return this.gate.full;
  }

  /**
   * Claims each attempt's lease (at once: JetStream takes the publishes pipelined) and reads the
   * deliveries of those claimed, one `getMany` per tenant. Answers, per due entry, `elsewhere`
   * when another replica holds the attempt, else the delivery as stored (undefined if gone). Read
   * after the claim: an entry read before another replica recorded this attempt is stale now.
   */
  private async claimAndRead(admitted: readonly DueAttempt[]): Promise<Map<string, ClaimedDelivery>> {
    const claims = await Promise.all(admitted.map(({ entry }) => this.options.leases.claim(entry.tenant_id, entry.delivery_id, entry.attempt)));
    const answer = new Map<string, ClaimedDelivery>();
    admitted.forEach((due, index) => {
      if (!claims[index]) answer.set(due.entryId, 'elsewhere');
    });
    for (const [tenantId, dues] of groupBy(admitted.filter((_, index) => claims[index]), (due) => due.entry.tenant_id)) {
      const found = await this.deliveries(tenantId).getMany(dues.map(({ entry }) => entry.delivery_id));
      for (const { entryId, entry } of dues) answer.set(entryId, found.get(entry.delivery_id));
    }
    return answer;
  }

  private async attempt({ entryId, entry }: DueAttempt, delivery: ClaimedDelivery): Promise<void> {
    if (delivery === 'elsewhere') {
      this.claimedElsewhere.set(`${entryId}#${entry.attempt}`, this.options.clock().getTime() + CLAIMED_ELSEWHERE_MS);
      return;
    }
    if (!delivery) {
      await this.dueIndex().delete(entryId);
      return;
    }
    if (delivery.status !== 'pending' || delivery.attempt + 1 !== entry.attempt) {
      // A stale entry: out of the sparse index if the delivery is final (kept, not deleted: the
      // recorder counts on a delivery having its entry).
      if (delivery.status !== 'pending') await this.dueIndex().upsert(entryId, dueEntry(entry.tenant_id, delivery));
      return;
    }
    const outcome = await this.send(entry.tenant_id, delivery, entry.attempt);
    await this.outcomes.add({ tenantId: entry.tenant_id, entryId, claimed: delivery, outcome });
    this.attemptsMade += 1;
    if (!outcome.sent) return;
    const at = new Date(outcome.record.at);
    if (outcome.step.status === 'delivered') await this.options.disabler.delivered(entry.tenant_id, delivery.webhook_id, at);
    else await this.options.disabler.failed(entry.tenant_id, delivery.webhook_id, this.options.clock(), outcome.record.error ?? 'the delivery failed');
  }

  private async send(tenantId: string, delivery: WebhookDeliveryRecord, attempt: number): Promise<AttemptOutcome> {
    const { settings, clock } = this.options;
    const at = clock();
    const { webhook, secret } = await this.webhook(tenantId, delivery.webhook_id);
    const skipped = (reason: string): AttemptOutcome => ({
      record: { attempt, at: at.toISOString(), status_code: null, latency_ms: 0, error: reason },
      step: { status: 'failed', reason },
      sent: false,
    });
    if (!webhook || secret === undefined) return skipped('the webhook was deleted');
    if (!webhook.is_active) return skipped(webhook.disabled_reason ? `the webhook is disabled (${webhook.disabled_reason})` : 'the webhook is inactive');
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'Strata-Webhooks/1',
      ...signDelivery({ secret, timestamp: Math.floor(at.getTime() / 1000), body: delivery.body, deliveryId: delivery.id, eventType: delivery.event }),
    };
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const windowStartedAt = Date.parse(delivery.retry_window_started_at);
    try {
      const response = await safeRequest(webhook.url, { method: 'POST', headers, body: delivery.body }, { dispatcher: this.options.dispatcher, timeoutMs: settings.timeoutMs });
      const latencyMs = latency();
      const step = nextStep({ status: response.status, retryAfter: response.header('retry-after'), attempt, windowStartedAt, now: clock().getTime(), random: this.options.random }, settings.retry);
      const error = response.status >= 200 && response.status < 300 ? null : `the receiver answered ${response.status}`;
      return { record: { attempt, at: at.toISOString(), status_code: response.status, latency_ms: latencyMs, error }, step, sent: true };
    } catch (error) {
      const latencyMs = latency();
      const step = nextStep({ error, attempt, windowStartedAt, now: clock().getTime(), random: this.options.random }, settings.retry);
      return { record: { attempt, at: at.toISOString(), status_code: null, latency_ms: latencyMs, error: describeDeliveryError(error, settings.timeoutMs) }, step, sent: true };
    }
  }

  /**
   * Writes the attempts that ended together, each with the delivery's next state, in one
   * transaction. A redelivery asked for while an attempt ran (its counter moved) wins: the
   * delivery stays due at the time it asked for. The due entries say whether one came (the
   * redelivery writes its counter there too); only those deliveries are read again, since nothing
   * else writes a delivery while its attempt's lease is held.
   */
  private async recordOutcomes(ended: readonly EndedAttempt[]): Promise<void[]> {
    const { readStore, clock } = this.options;
    const entries = await this.dueIndex().getMany(ended.map(({ entryId }) => entryId));
    const changed = ended.filter(({ entryId, claimed }) => entries.get(entryId)?.redeliveries !== claimed.redeliveries);
    const current = new Map<string, WebhookDeliveryRecord>();
    for (const [tenantId, attempts] of groupBy(changed, (attempt) => attempt.tenantId)) {
      const found = await this.deliveries(tenantId).getMany(attempts.map(({ claimed }) => claimed.id));
      for (const { entryId, claimed } of attempts) {
        const delivery = found.get(claimed.id);
        if (delivery) current.set(entryId, delivery);
      }
    }
    const updatedAt = clock().toISOString();
    const updated = ended.map(({ entryId, claimed, outcome }) => nextState(current.get(entryId) ?? claimed, claimed, outcome, updatedAt));
    const byTenant = groupBy(
      ended.map((attempt, index) => ({ ...attempt, updated: updated[index]! })),
      (attempt) => attempt.tenantId,
    );
    // With their due entries, in one write: due again, or out of the sparse index once final.
    await readStore.upsertTogether([
      ...[...byTenant].map(([tenantId, attempts]) => upsertSet(this.deliveries(tenantId), attempts.map(({ updated: doc }) => ({ id: doc.id, doc })))),
      upsertSet(
        this.dueIndex(),
        ended.map(({ tenantId, entryId }, index) => ({ id: entryId, doc: dueEntry(tenantId, updated[index]!) })),
      ),
    ]);
    return ended.map(() => undefined);
  }

  /** The webhook and its opened secret, read at most once per {@link WEBHOOK_CACHE_MS}. */
  private async webhook(tenantId: string, webhookId: string): Promise<Omit<CachedWebhook, 'until'>> {
    const key = `${tenantId}/${webhookId}`;
    const now = performance.now();
    const cached = this.webhooks.get(key);
    if (cached && cached.until > now) return cached;
    const webhook = await this.options.readStore.collection(webhooksCollection).forTenant(tenantId).get(webhookId);
    const fresh: CachedWebhook = { webhook, secret: webhook ? openWebhookSecret(this.options.secretKey, tenantId, webhook) : undefined, until: now + WEBHOOK_CACHE_MS };
    if (this.webhooks.size > 10_000) this.webhooks.clear();
    this.webhooks.set(key, fresh);
    return fresh;
  }

  private deliveries(tenantId: string) {
    return this.options.readStore.collection(webhookDeliveriesCollection).forTenant(tenantId);
  }

  private dueIndex() {
    return this.options.readStore.collection(dueDeliveriesCollection).forTenant(DUE_SCOPE);
  }
}

/** The delivery once the attempt is recorded: `current` as stored now, `claimed` as it was when the attempt began. */
function nextState(current: WebhookDeliveryRecord, claimed: WebhookDeliveryRecord, { step, record }: AttemptOutcome, updatedAt: string): WebhookDeliveryRecord {
  const redelivered = current.redeliveries !== claimed.redeliveries;
  return {
    ...current,
    attempt: record.attempt,
    status_code: record.status_code,
    latency_ms: record.latency_ms,
    error: finalError(record.error, step),
    attempts: [...current.attempts, record].slice(-MAX_ATTEMPTS_KEPT),
    updated_at: updatedAt,
    ...(redelivered
      ? { status: 'pending' as const }
      : step.status === 'pending'
        ? { status: 'pending' as const, next_attempt_at: new Date(step.nextAttemptAt).toISOString() }
        : { status: step.status, next_attempt_at: null }),
  };
}

/** The attempt's error, and why the delivery stopped when that says more (a 24 h give-up). */
function finalError(error: string | null, step: NextStep): string | null {
  if (step.status !== 'failed') return error;
  if (error === null) return step.reason;
  return error.includes(step.reason) ? error : `${error}; ${step.reason}`;
}
