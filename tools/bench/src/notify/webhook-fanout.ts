import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { Agent, request } from 'undici';
import { eventEnvelope } from '@strata/contracts';
import { DEFAULT_DELIVERY_SETTINGS, NotifierModule, webhookDeliveriesCollection, WebhooksService, type DeliverySenderSettings } from '@strata/notify-feature';
import { openSqliteReadStore, type ReadStore } from '@strata/platform-read-store';
import { createSafeDispatcher } from '@strata/notify-egress';
import { loadSecretKey } from '@strata/platform-secrets';
import { openServiceFixture, startNatsTransport } from '@strata/service-testing';
import { percentile } from '../measure';

/**
 * Webhook fan-out: `events` events published as envelopes on the events stream, delivered by the
 * notifier (its consumer records the deliveries in SQLite, through a writer thread as the apps
 * do; its sender claims each attempt with a lease, signs it and POSTs it through the SSRF-safe
 * dispatcher) to `receivers` HTTP receivers on loopback; every event goes to `webhooksPerEvent` of them (tenants of one webhook each, or all).
 * Timed from the first publish to the last delivery received; latency from an event's publish
 * acknowledged (stored in the stream) to its delivery received. Beside it, in the same run and
 * process, the floor: a plain undici loop POSTing the same bodies to the same receivers, as many
 * at once as the notifier may send.
 */
export interface WebhookFanoutOptions {
  events: number;
  receivers: number;
  /** 1: each event to one receiver (round-robin); `receivers`: each event to every receiver. */
  webhooksPerEvent: number;
  delivery?: Partial<DeliverySenderSettings>;
  /** A file: the V8 CPU profile of this process over the notifier's window is written there. */
  cpuProfile?: string;
}

