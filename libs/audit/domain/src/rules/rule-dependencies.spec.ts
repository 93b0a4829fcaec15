import { compileRule } from './compile-rule';
import { ruleDocumentSchema } from './rule-document';

const dependencies = (condition: string, extra: Record<string, string> = {}) =>
  compileRule(
    ruleDocumentSchema.parse({ id: 'dep-rule', title: 'T', severity: 'low', kind: extra['savings'] ? 'cost' : 'compliance', resource_types: ['aws.ec2.instance'], condition, remediation: 'R', ...extra }),
    { source: 'custom', pack: 'custom' },
  ).dependencies;
const walks = (condition: string, extra?: Record<string, string>) => dependencies(condition, extra).paths.map((path) => path.map((step) => `${step.direction}:${step.edgeType}`).join('/'));

describe('ruleDependencies', () => {
  it('is the node alone for a rule on its own attributes', () => {
    expect(dependencies('node.attributes.state == "stopped"')).toEqual({ paths: [[]], timeDependent: false, unbounded: false });
  });

  it('follows walks through comprehensions, binds, filters and indexes, to their ends', () => {
    expect(walks('node.outgoing("in_subnet").exists(s, s.incoming("associated_with").exists(rt, rt.outgoing("routes_to").exists(g, g.type == "x")))')).toEqual([
      '',
      'out:in_subnet',
      'out:in_subnet/in:associated_with',
      'out:in_subnet/in:associated_with/out:routes_to',
    ]);
    expect(walks('cel.bind(groups, node.outgoing("uses").filter(g, g.attributes.open), groups.exists(g, g.incomingCount("uses") > 1))')).toEqual(['', 'out:uses']);
    expect(walks('node.incoming("attached_to")[0].attributes.size_gb > 1.0')).toEqual(['', 'in:attached_to']);
    expect(walks('node.attributes.state == "stopped"', { savings: 'total(node.incoming("attached_to").map(v, v.attributes.size_gb))' })).toEqual(['', 'in:attached_to']);
  });

  it('knows a rule that reads the time, and one whose walk it cannot follow', () => {
    expect(dependencies('ageDays(node.attributes.created) > 90.0').timeDependent).toBe(true);
    expect(dependencies('now > timestamp("2026-01-01T00:00:00Z")').timeDependent).toBe(true);
    expect(dependencies('node.outgoing(node.attributes.edge).size() > 0').unbounded).toBe(true);
    expect(dependencies('(node.attributes.x ? node.outgoing("a") : node.outgoing("b")).exists(n, n.outgoingCount("c") > 0)').unbounded).toBe(true);
  });

  it('does not take a variable named node inside a comprehension for the judged node', () => {
    expect(walks('node.outgoing("uses").exists(node, node.outgoing("in_vpc").size() > 0)')).toEqual(['', 'out:uses', 'out:uses/out:in_vpc']);
  });
});
