import { compileRule } from '../rules/compile-rule';
import type { EvaluationEnvironment } from '../rules/evaluation-session';
import { InMemoryGraph, LoadedGraph } from '../rules/neighbourhood';
import { ruleDocumentSchema } from '../rules/rule-document';
import type { RuleNode } from '../rules/rule-node';
import { RuleSet } from '../rules/rule-set';
import type { AuditSubject, FindingRecord } from '../findings/finding-record';
import { MuteBook } from '../findings/mutes';
import { PageEvaluation } from './page-evaluation';
import { planFindingChanges } from './plan-finding-changes';
import { RuleTimeBudget } from './rule-time-budget';

const publicBucket = compileRule(
  ruleDocumentSchema.parse({
    id: 's3-public',
    title: 'Bucket is public',
    severity: 'high',
    kind: 'compliance',
    resource_types: ['aws.s3.bucket'],
    condition: 'node.attributes.public_access_blocked == false',
    remediation: 'Block it.',
    frameworks: { 'cis-aws-3.0': ['2.1.4'] },
  }),
  { source: 'builtin', pack: 'test' },
);
const bucket = (blocked: boolean | undefined, id = 'b-1'): RuleNode => ({
  id,
  type: 'aws.s3.bucket',
  provider: 'aws',
  name: 'logs',
  account: '123',
  region: 'us-east-1',
  tags: { team: 'data' },
  attributes: blocked === undefined ? {} : { public_access_blocked: blocked },
});
const subject = (node: RuleNode, present = true): AuditSubject => ({ node, scope: 'aws:123', present });
const environment = (graph = new InMemoryGraph()): EvaluationEnvironment => ({
  graph,
  now: new Date('2026-12-01T00:00:00Z'),
  prices: { price: () => undefined },
  thresholds: () => ({ cpu_percent: 5, network_mb: 5, lookback_days: 14 }),
});
const FINDING = 's3-public:b-1';

function audit(subjects: AuditSubject[], known: FindingRecord[] = [], { jobId = 'job-1', mutes = MuteBook.empty(), rules = [publicBucket] } = {}) {
  const evaluation = new PageEvaluation(new RuleSet(rules), subjects, environment());
  while (evaluation.evaluate().length > 0);
  const byId = new Map(known.map((record) => [`${record.rule_id}:${record.node_id}`, record]));
  return planFindingChanges(evaluation, byId, mutes, { jobId, now: `2026-12-0${jobId.slice(-1)}T10:00:00.000Z` });
}