export interface FanoutFigures {
  deliveries: number;
  seconds: number;
  /** CPU of this process (notifier, NATS client, receivers) per delivery. */
  cpuMsPerDelivery: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface WebhookFanoutResult {
  options: WebhookFanoutOptions;
  notifier: FanoutFigures;
  plainUndici: FanoutFigures;
  /** notifier deliveries/s over plain undici's (goal ≥ 0.5). */
  ratio: number;
}

const PUBLISH_IN_FLIGHT = 64;

export async function runWebhookFanout(options: WebhookFanoutOptions): Promise<WebhookFanoutResult> {
  const { events, receivers: receiverCount, webhooksPerEvent } = options;
  const delivery: DeliverySenderSettings = { ...DEFAULT_DELIVERY_SETTINGS, ...options.delivery };
  const fixture = await openServiceFixture('benchnotify');
  const received = new Map<string, number>();
  let onReceived: (() => void) | undefined;
  const servers: Server[] = [];
  try {
    for (let index = 0; index < receiverCount; index++) {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          received.set(`${String(req.headers['x-strata-delivery'] ?? req.headers['x-bench-delivery'])}`, performance.now());
          res.writeHead(204).end();
          onReceived?.();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
    }
    const urls = servers.map((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);

    // The webhooks, created as the API creates them (secrets sealed).
    const { key: secretKey } = await loadSecretKey({ env: {}, dataDir: fixture.dir.path });
    const setupDispatcher = createSafeDispatcher({ allowPrivate: true });
    const webhooks = new WebhooksService({ readStore: fixture.readStore, secretKey, allowPrivate: true, dispatcher: setupDispatcher, clock: () => new Date(), testTimeoutMs: 1_000 });
    const all = webhooksPerEvent >= receiverCount;
    const tenants = all ? ['bench'] : urls.map((_, index) => `bench-${index}`);
    for (const [index, url] of urls.entries()) await webhooks.create(all ? 'bench' : tenants[index]!, { url, events: ['job.JobCompleted'], is_active: true });
    await setupDispatcher.close();

    const bodies = Array.from({ length: events }, (_, index) =>
      eventEnvelope({ id: `evt-${index}`, category: 'job', name: 'JobCompleted', tenantId: tenants[index % tenants.length]!, time: new Date().toISOString(), data: { jobId: `job-${index}`, stats: { nodes_discovered: index, findings_created: index % 7 } } }),
    );
    const deliveries = events * (all ? receiverCount : 1);

    // --- the notifier
    // The notifier's store as apps/notifier and the standalone app open it: writes on a thread of their own.
    const readStore = openSqliteReadStore(fixture.dbPath, { writerThread: true });
    const app = await startNatsTransport(fixture.messaging, NotifierModule.forRoot({ secretKey, readStore, messaging: fixture.messaging, allowPrivate: true, delivery, logger: fixture.logger }));
    const storedAt = new Map<string, number>();
    let notifierFigures: FanoutFigures;
    try {
      const done = waitForCount(received, deliveries, (hook) => (onReceived = hook));
      const profiler = options.cpuProfile ? await startProfiler() : undefined;
      const started = performance.now();
      const cpu = process.cpuUsage();
      let next = 0;
      await Promise.all(
        Array.from({ length: PUBLISH_IN_FLIGHT }, async () => {
          while (next < bodies.length) {
            const envelope = bodies[next++]!;
            await fixture.messaging.publish(`events.${envelope.tenant_id}.job.JobCompleted`, envelope, { msgId: envelope.id });
            storedAt.set(envelope.id, performance.now());
          }
        }),
      );
      await done;
      const notifierCpu = process.cpuUsage(cpu);
      if (profiler) await profiler.stopInto(options.cpuProfile!);
      const ended = Math.max(...received.values());
      // The delivery id says which event it carried: look it up from the stored deliveries' bodies.
      const latencies = await notifierLatencies(fixture.readStore, tenants, received, storedAt);
      notifierFigures = figures(deliveries, (ended - started) / 1000, latencies, notifierCpu);
    } finally {
      await app.close();
      await readStore.close();
    }

    // --- the floor: plain undici, same bodies, same receivers, same concurrency
    received.clear();
    const agent = new Agent({ keepAliveTimeout: 30_000 });
    const jobs = bodies.flatMap((envelope, index) => (all ? urls.map((url, r) => ({ url, id: `${envelope.id}-${r}`, body: JSON.stringify(envelope) })) : [{ url: urls[index % urls.length]!, id: envelope.id, body: JSON.stringify(envelope) }]));
    const sentAt = new Map<string, number>();
    const started = performance.now();
    const cpu = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: delivery.concurrency }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          sentAt.set(job.id, performance.now());
          const response = await request(job.url, { method: 'POST', body: job.body, headers: { 'content-type': 'application/json', 'x-bench-delivery': job.id }, dispatcher: agent });
          await response.body.dump();
        }
      }),
    );
    const ended = Math.max(...received.values());
    const plainCpu = process.cpuUsage(cpu);
    await agent.close();
    const plain = figures(jobs.length, (ended - started) / 1000, [...received].map(([id, at]) => at - sentAt.get(id)!), plainCpu);
    return { options, notifier: notifierFigures, plainUndici: plain, ratio: notifierFigures.perSecond / plain.perSecond };
  } finally {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
    await fixture.close();
  }
}

async function startProfiler(): Promise<{ stopInto(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stopInto(file) {
      const { profile } = await session.post('Profiler.stop');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function waitForCount(received: Map<string, number>, count: number, setHook: (hook: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    setHook(() => {
      if (received.size >= count) resolve();
    });
  });
}

async function notifierLatencies(
  readStore: ReadStore,
  tenants: readonly string[],
  received: Map<string, number>,
  storedAt: Map<string, number>,
): Promise<number[]> {
  const latencies: number[] = [];
  for (const tenant of tenants) {
    const collection = readStore.collection(webhookDeliveriesCollection).forTenant(tenant);
    const ids = [...received.keys()];
    for (let offset = 0; offset < ids.length; offset += 1_000) {
      const found = await collection.getMany(ids.slice(offset, offset + 1_000));
      for (const [id, doc] of found) latencies.push(received.get(id)! - storedAt.get(doc.event_id)!);
    }
  }
  return latencies;
}

function figures(deliveries: number, seconds: number, latencies: number[], cpu: NodeJS.CpuUsage): FanoutFigures {
  const sorted = Float64Array.from(latencies).sort();
  const cpuMsPerDelivery = (cpu.user + cpu.system) / 1000 / deliveries;
  return { deliveries, seconds, cpuMsPerDelivery, perSecond: deliveries / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}
