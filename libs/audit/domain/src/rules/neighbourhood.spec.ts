import { compileRule } from './compile-rule';
import { LoadedGraph } from './neighbourhood';
import { ruleDocumentSchema } from './rule-document';

describe('a rule over a LoadedGraph', () => {
  const request = { nodeId: 'vol-1', direction: 'out', edgeType: 'attached_to' } as const;

  it('still tells a rule that walks unloaded edges to wait for them, and the rule judges once they are loaded', () => {
    const rule = compileRule(
      ruleDocumentSchema.parse({
        id: 'unattached',
        title: 'Unattached',
        severity: 'low',
        kind: 'compliance',
        resource_types: ['demo.ec2.volume'],
        condition: 'node.outgoingCount("attached_to") == 0',
        remediation: 'Delete it.',
      }),
      { source: 'builtin', pack: 'test' },
    );
    const graph = new LoadedGraph();
    const volume = { id: 'vol-1', type: 'demo.ec2.volume', provider: 'demo', name: 'vol-1', account: null, region: null, tags: {}, attributes: {} };
    const environment = { graph, now: new Date('2026-12-01T00:00:00Z'), prices: { price: () => undefined }, thresholds: () => ({ cpu_percent: 5, network_mb: 5, lookback_days: 14 }) };
    expect(rule.evaluate(volume, environment)).toEqual({ kind: 'pending', requests: [request] });
    graph.set(request, { nodes: [], total: 0 });
    expect(rule.evaluate(volume, environment)).toMatchObject({ kind: 'violated' });
  });
});
