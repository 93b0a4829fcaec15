import type { ResourceNode } from '@strata/contracts';
import { planFindingChanges, type AuditSubject, type FindingRecord } from './finding-record';
import { STARTER_RULES } from './starter-rules';

const bucket = (publicAccessBlocked: boolean): ResourceNode => ({
  id: 'b-1',
  type: 'aws.s3.bucket',
  provider: 'aws',
  name: 'logs',
  tags: {},
  attributes: { public_access_blocked: publicAccessBlocked },
});
const subject = (node: ResourceNode, present = true): AuditSubject => ({ node, scope: 'aws:123', present });
const FINDING = 's3-bucket-public-access:b-1';
const job = (jobId: string, now = `2026-11-22T1${jobId.slice(-1)}:00:00.000Z`) => ({ jobId, now });

function known(...records: FindingRecord[]): Map<string, FindingRecord> {
  return new Map(records.map((record) => [`${record.rule_id}:${record.node_id}`, record]));
}

describe('planFindingChanges', () => {
  const [opened] = planFindingChanges(STARTER_RULES, [subject(bucket(false))], known(), job('job-1'));

  it('opens a finding for a new violation, with the rule and node it is about', () => {
    expect(opened?.id).toBe(FINDING);
    expect(opened?.record).toMatchObject({
      rule_id: 's3-bucket-public-access',
      node_id: 'b-1',
      node_type: 'aws.s3.bucket',
      scope: 'aws:123',
      kind: 'compliance',
      severity: 'high',
      status: 'open',
      opened_in_job: 'job-1',
      resolved_in_job: null,
      monthly_savings_usd: null,
    });
    expect(opened?.record.frameworks).toContainEqual({ framework: 'CIS AWS Foundations 3.0', control: '2.1.4' });
  });

  it('keeps an open finding open in the job that opened it, refreshing when it was last seen', () => {
    const [again] = planFindingChanges(STARTER_RULES, [subject(bucket(false))], known(opened!.record), job('job-2'));
    expect(again?.record).toMatchObject({ status: 'open', opened_in_job: 'job-1', first_seen: opened!.record.first_seen, last_seen: '2026-11-22T12:00:00.000Z' });
  });

  it('resolves a fixed violation, and re-opens it in the job where it comes back', () => {
    const [fixed] = planFindingChanges(STARTER_RULES, [subject(bucket(true))], known(opened!.record), job('job-2'));
    expect(fixed?.record).toMatchObject({ status: 'resolved', resolved_in_job: 'job-2', opened_in_job: 'job-1' });
    const [back] = planFindingChanges(STARTER_RULES, [subject(bucket(false))], known(fixed!.record), job('job-3'));
    expect(back?.record).toMatchObject({ status: 'open', opened_in_job: 'job-3', resolved_in_job: null, resolved_at: null, first_seen: opened!.record.first_seen });
  });

  it('resolves every open finding of a removed node', () => {
    const [gone] = planFindingChanges(STARTER_RULES, [subject(bucket(false), false)], known(opened!.record), job('job-2'));
    expect(gone?.record).toMatchObject({ status: 'resolved', resolved_in_job: 'job-2' });
  });

  it('resolves open findings of rules the pack no longer has', () => {
    const retired = { ...opened!.record, rule_id: 'retired-rule' };
    const writes = planFindingChanges(STARTER_RULES, [subject(bucket(true))], known(retired), job('job-2'));
    expect(writes.map((w) => [w.id, w.record.status])).toEqual([['retired-rule:b-1', 'resolved']]);
  });

  it('writes nothing for a compliant node without findings, nor for resolved findings that stay resolved', () => {
    expect(planFindingChanges(STARTER_RULES, [subject(bucket(true))], known(), job('job-1'))).toEqual([]);
    const resolved = { ...opened!.record, status: 'resolved' as const, resolved_in_job: 'job-2' };
    expect(planFindingChanges(STARTER_RULES, [subject(bucket(true))], known(resolved), job('job-3'))).toEqual([]);
  });
});
