import type { INestMicroservice } from '@nestjs/common';
import { eventCatalogEntry, eventEnvelopeSchema, type JobReport, type ScopeChangedEventData } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import { collectReports, openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { batchesOf, FAST_INVENTORY_TIMING, publishBatch, publishDiscoveryFinished, runOutput, vm, type Estate, type RunAddress } from '../fixtures/inventory-fixtures';
import { InventoryService } from '../inventory-service';
import { InventoryModule } from '../nest/inventory.module';
import { scopeChangedEventId } from './scope-changed-events';

describe('inventory.ScopeChanged on NATS (real NATS, real SQLite)', () => {
  let fixture: ServiceFixture;
  let messaging: MessagingClient;
  let service: InventoryService;
  let transport: INestMicroservice | undefined;
  let reports: JobReport[];

  beforeAll(async () => {
    fixture = await openServiceFixture('scope-changed');
    messaging = fixture.messaging;
    service = new InventoryService({ readStore: fixture.readStore, messaging, logger: fixture.logger, ...FAST_INVENTORY_TIMING });
    await service.start();
    transport = await startNatsTransport(messaging, InventoryModule.forInstance(service));
    reports = await collectReports(messaging);
  });

  afterAll(async () => {
    await transport?.close();
    await service?.stop();
    await fixture?.close();
  });

  async function runJob(jobId: string, runs: { scope: string; estate: Estate }[]): Promise<void> {
    const outputs = [];
    for (const [index, { scope, estate }] of runs.entries()) {
      const run: RunAddress = { tenantId: 'acme', jobId, plugin: `aws${index}`, attempt: 1, scope };
      const batches = batchesOf(estate, run, 10);
      for (const batch of batches) await publishBatch(messaging, batch);
      outputs.push(runOutput(run, batches));
    }
    await publishDiscoveryFinished(messaging, 'acme', jobId, outputs);
    await waitFor(() => reports.find((report) => report.type === 'InventoryReconciled' && report.jobId === jobId), { message: `${jobId} reconciled` });
  }

  const many = (prefix: string, count: number, state = 'running') => Array.from({ length: count }, (_, i) => vm(`${prefix}-${String(i).padStart(2, '0')}`, state));

  it('publishes one envelope per job and scope, with the counts and the first 20 changes; zero counts for a quiet scan', async () => {
    const events = messaging.follow<unknown>('events', 'events.acme.inventory.ScopeChanged');
    const next = async () => {
      const message = await events.next();
      const envelope = eventEnvelopeSchema.parse(message.value?.data);
      expect(message.value?.subject).toBe('events.acme.inventory.ScopeChanged');
      // Its data is what the catalog says it is, so the feed and webhooks describe it right.
      const data = eventCatalogEntry('inventory.ScopeChanged')!.schema.parse(envelope.data) as ScopeChangedEventData;
      return { envelope, data };
    };
    try {
      // A first discovery of two scopes: 30 nodes with 29 edges in one, 3 nodes in the other.
      const chain = many('i', 30);
      const edges = chain.slice(1).map((node, i) => ({ from: node.id, to: chain[i]!.id, type: 'depends_on' }));
      await runJob('job-1', [
        { scope: 'aws:1', estate: { nodes: chain, edges } },
        { scope: 'aws:2', estate: { nodes: many('b', 3), edges: [] } },
      ]);
      const first = [await next(), await next()].sort((a, b) => (a.data.scope < b.data.scope ? -1 : 1));
      expect(first.map(({ envelope }) => ({ id: envelope.id, type: envelope.type, tenant_id: envelope.tenant_id, version: envelope.version }))).toEqual([
        { id: scopeChangedEventId('job-1', 'aws:1'), type: 'inventory.ScopeChanged', tenant_id: 'acme', version: 1 },
        { id: scopeChangedEventId('job-1', 'aws:2'), type: 'inventory.ScopeChanged', tenant_id: 'acme', version: 1 },
      ]);
      expect(first[0]!.data).toMatchObject({ jobId: 'job-1', scope: 'aws:1', nodes: { added: 30, changed: 0, removed: 0 }, edges: { added: 29, removed: 0 }, more: true });
      expect(first[0]!.data.changes).toHaveLength(20);
      expect(first[1]!.data).toMatchObject({ scope: 'aws:2', nodes: { added: 3, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 }, more: false });
      expect(first[1]!.data.changes.map((change) => (change.kind === 'node' ? `${change.change}:${change.id}` : ''))).toEqual(['added:b-00', 'added:b-01', 'added:b-02']);

      // The same estate again: nothing changed, zero counts for both scopes.
      await runJob('job-2', [
        { scope: 'aws:1', estate: { nodes: chain, edges } },
        { scope: 'aws:2', estate: { nodes: many('b', 3), edges: [] } },
      ]);
      const quiet = [await next(), await next()].sort((a, b) => (a.data.scope < b.data.scope ? -1 : 1));
      expect(quiet.map(({ data }) => data)).toEqual(
        ['aws:1', 'aws:2'].map((scope) => ({ jobId: 'job-2', scope, nodes: { added: 0, changed: 0, removed: 0 }, edges: { added: 0, removed: 0 }, changes: [], more: false })),
      );
      // Then one node stopped in aws:2 and one gone; aws:1 as it was.
      await runJob('job-3', [
        { scope: 'aws:1', estate: { nodes: chain, edges } },
        { scope: 'aws:2', estate: { nodes: [vm('b-00', 'stopped'), vm('b-01')], edges: [] } },
      ]);
      const [unchanged, changed] = [await next(), await next()].sort((a, b) => (a.data.scope < b.data.scope ? -1 : 1));
      expect(unchanged!.data).toMatchObject({ jobId: 'job-3', scope: 'aws:1', nodes: { added: 0, changed: 0, removed: 0 }, changes: [] });
      const third = changed!;
      expect(third.envelope.id).toBe(scopeChangedEventId('job-3', 'aws:2'));
      expect(third.data).toMatchObject({ jobId: 'job-3', scope: 'aws:2', nodes: { added: 0, changed: 1, removed: 1 }, edges: { added: 0, removed: 0 }, more: false });
      expect(third.data.changes).toEqual([
        expect.objectContaining({ kind: 'node', change: 'changed', id: 'b-00', fields: [{ field: 'attributes.state', old: 'running', new: 'stopped' }] }),
        expect.objectContaining({ kind: 'node', change: 'removed', id: 'b-02' }),
      ]);
    } finally {
      await events.return(undefined);
    }
  });
});
