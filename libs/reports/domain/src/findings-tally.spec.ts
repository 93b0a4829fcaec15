import { SeededRandom } from '@strata/testing';
import { FindingsTally, MAX_LISTED_FINDINGS, savingsCategoryOf, type TalliedFinding } from './findings-tally';
import { InventoryTally, MAX_INVENTORY_KEYS } from './inventory-tally';
import { REPORT_SEVERITIES } from './report-content';

const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
const TYPES = ['aws.ec2.instance', 'aws.ec2.volume', 'aws.rds.instance', 'aws.s3.bucket', 'kubernetes.pod', 'kubernetes.persistentvolume'];

function randomFinding(random: SeededRandom, index: number): TalliedFinding {
  const rule = random.int(12);
  const kind = rule % 3 === 0 ? 'cost' : 'compliance';
  return {
    rule_id: `rule-${rule}`,
    title: `Rule ${rule}`,
    severity: SEVERITIES[rule % SEVERITIES.length]!,
    kind,
    node_id: `node-${index}`,
    node_name: `n${index}`,
    node_type: TYPES[random.int(TYPES.length)]!,
    account: random.int(2) ? '111122223333' : null,
    region: random.int(2) ? 'eu-west-1' : null,
    monthly_savings_usd: kind === 'cost' && random.int(4) > 0 ? Math.round(random.next() * 50_000) / 100 : null,
  };
}

describe('FindingsTally', () => {
  it('agrees with counting everything at once, for random findings in any order (property)', () => {
    for (let round = 0; round < 25; round++) {
      const random = new SeededRandom(`tally-${round}`);
      const findings = Array.from({ length: random.int(MAX_LISTED_FINDINGS * 5) }, (_, index) => randomFinding(random, index));
      const tally = new FindingsTally();
      findings.forEach((finding) => tally.add(finding));
      const double = (usd: number) => Math.round(usd * 200) / 100; // a converter: ×2, rounded to cents
      const section = tally.findings(double);
      const waste = tally.waste(double);

      // The oracle: plain counts over the whole list.
      expect(section.total_open).toBe(findings.length);
      for (const severity of REPORT_SEVERITIES) expect(section.by_severity[severity]).toBe(findings.filter((f) => f.severity === severity).length);
      for (const rule of section.by_rule) {
        const ofRule = findings.filter((f) => f.rule_id === rule.rule_id);
        expect(rule.count).toBe(ofRule.length);
        expect(rule.monthly_savings).toBeCloseTo(double(ofRule.reduce((sum, f) => sum + (f.monthly_savings_usd ?? 0), 0)), 2);
      }
      expect(section.by_rule.reduce((sum, rule) => sum + rule.count, 0)).toBe(findings.length);
      const cost = findings.filter((f) => f.kind === 'cost');
      expect(waste.findings).toBe(cost.length);
      for (const category of waste.by_category) {
        expect(category.findings).toBe(cost.filter((f) => savingsCategoryOf(f.node_type) === category.category).length);
      }
      expect(waste.total_monthly_savings).toBeCloseTo(double(cost.reduce((sum, f) => sum + (f.monthly_savings_usd ?? 0), 0)), 2);

      // The listed ones: the most severe (then costliest) of all, at most MAX_LISTED_FINDINGS.
      const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
      const expected = [...findings]
        .sort((a, b) => rank(a.severity) - rank(b.severity) || (b.monthly_savings_usd ?? 0) - (a.monthly_savings_usd ?? 0) || a.rule_id.localeCompare(b.rule_id) || a.node_id.localeCompare(b.node_id))
        .slice(0, MAX_LISTED_FINDINGS)
        .map((f) => f.node_id);
      expect(section.top.map((f) => f.node_id)).toEqual(expected);
    }
  });

  it('names categories by provider service; Kubernetes is one category', () => {
    expect(savingsCategoryOf('aws.ec2.instance')).toBe('aws.ec2');
    expect(savingsCategoryOf('kubernetes.persistentvolume')).toBe('kubernetes');
    expect(savingsCategoryOf('demo')).toBe('demo');
  });
});

describe('InventoryTally', () => {
  it('counts by type, account and region, globals and account-less nodes under their own key, the long tail summed', () => {
    const tally = new InventoryTally();
    tally.add({ type: 'aws.iam.role', account: '1', region: null });
    tally.add({ type: 'aws.ec2.instance', account: '1', region: 'eu-west-1' });
    tally.add({ type: 'aws.ec2.instance', region: 'eu-west-1' });
    expect(tally.section()).toEqual({
      total_nodes: 3,
      by_type: [{ key: 'aws.ec2.instance', count: 2 }, { key: 'aws.iam.role', count: 1 }],
      by_account: [{ key: '1', count: 2 }, { key: '(none)', count: 1 }],
      by_region: [{ key: 'eu-west-1', count: 2 }, { key: '(global)', count: 1 }],
    });
    const many = new InventoryTally();
    for (let i = 0; i < MAX_INVENTORY_KEYS + 10; i++) many.add({ type: `t${String(i).padStart(3, '0')}` });
    const { by_type } = many.section();
    expect(by_type).toHaveLength(MAX_INVENTORY_KEYS);
    expect(by_type.at(-1)).toEqual({ key: '(other)', count: 11 });
    expect(by_type.reduce((sum, entry) => sum + entry.count, 0)).toBe(MAX_INVENTORY_KEYS + 10);
  });
});
