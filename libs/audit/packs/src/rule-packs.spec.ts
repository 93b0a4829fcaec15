import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRuleExamples, DEFAULT_THRESHOLDS, EXAMPLE_NOW, exampleGraph, mappingProblems } from '@strata/audit-domain';
import { builtInPrices } from './built-in-prices';
import { loadFrameworks } from './load-pack-data';
import { BUILT_IN_RULES_DIR, loadRulePacks, readRulePacks, RulePackError } from './rule-packs';

const prices = builtInPrices();

describe('the built-in rule packs', () => {
  const rules = loadRulePacks();

  it('compile, with ids unique across packs', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
  });

  it('walk the graph only in ways the incremental audit can follow', () => {
    expect(rules.filter((rule) => rule.dependencies.unbounded).map((rule) => rule.id)).toEqual([]);
  });

  it('map only to controls the framework files define', () => {
    expect(mappingProblems(loadFrameworks(), rules.map((rule) => ({ id: rule.id, frameworks: rule.document.frameworks })))).toEqual([]);
  });

  it('ship a demo pack that shows graph rules, priced waste and utilisation', () => {
    const demo = rules.filter((rule) => rule.pack === 'demo');
    expect(demo.filter((rule) => rule.kind === 'cost').length).toBeGreaterThanOrEqual(3);
    expect(demo.some((rule) => /outgoing|incoming/.test(rule.document.condition))).toBe(true);
    expect(demo.some((rule) => rule.document.condition.includes('policy.'))).toBe(true);
  });

  describe('the aws pack', () => {
    const aws = rules.filter((rule) => rule.pack === 'aws');
    const compliance = aws.filter((rule) => rule.kind === 'compliance');

    it('holds at least 40 compliance and 12 cost rules, each in its own file named by an aws- id', () => {
      expect(compliance.length).toBeGreaterThanOrEqual(40);
      expect(aws.filter((rule) => rule.kind === 'cost').length).toBeGreaterThanOrEqual(12);
      expect(readRulePacks().filter(({ pack }) => pack === 'aws').filter(({ file, document }) => file !== `aws/${document.id}.yaml` || !document.id.startsWith('aws-'))).toEqual([]);
    });

    it('maps every compliance rule to a CIS AWS Foundations 3.0 requirement, or says why there is none', () => {
      const unexplained = compliance.filter(
        (rule) => !rule.frameworks.some((mapping) => mapping.framework === 'cis-aws-3.0') && !/No CIS AWS Foundations 3\.0 requirement/.test(rule.document.description),
      );
      expect(unexplained.map((rule) => rule.id)).toEqual([]);
    });

    it('prices waste from the price table, never from a cost the plugin estimated', () => {
      const fromPlugin = aws.filter((rule) => /monthly_cost|cost_usd/.test(`${rule.document.condition} ${rule.document.savings ?? ''}`));
      expect(fromPlugin.map((rule) => rule.id)).toEqual([]);
      expect(aws.filter((rule) => rule.kind === 'cost' && !rule.document.savings!.includes('price(')).map((rule) => rule.id)).toEqual([]);
    });
  });

  describe('the kubernetes pack', () => {
    const kubernetes = rules.filter((rule) => rule.pack === 'kubernetes');
    const compliance = kubernetes.filter((rule) => rule.kind === 'compliance');
    const cost = kubernetes.filter((rule) => rule.kind === 'cost');
    const contract = readFileSync(join(BUILT_IN_RULES_DIR, 'kubernetes', 'RESOURCES.md'), 'utf8');
    const expressions = (rule: (typeof rules)[number]) => [rule.document.condition, rule.document.savings ?? '', rule.document.reason ?? ''].join('\n');
    const WORKLOADS = ['kubernetes.deployment', 'kubernetes.statefulset', 'kubernetes.daemonset', 'kubernetes.replicaset', 'kubernetes.job', 'kubernetes.cronjob'];

    it('holds at least 28 compliance and 7 cost rules over kubernetes.* types, each in its own file named by a k8s- id', () => {
      expect(compliance.length).toBeGreaterThanOrEqual(28);
      expect(cost.length).toBeGreaterThanOrEqual(7);
      expect(kubernetes.filter((rule) => !rule.document.resource_types.every((type) => type.startsWith('kubernetes.'))).map((rule) => rule.id)).toEqual([]);
      expect(readRulePacks().filter(({ pack }) => pack === 'kubernetes').filter(({ file, document }) => file !== `kubernetes/${document.id}.yaml` || !document.id.startsWith('k8s-'))).toEqual([]);
    });

    it('maps every compliance rule to a CIS Kubernetes 1.9 recommendation, or says why there is none', () => {
      const unexplained = compliance.filter(
        (rule) => !rule.frameworks.some((mapping) => mapping.framework === 'cis-kubernetes-1.9') && !/No CIS Kubernetes recommendation/.test(rule.document.description),
      );
      expect(unexplained.map((rule) => rule.id)).toEqual([]);
      expect(compliance.filter((rule) => rule.frameworks.some((mapping) => mapping.framework === 'cis-kubernetes-1.9')).length).toBeGreaterThanOrEqual(15);
    });

    it('prices waste from the price table, and says so where a hygiene rule saves nothing', () => {
      const unpriced = cost.filter((rule) => !rule.document.savings!.includes('price(') && !(rule.document.savings === '0.0' && /savings 0/.test(rule.document.description)));
      expect(unpriced.map((rule) => rule.id)).toEqual([]);
    });

    it('judges a pod only when no workload owns it, except where only pods carry the fact', () => {
      const podAndWorkload = kubernetes.filter((rule) => rule.appliesTo('kubernetes.pod') && WORKLOADS.some((type) => rule.appliesTo(type)) && !rule.document.resource_types.includes('kubernetes.*'));
      expect(podAndWorkload.filter((rule) => !rule.document.condition.startsWith('node.outgoingCount("owned_by") == 0 &&')).map((rule) => rule.id)).toEqual([]);
      const podOnly = kubernetes.filter((rule) => rule.appliesTo('kubernetes.pod') && !WORKLOADS.some((type) => rule.appliesTo(type)));
      expect(podOnly.map((rule) => rule.id)).toEqual(['k8s-pod-requests-above-usage']);
    });

    it('reads only attributes and edges the resources contract (RESOURCES.md) names', () => {
      const named = (name: string) => contract.includes(`\`${name}\``) || contract.includes(`\`${name} `) || contract.includes(` ${name}\``) || contract.includes(`\`{${name},`);
      const unnamed = kubernetes.flatMap((rule) => {
        const text = expressions(rule);
        const attributes = [...text.matchAll(/attributes\.\??([a-z_]+)/g)].map((match) => match[1]!);
        const edges = [...text.matchAll(/(?:outgoing|incoming)(?:Count)?\("([a-z_]+)"\)/g)].map((match) => match[1]!);
        return [...new Set([...attributes, ...edges])].filter((name) => !named(name)).map((name) => `${rule.id}: ${name}`);
      });
      expect(unnamed).toEqual([]);
    });
  });

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    it('has a node that violates it and one that does not, each judged as its example says', () => {
      const expectations = rule.document.examples.map((example) => example.expect);
      expect(expectations).toContain('violated');
      expect(expectations).toContain('compliant');
      expect(checkRuleExamples(rule, rule.document.examples, prices)).toEqual([]);
    });

    it('words its reason for each violating example (a reason that fails to evaluate falls back to the title)', () => {
      if (!rule.document.reason) return;
      const reasons = rule.document.examples
        .filter((example) => example.expect === 'violated')
        .map((example) => {
          const { subject, graph } = exampleGraph(rule, example);
          const outcome = rule.evaluate(subject, { graph, now: EXAMPLE_NOW, prices, thresholds: () => ({ ...DEFAULT_THRESHOLDS, ...example.policy }) });
          return outcome.kind === 'violated' ? outcome.reason : outcome.kind;
        });
      expect(reasons.filter((reason) => reason === rule.title)).toEqual([]);
    });

    it(rule.kind === 'cost' ? 'prices its violating examples' : 'is mapped to at least one framework control', () => {
      if (rule.kind === 'cost') expect(rule.document.examples.filter((example) => example.expect === 'violated').every((example) => example.savings !== undefined)).toBe(true);
      else expect(rule.frameworks.length).toBeGreaterThan(0);
    });
  });
});

