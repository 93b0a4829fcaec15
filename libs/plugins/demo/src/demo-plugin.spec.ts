import type { DiscoveredItem } from '@strata/plugins-api';
import { PluginAbortedError, PluginError } from '@strata/plugins-api';
import { demoConfigSchema } from './demo-config';
import { demoPlugin } from './demo-plugin';

async function run(config: Record<string, unknown>, signal = new AbortController().signal, onItem?: (item: DiscoveredItem, count: number) => void) {
  const logs: string[] = [];
  const items: DiscoveredItem[] = [];
  const progress: [number, number][] = [];
  const parsed = demoConfigSchema.parse(config);
  const context = { tenantId: 't', jobId: 'j', config: parsed, credential: {}, signal, log: (_l: string, msg: string) => logs.push(msg), reportProgress: (done: number, total: number) => progress.push([done, total]) };
  for await (const item of demoPlugin.discover(context)) {
    items.push(item);
    onItem?.(item, items.filter((each) => each.kind === 'node').length);
  }
  return { items, logs, progress };
}

describe('demo plugin', () => {
  it('streams the estate with log lines in the API style', async () => {
    const { items, logs } = await run({ size: 300, seed: 'a' });
    const nodes = items.filter((i) => i.kind === 'node');
    expect(nodes.length).toBeGreaterThan(280);
    expect(logs[0]).toBe('Starting demo plugin for a 300-resource estate (seed "a")');
    expect(logs).toContain('Discovered 3 VPCs');
  });

  it('reports how many of its resource slots it has scanned, up to all of them', async () => {
    const { progress } = await run({ size: 300, seed: 'a' });
    expect(progress.every(([, total]) => total === 300)).toBe(true);
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  });

  it('makes each estate size a scope of its own; another seed is the same estate changed', () => {
    const scope = (config: Record<string, unknown>) => demoPlugin.scopeOf(demoConfigSchema.parse(config), {});
    expect(scope({ size: 200_000, seed: 'x1' })).toBe('demo:200000');
    expect(scope({ size: 100 })).toBe('demo:100');
    expect(scope({ size: 100, seed: 'other' })).toBe(scope({ size: 100 }));
  });

  it('maps node types to the progress counters of the scans API', () => {
    expect(demoPlugin.progressKey('demo.ec2.vpc')).toBe('vpcs');
    expect(demoPlugin.progressKey('demo.ec2.instance')).toBe('ec2Instances');
    expect(demoPlugin.progressKey('other')).toBeUndefined();
  });

  it('fails with the requested documented error code after the requested count', async () => {
    const failure = run({ size: 300, fail_with: 'rate_limited', fail_after: 10 });
    await expect(failure).rejects.toBeInstanceOf(PluginError);
    await expect(failure).rejects.toMatchObject({ code: 'rate_limited' });
  });

  it('stops promptly when aborted, even while pausing', async () => {
    const controller = new AbortController();
    // A minute's pause, far beyond the test's timeout: a run that waited it out would time out.
    // The 500th resource is followed by the pause: abort once the plugin has gone into it.
    const running = run({ size: 5000, delay_ms: 60_000, edges_per_node: 0 }, controller.signal, (item, nodes) => {
      if (item.kind === 'node' && nodes === 500) setImmediate(() => controller.abort());
    });
    await expect(running).rejects.toBeInstanceOf(PluginAbortedError);
  });

  it('rejects unknown or out-of-range configuration', () => {
    expect(demoConfigSchema.safeParse({ size: 0 }).success).toBe(false);
    expect(demoConfigSchema.safeParse({ sizee: 10 }).success).toBe(false);
    expect(demoConfigSchema.parse({})).toMatchObject({ size: 300, seed: 'demo' });
  });
});
