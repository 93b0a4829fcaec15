import type { ResourceNode } from '@strata/contracts';
import { diffFindings, evaluateNode } from './evaluate';
import { STARTER_RULES } from './starter-rules';

const node = (type: string, attributes: Record<string, unknown>): ResourceNode => ({
  id: `id-${type}`,
  type,
  provider: type.split('.')[0]!,
  name: 'n',
  tags: {},
  attributes,
});

describe('starter rules', () => {
  it('finds a public bucket for aws and demo alike', () => {
    for (const type of ['aws.s3.bucket', 'demo.s3.bucket']) {
      expect(evaluateNode(STARTER_RULES, node(type, { public_access_blocked: false })).map((f) => f.ruleId)).toEqual(['s3-bucket-public-access']);
    }
    expect(evaluateNode(STARTER_RULES, node('aws.s3.bucket', { public_access_blocked: true }))).toEqual([]);
  });

  it('prices an unattached volume and flags it unencrypted too', () => {
    const findings = evaluateNode(STARTER_RULES, node('demo.ec2.volume', { state: 'available', encrypted: false, monthly_cost_usd: 12.8 }));
    expect(findings.map((f) => [f.ruleId, f.monthlySavingsUsd])).toEqual([
      ['ebs-volume-unencrypted', undefined],
      ['ebs-volume-unattached', 12.8],
    ]);
    expect(findings[0]!.id).toBe('ebs-volume-unencrypted:id-demo.ec2.volume');
  });

  it('does not judge what it has no attribute for', () => {
    expect(evaluateNode(STARTER_RULES, node('aws.ec2.volume', {}))).toEqual([]);
    expect(evaluateNode(STARTER_RULES, node('aws.ec2.volumes', { encrypted: false }))).toEqual([]);
  });
});

describe('diffFindings', () => {
  it('opens new violations and resolves the ones gone', () => {
    expect(diffFindings(['a', 'b'], ['b', 'c'])).toEqual({ created: ['c'], resolved: ['a'] });
    expect(diffFindings([], [])).toEqual({ created: [], resolved: [] });
  });
});