describe('a rule pack folder', () => {
  const packDir = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'packs-'));
    mkdirSync(join(dir, 'mine'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'mine', name), text);
    return dir;
  };
  const valid = { id: 'my-rule', title: 'Mine', severity: 'low', kind: 'compliance', resource_types: ['aws.s3.bucket'], condition: 'true', remediation: 'None.' };

  it('reads YAML and JSON rules, one per file, and ignores other files', () => {
    const dir = packDir({ 'a.yaml': 'id: a-rule\ntitle: A\nseverity: low\nkind: compliance\nresource_types: [x.y.z]\ncondition: "true"\nremediation: R.\n', 'b.json': JSON.stringify({ ...valid, id: 'b-rule' }), 'README.md': '# notes' });
    expect(readRulePacks(dir).map(({ pack, file, document }) => [pack, file, document.id])).toEqual([
      ['mine', 'mine/a.yaml', 'a-rule'],
      ['mine', 'mine/b.json', 'b-rule'],
    ]);
  });

  it('names the file and the field of a rule that is not valid', () => {
    const fails = (files: Record<string, string>) => () => loadRulePacks(packDir(files));
    expect(fails({ 'bad.json': JSON.stringify({ ...valid, severity: 'urgent' }) })).toThrow(new RulePackError('mine/bad.json', 'severity: Invalid option: expected one of "critical"|"high"|"medium"|"low"|"info"'));
    expect(fails({ 'bad.json': JSON.stringify({ ...valid, condition: 'node.x ==' }) })).toThrow('mine/bad.json: condition: Unexpected token: EOF');
    expect(fails({ 'bad.yaml': 'id: [unclosed' })).toThrow(/^mine\/bad\.yaml: not valid YAML/);
    expect(fails({ 'a.json': JSON.stringify(valid), 'b.json': JSON.stringify(valid) })).toThrow('mine/b.json: rule id "my-rule" is also the id of mine/a.json');
  });
});
