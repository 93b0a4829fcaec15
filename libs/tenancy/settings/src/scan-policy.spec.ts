import { REQUEST_PARSE_OPTIONS } from '@strata/contracts';
import {
  applyScanPolicyPatch,
  DEFAULT_SCAN_POLICY,
  effectivePolicyFor,
  resolveScanPolicy,
  unknownProviderProblems,
  updateScanPolicyRequestSchema,
  type StoredScanPolicy,
  type UpdateScanPolicyRequest,
} from './scan-policy';

function problems(body: unknown): { path: string; message: string }[] {
  const parsed = updateScanPolicyRequestSchema.safeParse(body, REQUEST_PARSE_OPTIONS);
  return parsed.success ? [] : parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const patch = (body: unknown): UpdateScanPolicyRequest => updateScanPolicyRequestSchema.parse(body);

describe('scan policy', () => {
  it('defaults to 5 % CPU, 5 MB, 14 days and no provider overrides', () => {
    expect(DEFAULT_SCAN_POLICY).toEqual({ global: { cpu_percent: 5, network_mb: 5, lookback_days: 14 }, providers: {} });
    expect(resolveScanPolicy(undefined)).toEqual(DEFAULT_SCAN_POLICY);
    expect(resolveScanPolicy({})).toEqual(DEFAULT_SCAN_POLICY);
  });

  it("takes the seed's PATCH and merges it over the defaults", () => {
    const stored = applyScanPolicyPatch({}, patch({ global: { cpu_percent: 3.0, network_mb: 8.0, lookback_days: 14 } }));
    expect(resolveScanPolicy(stored)).toEqual({ global: { cpu_percent: 3, network_mb: 8, lookback_days: 14 }, providers: {} });
  });

  it('merges deeply: a field given replaces its own, the others stay', () => {
    let stored: StoredScanPolicy = {};
    stored = applyScanPolicyPatch(stored, patch({ global: { cpu_percent: 2.5 } }));
    stored = applyScanPolicyPatch(stored, patch({ global: { lookback_days: 30 }, providers: { aws: { network_mb: 50 } } }));
    stored = applyScanPolicyPatch(stored, patch({ providers: { aws: { cpu_percent: 10 }, kubernetes: { lookback_days: 7 } } }));
    expect(resolveScanPolicy(stored)).toEqual({
      global: { cpu_percent: 2.5, network_mb: 5, lookback_days: 30 },
      providers: { aws: { network_mb: 50, cpu_percent: 10 }, kubernetes: { lookback_days: 7 } },
    });
  });

  it('removes an override with null, and one field of it with a null field', () => {
    const stored: StoredScanPolicy = { providers: { aws: { cpu_percent: 10, network_mb: 50 }, gcp: { lookback_days: 7 } } };
    expect(applyScanPolicyPatch(stored, patch({ providers: { aws: null } })).providers).toEqual({ gcp: { lookback_days: 7 } });
    expect(applyScanPolicyPatch(stored, patch({ providers: { aws: { cpu_percent: null } } })).providers).toEqual({ aws: { network_mb: 50 }, gcp: { lookback_days: 7 } });
    // An override with nothing left is removed; removing one that is not there changes nothing.
    expect(applyScanPolicyPatch(stored, patch({ providers: { gcp: { lookback_days: null } } })).providers).toEqual({ aws: { cpu_percent: 10, network_mb: 50 } });
    expect(applyScanPolicyPatch(stored, patch({ providers: { azure: null } })).providers).toEqual(stored.providers);
    expect(stored.providers!['aws']).toEqual({ cpu_percent: 10, network_mb: 50 }); // not changed in place
  });

  it('gives the thresholds in effect for a provider: global with its override on top', () => {
    const policy = resolveScanPolicy({ global: { cpu_percent: 3 }, providers: { aws: { lookback_days: 30 } } });
    expect(effectivePolicyFor(policy, 'aws')).toEqual({ cpu_percent: 3, network_mb: 5, lookback_days: 30 });
    expect(effectivePolicyFor(policy, 'gcp')).toEqual({ cpu_percent: 3, network_mb: 5, lookback_days: 14 });
    expect(effectivePolicyFor(policy, 'constructor')).toEqual(policy.global);
    expect(effectivePolicyFor(DEFAULT_SCAN_POLICY, 'aws')).toEqual({ cpu_percent: 5, network_mb: 5, lookback_days: 14 });
  });

  it('refuses values out of range, unknown fields and empty changes, each at its path', () => {
    expect(problems({ global: { cpu_percent: 101 } })).toEqual([{ path: 'global.cpu_percent', message: 'cpu_percent must be a number from 0 to 100' }]);
    expect(problems({ global: { cpu_percent: -0.1 } })).toEqual([{ path: 'global.cpu_percent', message: 'cpu_percent must be a number from 0 to 100' }]);
    expect(problems({ global: { network_mb: -1 } })).toEqual([{ path: 'global.network_mb', message: 'network_mb must be a number of MB, 0 or more' }]);
    for (const lookback_days of [0, 64, 14.5, '14']) {
      expect(problems({ providers: { aws: { lookback_days } } })).toEqual([{ path: 'providers.aws.lookback_days', message: 'lookback_days must be a whole number of days from 1 to 63' }]);
    }
    expect(problems({ global: { cpu_percent: null } })).toEqual([{ path: 'global.cpu_percent', message: 'cpu_percent must be a number from 0 to 100' }]);
    expect(problems({ global: null })).toEqual([{ path: 'global', message: expect.any(String) }]);
    expect(problems({ global: { cpu: 3 } })).toEqual([
      { path: 'global', message: 'Unrecognized key: "cpu"' },
    ]);
    expect(problems({ global: { cpu_percent: 3 }, network: {} })).toEqual([{ path: '', message: 'Unrecognized key: "network"' }]);
    expect(problems({})).toEqual([{ path: '', message: 'Give global thresholds or provider overrides to change' }]);
    expect(problems({ providers: {} })).toEqual([{ path: '', message: 'Give global thresholds or provider overrides to change' }]);
    expect(problems({ global: {} })).toEqual([{ path: 'global', message: 'Give at least one of cpu_percent, network_mb, lookback_days' }]);
    expect(problems({ providers: { aws: {} } })).toEqual([{ path: 'providers.aws', message: expect.stringMatching(/^Give at least one of cpu_percent/) }]);
    expect(problems({ providers: { 'AWS prod': { cpu_percent: 1 } } })).toEqual([{ path: 'providers.AWS prod', message: expect.stringMatching(/^a plugin id/) }]);
    expect(problems({ global: { cpu_percent: 0, network_mb: 0, lookback_days: 63 } })).toEqual([]);
  });

  it('names the providers a PATCH gives that are not plugins, but lets a stored override be removed whatever its name', () => {
    const known = ['aws', 'gcp'];
    const stored: StoredScanPolicy = { providers: { oldcloud: { cpu_percent: 1 } } };
    expect(unknownProviderProblems(patch({ providers: { aws: { cpu_percent: 1 }, awz: { cpu_percent: 1 } } }), stored, known)).toEqual([
      { path: 'providers.awz', message: 'unknown provider "awz": one of aws, gcp' },
    ]);
    expect(unknownProviderProblems(patch({ providers: { oldcloud: null } }), stored, known)).toEqual([]);
    expect(unknownProviderProblems(patch({ providers: { oldcloud: { cpu_percent: 2 } } }), stored, known)).toHaveLength(1);
    expect(unknownProviderProblems(patch({ providers: { nowhere: null } }), stored, known)).toHaveLength(1);
    expect(unknownProviderProblems(patch({ global: { cpu_percent: 1 } }), stored, known)).toEqual([]);
  });

  it('reads a stored value no longer valid as if it were not set', () => {
    expect(resolveScanPolicy({ global: { cpu_percent: 300, network_mb: 1 }, providers: { aws: { lookback_days: 90 }, gcp: { lookback_days: 7 } } })).toEqual({
      global: { cpu_percent: 5, network_mb: 1, lookback_days: 14 },
      providers: { gcp: { lookback_days: 7 } },
    });
  });
});
