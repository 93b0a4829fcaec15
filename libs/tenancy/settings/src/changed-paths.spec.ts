import { changedPaths } from './changed-paths';

describe('changedPaths', () => {
  it('names the leaves that differ, sorted', () => {
    expect(changedPaths({ a: 1, b: 2 }, { a: 1, b: 3 })).toEqual(['b']);
    expect(changedPaths({ currency: 'USD', api_timeout_seconds: 30 }, { currency: 'EUR', api_timeout_seconds: 15 })).toEqual(['api_timeout_seconds', 'currency']);
    expect(changedPaths({ a: 1 }, { a: 1 })).toEqual([]);
  });

  it('goes into objects, counting a leaf only one side has', () => {
    const before = { global: { cpu_percent: 5, network_mb: 5 }, providers: { aws: { cpu_percent: 3, lookback_days: 7 } } };
    const after = { global: { cpu_percent: 3, network_mb: 5 }, providers: { gcp: { network_mb: 1 }, aws: { cpu_percent: 3 } } };
    expect(changedPaths(before, after)).toEqual(['global.cpu_percent', 'providers.aws.lookback_days', 'providers.gcp.network_mb']);
    expect(changedPaths({ providers: { aws: { cpu_percent: 3 } } }, { providers: {} })).toEqual(['providers.aws.cpu_percent']);
  });

  it('compares arrays and a leaf turned object as wholes', () => {
    expect(changedPaths({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(changedPaths({ a: [1, 2] }, { a: [2, 1] })).toEqual(['a']);
    expect(changedPaths({ a: 1 }, { a: { b: 1 } })).toEqual(['a', 'a.b']);
    expect(changedPaths({ a: null }, { a: 0 })).toEqual(['a']);
  });
});
