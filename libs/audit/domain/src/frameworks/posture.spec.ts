import fc from 'fast-check';
import type { Severity } from '../rules/rule-document';
import { computePosture, type PostureFinding, type PostureRule, type RuleEvidence } from './posture';

const framework = {
  id: 'cis-aws-3.0',
  name: 'CIS AWS',
  version: '3.0.0',
  controls: ['1.8', '2.1.4', '2.2.1', '5.2', '5.6'].map((id) => ({ id, section: `s${id[0]}`, title: `t${id}` })),
};
const rule = (id: string, controls: string[], resourceTypes = ['s3.bucket'], enabled = true): PostureRule => ({
  id,
  enabled,
  resourceTypes,
  frameworks: { 'cis-aws-3.0': controls, soc2: ['CC6.1'] },
});
const finding = (id: string, severity: Severity = 'high', account?: string): PostureFinding => ({ id, severity, nodeId: `n-${id}`, ...(account ? { account } : {}) });

describe('computePosture', () => {
  const rules = [
    rule('s3-public', ['2.1.4']),
    rule('s3-ssl', ['2.1.4']),
    rule('ebs-encrypted', ['2.2.1'], ['ec2.volume']),
    rule('sg-ssh', ['5.2'], ['ec2.security_group']),
    rule('imds', ['5.6'], ['ec2.instance'], false),
  ];
  const evidence: Record<string, RuleEvidence> = {
    's3-public': { evaluatedResources: 3, openFindings: [finding('s3-public:b1', 'critical', 'A')] },
    's3-ssl': { evaluatedResources: 3, openFindings: [finding('s3-ssl:b1', 'medium', 'A'), finding('s3-ssl:b2', 'low', 'B')] },
    'ebs-encrypted': { evaluatedResources: 4, openFindings: [] },
    'sg-ssh': { evaluatedResources: 0, openFindings: [] },
    imds: { evaluatedResources: 9, openFindings: [finding('imds:i1')] },
  };

  it('says per control whether it passes, fails or was not evaluated, and scores the evaluated ones', () => {
    const posture = computePosture(framework, rules, evidence);
    expect(posture).toMatchObject({
      framework: { id: 'cis-aws-3.0', name: 'CIS AWS', version: '3.0.0' },
      score_percent: 50,
      controls_total: 5,
      passing: 1,
      failing: 1,
      not_evaluated: 3,
    });
    expect(posture).not.toHaveProperty('account');
    expect(posture.controls).toEqual([
      { id: '1.8', section: 's1', title: 't1.8', status: 'not_evaluated', rules: [], open_findings: 0, resources_evaluated: 0 },
      {
        id: '2.1.4',
        section: 's2',
        title: 't2.1.4',
        status: 'failing',
        rules: ['s3-public', 's3-ssl'],
        open_findings: 3,
        findings: ['s3-public:b1', 's3-ssl:b1', 's3-ssl:b2'],
        // Both rules look at the same buckets: counted once.
        resources_evaluated: 3,
      },
      { id: '2.2.1', section: 's2', title: 't2.2.1', status: 'passing', rules: ['ebs-encrypted'], open_findings: 0, resources_evaluated: 4 },
      // An enabled rule that found nothing of its types to look at.
      { id: '5.2', section: 's5', title: 't5.2', status: 'not_evaluated', rules: ['sg-ssh'], open_findings: 0, resources_evaluated: 0 },
      // Its only rule is disabled: its findings do not count.
      { id: '5.6', section: 's5', title: 't5.6', status: 'not_evaluated', rules: [], open_findings: 0, resources_evaluated: 0 },
    ]);
  });

  it('lists the first N findings, most severe first, and counts them all', () => {
    const many = Array.from({ length: 12 }, (_, i) => finding(`s3-public:b${String(i).padStart(2, '0')}`, i === 11 ? 'critical' : 'low'));
    const posture = computePosture(framework, [rule('s3-public', ['2.1.4'])], { 's3-public': { evaluatedResources: 12, openFindings: many } }, { findingIdsPerControl: 3 });
    expect(posture.controls[1]).toMatchObject({ open_findings: 12, findings: ['s3-public:b11', 's3-public:b00', 's3-public:b01'] });
    expect(computePosture(framework, [rule('s3-public', ['2.1.4'])], { 's3-public': { evaluatedResources: 12, openFindings: many } }).controls[1]!.findings).toHaveLength(10);
  });

  it('per account, counts only that account’s findings', () => {
    const a = computePosture(framework, rules, evidence, { account: 'A' });
    expect(a).toMatchObject({ account: 'A', passing: 1, failing: 1 });
    expect(a.controls[1]).toMatchObject({ open_findings: 2, findings: ['s3-public:b1', 's3-ssl:b1'] });
    const b = computePosture(framework, rules, evidence, { account: 'B' });
    expect(b.controls[1]).toMatchObject({ status: 'failing', open_findings: 1, findings: ['s3-ssl:b2'] });
    const c = computePosture(framework, rules, evidence, { account: 'C' });
    expect(c).toMatchObject({ passing: 2, failing: 0, score_percent: 100 });
  });

  it('scores null when nothing was evaluated, rounds to one decimal, and ignores mappings to unknown controls', () => {
    expect(computePosture(framework, [], {})).toMatchObject({ score_percent: null, not_evaluated: 5 });
    const three = [rule('a', ['1.8']), rule('b', ['2.1.4']), rule('c', ['2.2.1', '9.9'])];
    const seen = { a: { evaluatedResources: 1, openFindings: [] }, b: { evaluatedResources: 1, openFindings: [] }, c: { evaluatedResources: 1, openFindings: [finding('c:x')] } };
    expect(computePosture(framework, three, seen)).toMatchObject({ score_percent: 66.7, passing: 2, failing: 1 });
  });

  it('a rule with findings fails its control even with no evaluated count, and a rule without evidence counts nothing', () => {
    const posture = computePosture(framework, [rule('a', ['1.8']), rule('b', ['2.2.1'])], { a: { evaluatedResources: 0, openFindings: [finding('a:x')] } });
    expect(posture.controls.slice(0, 3).map((control) => control.status)).toEqual(['failing', 'not_evaluated', 'not_evaluated']);
  });
});

