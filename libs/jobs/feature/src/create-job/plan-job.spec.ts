import type { ConfigCheck, PluginCatalog, PluginInfo } from '@strata/contracts';
import { planJob, REDACTED } from './plan-job';

/** A catalog with one available plugin per credential kind, and strict "no unknown keys" configs. */
const infos: PluginInfo[] = [
  { id: 'aws', name: 'AWS', discovers: '', available: true, credential_kinds: ['aws'] },
  { id: 'kubernetes', name: 'Kubernetes', discovers: '', available: true, credential_kinds: ['kubernetes'] },
  { id: 'gcp', name: 'GCP', discovers: '', available: false, credential_kinds: ['gcp'] },
];
const allowed: Record<string, string[]> = { aws: ['regions', 'services', 'role_arn'], kubernetes: ['cluster_name', 'namespaces', 'include_rbac'] };
const catalog: PluginCatalog = {
  list: () => infos,
  get: (id) => infos.find((i) => i.id === id),
  inlineSecretFields: (id) => (id === 'kubernetes' ? ['kubeconfig'] : id === 'aws' ? ['secret_access_key'] : []),
  checkConfig: (id, config): ConfigCheck => {
    const unknown = Object.keys(config).filter((key) => !allowed[id]!.includes(key));
    return unknown.length === 0
      ? { ok: true, config: { ...config, defaulted: true } }
      : { ok: false, issues: unknown.map((key) => ({ path: key, message: 'unknown field' })) };
  },
};

describe('planJob', () => {
  it("puts the tenant's defaults under what the job sets, and echoes the job as sent", () => {
    const result = planJob({ plugins: ['aws'], config: { regions: ['us-east-1'] } }, catalog, { aws: { services: ['ec2'], regions: ['eu-west-1'] } });
    expect(result).toMatchObject({ ok: true, plan: { pluginConfigs: { aws: { services: ['ec2'], regions: ['us-east-1'] } }, redactedConfig: { regions: ['us-east-1'] } } });
  });

  it('takes a flat config for a single plugin (the seed AWS example)', () => {
    const result = planJob({ plugins: ['aws'], config: { regions: ['us-east-1'], services: ['ec2'] } }, catalog);
    expect(result).toEqual({
      ok: true,
      plan: {
        pluginConfigs: { aws: { regions: ['us-east-1'], services: ['ec2'], defaulted: true } },
        inlineSecrets: {},
        redactedConfig: { regions: ['us-east-1'], services: ['ec2'] },
      },
    });
  });

  it('takes a config keyed by plugin for several plugins (the seed multi-plugin example)', () => {
    const result = planJob(
      { plugins: ['aws', 'kubernetes'], config: { aws: { regions: ['us-east-1'] }, kubernetes: { cluster_name: 'prod-eks', include_rbac: true } } },
      catalog,
    );
    expect(result.ok && result.plan.pluginConfigs).toEqual({
      aws: { regions: ['us-east-1'], defaulted: true },
      kubernetes: { cluster_name: 'prod-eks', include_rbac: true, defaulted: true },
    });
  });

  it('names config given for a plugin the job does not run, in the flat and the keyed form', () => {
    const message = (plugin: string, plugins: string) => `config for plugin "${plugin}", which this job does not run (plugins: ${plugins})`;
    expect(planJob({ plugins: ['aws'], config: { kubernetes: { cluster_name: 'prod' } } }, catalog)).toEqual({
      ok: false,
      issues: [{ path: 'config.kubernetes', message: message('kubernetes', 'aws') }],
    });
    expect(planJob({ plugins: ['aws', 'kubernetes'], config: { aws: {}, gcp: { project: 'p' } } }, catalog)).toEqual({
      ok: false,
      issues: [{ path: 'config.gcp', message: message('gcp', 'aws, kubernetes') }],
    });
  });

  it('moves an inline kubeconfig out of the config and redacts the echo', () => {
    const result = planJob({ plugins: ['kubernetes'], config: { cluster_name: 'prod', kubeconfig: 'YXBpVmVyc2lvbjogdjE=' } }, catalog);
    expect(result).toMatchObject({
      ok: true,
      plan: {
        pluginConfigs: { kubernetes: { cluster_name: 'prod', defaulted: true } },
        inlineSecrets: { kubernetes: { kubeconfig: 'YXBpVmVyc2lvbjogdjE=' } },
        redactedConfig: { cluster_name: 'prod', kubeconfig: REDACTED },
      },
    });
    expect(JSON.stringify(result.ok && result.plan.pluginConfigs)).not.toContain('YXBp');
  });

  it('redacts inside the keyed form too', () => {
    const result = planJob({ plugins: ['aws', 'kubernetes'], config: { kubernetes: { kubeconfig: 'secret' } } }, catalog);
    expect(result.ok && result.plan.redactedConfig).toEqual({ kubernetes: { kubeconfig: REDACTED } });
  });

  it('reports every problem with a path: unknown and unavailable plugins', () => {
    expect(planJob({ plugins: ['nope', 'gcp'] }, catalog)).toEqual({
      ok: false,
      issues: [
        { path: 'plugins.0', message: expect.stringContaining('unknown plugin "nope"') },
        { path: 'plugins.1', message: expect.stringContaining('not available') },
      ],
    });
  });

  it('reports config problems under the plugin they belong to', () => {
    expect(planJob({ plugins: ['aws', 'kubernetes'], config: { aws: { colour: 1 } } }, catalog)).toEqual({
      ok: false,
      issues: [{ path: 'config.aws.colour', message: 'unknown field' }],
    });
    expect(planJob({ plugins: ['aws'], config: { colour: 1 } }, catalog)).toEqual({ ok: false, issues: [{ path: 'config.colour', message: 'unknown field' }] });
  });

  it('refuses a flat config for several plugins as ambiguous', () => {
    expect(planJob({ plugins: ['aws', 'kubernetes'], config: { regions: ['us-east-1'] } }, catalog)).toMatchObject({ ok: false, issues: [{ path: 'config' }] });
  });

  it('refuses a non-string inline secret', () => {
    expect(planJob({ plugins: ['kubernetes'], config: { kubeconfig: { a: 1 } } }, catalog)).toMatchObject({ ok: false, issues: [{ path: 'config.kubeconfig' }] });
  });
});
