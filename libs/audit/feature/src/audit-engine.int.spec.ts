import { convertFromUsd, EXCHANGE_RATES, tenantSettingsCollection } from '@strata/tenancy-settings';
import { jetstreamManager } from '@nats-io/jetstream';
import type { INestMicroservice } from '@nestjs/common';
import type { JobReport } from '@strata/contracts';
import type { MessagingClient } from '@strata/platform-messaging';
import type { ReadStore } from '@strata/platform-read-store';
import { collectReports, openServiceFixture, startNatsTransport, type ServiceFixture } from '@strata/service-testing';
import { waitFor } from '@strata/testing';
import { AUDIT_ENGINE_DURABLE, AuditEngine } from './audit-engine';
import { AuditEngineModule } from './nest/audit-engine.module';
import { bucket, instance, publishInventoryReconciled, reconciledInventory, securityGroup, volume } from './fixtures/audit-fixtures';
import { findingsCollection } from './read-model/audit-collections';
import { fixtureInputs } from './fixtures/fixture-rules';

type Audited = Extract<JobReport, { type: 'AuditCompleted' }>;

describe('audit engine (real NATS, real SQLite)', () => {
  let fixture: ServiceFixture;
  let namespace: string;
  let messaging: MessagingClient;
  let readStore: ReadStore;
  let engine: AuditEngine;
  let transport: INestMicroservice | undefined;
  let reports: JobReport[];
  const findingEvents: { subject: string; type: string; findingId: string | undefined; jobId: string | null }[] = [];

  beforeAll(async () => {
    fixture = await openServiceFixture('audit');
    ({ namespace, messaging, readStore } = fixture);
    // Two nodes a page, so every audit pages through the nodes with the cursor.
    engine = new AuditEngine({ readStore, messaging, logger: fixture.logger, pageSize: 2, inputs: fixtureInputs() });
    transport = await startNatsTransport(messaging, AuditEngineModule.forInstance(engine));
    reports = await collectReports(messaging);
    await messaging.consume<{ id: string; type: string; data: { findingId?: string; jobId: string | null; status?: string } }>({
      stream: 'events',
      durable: 'finding-event-collector',
      filterSubject: 'events.*.finding.>',
      pullExpiresMs: 1_000,
      handler: async ({ subject, data }) => void findingEvents.push({ subject, type: data.type, findingId: data.data.findingId, jobId: data.data.jobId }),
    });
  });

  afterAll(async () => {
    await transport?.close();
    await fixture?.close();
  });

  const reportOf = (tenantId: string, jobId: string): Promise<Audited> =>
    waitFor(
      () => reports.find((report): report is Audited => report.type === 'AuditCompleted' && report.tenantId === tenantId && report.jobId === jobId),
      { message: `AuditCompleted of ${tenantId}/${jobId}` },
    );

  const openFindings = async (tenantId: string): Promise<string[]> =>
    (await readStore.collection(findingsCollection).forTenant(tenantId).find({ where: { status: 'open' }, limit: 100 })).items.map(({ id }) => id).sort();

  describe('findings across jobs', () => {
    const tenantId = 'acme';
    let secondReport: Audited;
    let bucketFirstSeen: string | undefined;

    it('job 1 opens a finding per violated rule', async () => {
      await reconciledInventory(readStore, tenantId, 'job-a1', {
        seen: [bucket('b-1', false), volume('v-1', 'available', false), instance('i-1', 'stopped'), instance('i-2', 'running'), securityGroup('sg-1', [22, 443])],
      });
      await publishInventoryReconciled(messaging, tenantId, 'job-a1');
      // The unattached 160 GB volume at 0.08 USD per GB-month; the stopped instance saves nothing more.
      expect(await reportOf(tenantId, 'job-a1')).toEqual({ type: 'AuditCompleted', tenantId, jobId: 'job-a1', findingsCreated: 5, findingsResolved: 0, estimatedMonthlySavings: 12.8, currency: 'USD' });
      // Told the orchestrator how far it got on its way (the first page of two nodes at least).
      expect(reports.find((report) => report.type === 'AuditProgressed' && report.jobId === 'job-a1')).toEqual({
        type: 'AuditProgressed',
        tenantId,
        jobId: 'job-a1',
        nodesAudited: 2,
        nodesTotal: 5,
      });
      expect(await openFindings(tenantId)).toEqual([
        'ebs-volume-unattached:v-1',
        'ebs-volume-unencrypted:v-1',
        'ec2-instance-stopped:i-1',
        's3-bucket-public-access:b-1',
        'security-group-ssh-open-to-world:sg-1',
      ]);
      // One event per finding opened, then the audit's own, on events.<tenant>.finding.*.
      const ofJob = () => findingEvents.filter((event) => event.jobId === 'job-a1');
      await waitFor(() => ofJob().some((event) => event.type === 'finding.AuditCompleted'), { message: 'the AuditCompleted event of job-a1' });
      expect(ofJob().filter((event) => event.type === 'finding.FindingOpened').map((event) => event.findingId).sort()).toEqual(await openFindings(tenantId));
      expect(ofJob().every((event) => event.subject.endsWith(`events.${tenantId}.${event.type}`))).toBe(true);
      bucketFirstSeen = (await readStore.collection(findingsCollection).forTenant(tenantId).get('s3-bucket-public-access:b-1'))?.first_seen;
    });

    it('job 2 resolves a fixed bucket and every finding of a removed volume, and opens new violations', async () => {
      await reconciledInventory(readStore, tenantId, 'job-a2', {
        seen: [bucket('b-1', true), instance('i-1', 'stopped'), instance('i-2', 'stopped'), securityGroup('sg-1', [22, 443]), bucket('b-2', false)],
        removed: [volume('v-1', 'available', false)],
      });
      await publishInventoryReconciled(messaging, tenantId, 'job-a2');
      secondReport = await reportOf(tenantId, 'job-a2');
      expect(secondReport).toMatchObject({ findingsCreated: 2, findingsResolved: 3 });
      expect(await openFindings(tenantId)).toEqual([
        'ec2-instance-stopped:i-1',
        'ec2-instance-stopped:i-2',
        's3-bucket-public-access:b-2',
        'security-group-ssh-open-to-world:sg-1',
      ]);
      await waitFor(() => findingEvents.some((event) => event.jobId === 'job-a2' && event.type === 'finding.AuditCompleted'), { message: 'the AuditCompleted event of job-a2' });
      const ofJob2 = findingEvents.filter((event) => event.jobId === 'job-a2');
      expect(ofJob2.filter((event) => event.type === 'finding.FindingResolved').length).toBe(3);
      expect(ofJob2.filter((event) => event.type === 'finding.FindingOpened').length).toBe(2);
      const volumeFinding = await readStore.collection(findingsCollection).forTenant(tenantId).get('ebs-volume-unattached:v-1');
      expect(volumeFinding).toMatchObject({ status: 'resolved', resolved_in_job: 'job-a2', opened_in_job: 'job-a1', monthly_savings_usd: 12.8, kind: 'cost' });
    });

    it('job 3 re-opens the bucket made public again: created in job 3, first seen in job 1', async () => {
      await reconciledInventory(readStore, tenantId, 'job-a3', {
        seen: [bucket('b-1', false), instance('i-1', 'stopped'), instance('i-2', 'stopped'), securityGroup('sg-1', [22, 443]), bucket('b-2', false)],
      });
      await publishInventoryReconciled(messaging, tenantId, 'job-a3');
      expect(await reportOf(tenantId, 'job-a3')).toMatchObject({ findingsCreated: 1, findingsResolved: 0 });
      const reopened = await readStore.collection(findingsCollection).forTenant(tenantId).get('s3-bucket-public-access:b-1');
      expect(reopened).toMatchObject({ status: 'open', opened_in_job: 'job-a3', resolved_in_job: null, resolved_at: null, first_seen: bucketFirstSeen });
    });

    it('reports the same figures for a redelivered InventoryReconciled, even after later jobs', async () => {
      expect(await engine.evaluator.evaluate({ tenantId, jobId: 'job-a2' })).toEqual({ findingsCreated: 2, findingsResolved: 3, estimatedMonthlySavings: 0 });
      await publishInventoryReconciled(messaging, tenantId, 'job-a2');
      const jsm = await jetstreamManager(messaging.connection);
      await waitFor(async () => {
        const info = await jsm.consumers.info(`${namespace}_EVENTS`, AUDIT_ENGINE_DURABLE);
        return info.num_pending === 0 && info.num_ack_pending === 0;
      }, { message: 'the redelivered InventoryReconciled handled' });
      const again = reports.filter((report) => report.type === 'AuditCompleted' && report.jobId === 'job-a2');
      expect(again.every((report) => JSON.stringify(report) === JSON.stringify(secondReport))).toBe(true);
    });
  });

  it('keeps tenants apart: the same node ids in another tenant have findings of their own', async () => {
    await reconciledInventory(readStore, 'globex', 'job-g1', {
      seen: [bucket('b-1', true), volume('v-1', 'in-use', true), instance('i-1', 'stopped')],
    });
    const acmeBefore = await openFindings('acme');
    await publishInventoryReconciled(messaging, 'globex', 'job-g1');
    expect(await reportOf('globex', 'job-g1')).toMatchObject({ findingsCreated: 1, findingsResolved: 0 });
    expect(await openFindings('globex')).toEqual(['ec2-instance-stopped:i-1']);
    expect(await openFindings('acme')).toEqual(acmeBefore);
  });

  it("reports the job's savings in the tenant's currency, converted with the dated rates", async () => {
    await readStore.collection(tenantSettingsCollection).forTenant('initech').upsert('general', {
      section: 'general',
      values: { currency: 'EUR' },
      updated_at: '2026-12-01T00:00:00.000Z',
      revision: 0,
      pending_event: null,
    });
    await reconciledInventory(readStore, 'initech', 'job-i1', { seen: [volume('v-1', 'available', true)] });
    await publishInventoryReconciled(messaging, 'initech', 'job-i1');
    // 160 GB at 0.08 USD.
    expect(await reportOf('initech', 'job-i1')).toMatchObject({ estimatedMonthlySavings: convertFromUsd(12.8, 'EUR', EXCHANGE_RATES), currency: 'EUR' });
    expect(convertFromUsd(12.8, 'EUR', EXCHANGE_RATES)).not.toBe(12.8);
  });
});