describe('computePosture properties', () => {
  const controlIds = framework.controls.map((control) => control.id);
  const severities: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
  const arbitraryRules = fc.uniqueArray(
    fc.record({
      id: fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
      enabled: fc.boolean(),
      resourceTypes: fc.subarray(['s3.bucket', 'ec2.volume', 'ec2.instance'], { minLength: 1 }),
      frameworks: fc.record({ 'cis-aws-3.0': fc.subarray([...controlIds, 'X.9']) }),
    }),
    { selector: (r) => r.id, maxLength: 6 },
  );
  const arbitraryEvidence = fc.dictionary(
    fc.constantFrom('r1', 'r2', 'r3', 'r4', 'r5', 'r6'),
    fc.record({
      evaluatedResources: fc.nat(5),
      openFindings: fc.uniqueArray(
        fc.record({ id: fc.string({ minLength: 1, maxLength: 4 }), severity: fc.constantFrom(...severities), nodeId: fc.constant('n'), account: fc.constantFrom('A', 'B') }),
        { selector: (f) => f.id, maxLength: 4 },
      ),
    }),
  );

  it('accounts for every control once, and scores within 0–100 exactly when something was evaluated', () => {
    fc.assert(
      fc.property(arbitraryRules, arbitraryEvidence, fc.option(fc.constantFrom('A', 'B'), { nil: undefined }), (rules, evidence, account) => {
        const posture = computePosture(framework, rules, evidence, account === undefined ? {} : { account });
        expect(posture.passing + posture.failing + posture.not_evaluated).toBe(posture.controls_total);
        expect(posture.controls.map((control) => control.id)).toEqual(controlIds);
        if (posture.passing + posture.failing === 0) expect(posture.score_percent).toBeNull();
        else expect(posture.score_percent).toBeGreaterThanOrEqual(0);
        expect(posture.score_percent ?? 0).toBeLessThanOrEqual(100);
        for (const control of posture.controls) expect(control.status === 'failing').toBe(control.open_findings > 0);
      }),
    );
  });

  it('muting a finding (leaving it out) never lowers the score, and disabling every rule evaluates nothing', () => {
    fc.assert(
      fc.property(arbitraryRules, arbitraryEvidence, (rules, evidence) => {
        const before = computePosture(framework, rules, evidence);
        const muted = Object.fromEntries(Object.entries(evidence).map(([id, seen]) => [id, { ...seen, openFindings: seen.openFindings.slice(1) }]));
        const after = computePosture(framework, rules, muted);
        expect(after.failing).toBeLessThanOrEqual(before.failing);
        expect(after.passing).toBeGreaterThanOrEqual(before.passing);
        if (before.score_percent !== null && after.score_percent !== null) expect(after.score_percent).toBeGreaterThanOrEqual(before.score_percent);
        const disabled = computePosture(framework, rules.map((r) => ({ ...r, enabled: false })), evidence);
        expect(disabled).toMatchObject({ passing: 0, failing: 0, not_evaluated: controlIds.length, score_percent: null });
      }),
    );
  });
});
