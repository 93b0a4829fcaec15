import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRuleExamples, mappingProblems } from '@strata/audit-domain';
import { builtInPrices } from './built-in-prices';
import { loadFrameworks } from './load-pack-data';
import { loadRulePacks, readRulePacks, RulePackError } from './rule-packs';

const prices = builtInPrices();

describe('the built-in rule packs', () => {
  const rules = loadRulePacks();

  it('compile, with ids unique across packs', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
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

  describe.each(rules.map((rule) => [rule.id, rule] as const))('%s', (_id, rule) => {
    it('has a node that violates it and one that does not, each judged as its example says', () => {
      const expectations = rule.document.examples.map((example) => example.expect);
      expect(expectations).toContain('violated');
      expect(expectations).toContain('compliant');
      expect(checkRuleExamples(rule, rule.document.examples, prices)).toEqual([]);
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