describe('planFindingChanges', () => {
  const [opened] = audit([subject(bucket(false))]);

  it('opens a finding for a new violation, with the rule, the node and its history', () => {
    expect(opened?.id).toBe(FINDING);
    expect(opened?.transitions).toEqual([{ findingId: FINDING, event: 'opened' }]);
    expect(opened?.record).toMatchObject({
      rule_id: 's3-public',
      node_id: 'b-1',
      node_type: 'aws.s3.bucket',
      account: '123',
      region: 'us-east-1',
      scope: 'aws:123',
      kind: 'compliance',
      severity: 'high',
      severity_rank: 3,
      status: 'open',
      opened_in_job: 'job-1',
      resolved_in_job: null,
      monthly_savings_usd: null,
      frameworks: [{ framework: 'cis-aws-3.0', control: '2.1.4' }],
      history: [{ event: 'opened', job_id: 'job-1', at: '2026-12-01T10:00:00.000Z' }],
    });
  });

  it('writes nothing for a violation that stays as it was, nor for a compliant node without findings', () => {
    expect(audit([subject(bucket(false))], [opened!.record], { jobId: 'job-2' })).toEqual([]);
    expect(audit([subject(bucket(true))])).toEqual([]);
  });

  it('resolves a fixed violation, and re-opens it in the job where it comes back', () => {
    const [fixed] = audit([subject(bucket(true))], [opened!.record], { jobId: 'job-2' });
    expect(fixed?.record).toMatchObject({ status: 'resolved', resolved_in_job: 'job-2', opened_in_job: 'job-1' });
    const [back] = audit([subject(bucket(false))], [fixed!.record], { jobId: 'job-3' });
    expect(back?.transitions.map((t) => t.event)).toEqual(['reopened']);
    expect(back?.record).toMatchObject({ status: 'open', opened_in_job: 'job-3', resolved_in_job: null, resolved_at: null, first_seen: opened!.record.first_seen });
    expect(back?.record.history.map((entry) => [entry.event, entry.job_id])).toEqual([
      ['opened', 'job-1'],
      ['resolved', 'job-2'],
      ['reopened', 'job-3'],
    ]);
  });

  it('resolves every violated finding of a removed node, of a rule gone, and of a node the rule can no longer judge', () => {
    expect(audit([subject(bucket(false), false)], [opened!.record], { jobId: 'job-2' }).map((w) => w.record.status)).toEqual(['resolved']);
    expect(audit([subject(bucket(false))], [opened!.record], { jobId: 'job-2', rules: [] }).map((w) => w.record.status)).toEqual(['resolved']);
    expect(audit([subject(bucket(undefined))], [opened!.record], { jobId: 'job-2' }).map((w) => w.record.status)).toEqual(['resolved']);
  });

  it('mutes a violation a mute covers and unmutes it when the mute is gone', () => {
    const byTag = new MuteBook(new Map(), [{ id: 'm-1', match: { tags: { team: 'data' } }, reason: 'accepted risk', created_by: 'tok-1', created_at: '', expires_at: null }], Date.parse('2026-12-02T00:00:00Z'));
    const [muted] = audit([subject(bucket(false))], [opened!.record], { jobId: 'job-2', mutes: byTag });
    expect(muted?.transitions.map((t) => t.event)).toEqual(['muted']);
    expect(muted?.record).toMatchObject({ status: 'muted', opened_in_job: 'job-1', mute: { reason: 'accepted risk', mute_rule_id: 'm-1', by: 'tok-1' } });
    const [unmuted] = audit([subject(bucket(false))], [muted!.record], { jobId: 'job-3' });
    expect(unmuted?.record).toMatchObject({ status: 'open', mute: null });
    expect(unmuted?.transitions.map((t) => t.event)).toEqual(['unmuted']);
    const expired = new MuteBook(new Map([[FINDING, { finding_id: FINDING, reason: 'later', until: '2026-12-01T00:00:00Z', created_by: null, created_at: '' }]]), [], Date.parse('2026-12-02T00:00:00Z'));
    expect(audit([subject(bucket(false))], [opened!.record], { jobId: 'job-2', mutes: expired })).toEqual([]);
  });

  it('leaves a finding as it was when its rule fails on the node', () => {
    const failing = compileRule(ruleDocumentSchema.parse({ ...publicBucket.document, condition: 'node.attributes.public_access_blocked + 1.0 > 0.0' }), { source: 'custom', pack: 'custom' });
    const evaluation = new PageEvaluation(new RuleSet([failing]), [subject(bucket(false))], environment());
    evaluation.evaluate();
    expect(planFindingChanges(evaluation, new Map([[FINDING, opened!.record]]), MuteBook.empty(), { jobId: 'job-2', now: '' })).toEqual([]);
    expect(evaluation.failures.get('s3-public')).toMatchObject({ nodeId: 'b-1', nodes: 1 });
  });
});

describe('PageEvaluation', () => {
  it('asks once per page for the edges its rules need, and finishes once they are loaded', () => {
    const rule = compileRule(
      ruleDocumentSchema.parse({ id: 'unused-sg', title: 'Unused', severity: 'low', kind: 'compliance', resource_types: ['aws.ec2.security_group'], condition: 'node.incomingCount("uses") == 0', remediation: 'Delete.' }),
      { source: 'builtin', pack: 'test' },
    );
    const group = (id: string): RuleNode => ({ id, type: 'aws.ec2.security_group', provider: 'aws', name: id, account: null, region: null, tags: {}, attributes: {} });
    const graph = new LoadedGraph();
    const evaluation = new PageEvaluation(new RuleSet([rule]), [subject(group('sg-1')), subject(group('sg-2'))], { ...environment(), graph });
    expect(evaluation.evaluate()).toEqual([
      { nodeId: 'sg-1', direction: 'in', edgeType: 'uses' },
      { nodeId: 'sg-2', direction: 'in', edgeType: 'uses' },
    ]);
    graph.set({ nodeId: 'sg-1', direction: 'in', edgeType: 'uses' }, { nodes: [], total: 0 });
    graph.set({ nodeId: 'sg-2', direction: 'in', edgeType: 'uses' }, { nodes: [], total: 3 });
    expect(evaluation.evaluate()).toEqual([]);
    expect([...evaluation.outcomes.values()].map(({ outcome }) => outcome.kind)).toEqual(['violated', 'compliant']);
  });

  it('stops evaluating a rule once it has used up its time budget', () => {
    let now = 0;
    const budget = new RuleTimeBudget(10, () => (now += 6));
    const evaluation = new PageEvaluation(new RuleSet([publicBucket]), [subject(bucket(false, 'a')), subject(bucket(false, 'b')), subject(bucket(false, 'c'))], environment(), budget);
    evaluation.evaluate();
    expect([...evaluation.outcomes.values()].map(({ outcome }) => outcome.kind)).toEqual(['violated', 'violated', 'error']);
    expect(evaluation.failures.get('s3-public')?.message).toBe('the rule used up its time budget (10 ms per audit)');
  });
});
