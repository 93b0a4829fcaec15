import { BuiltInPluginCatalog } from './plugin-catalog';

describe('BuiltInPluginCatalog', () => {
  const catalog = new BuiltInPluginCatalog();

  it('lists the documented providers in order, then demo, marking what this build ships', () => {
    expect(catalog.list().map((p) => [p.id, p.available])).toEqual([
      ['aws', true],
      ['azure', false],
      ['gcp', false],
      ['kubernetes', true],
      ['m365', false],
      ['github', false],
      ['agent', false],
      ['demo', true],
    ]);
    expect(catalog.get('aws')).toMatchObject({ name: 'Amazon Web Services', discovers: expect.stringContaining('EC2') });
  });

  it('validates a plugin configuration and fills its defaults', () => {
    expect(catalog.checkConfig('demo', { size: 50 })).toEqual({ ok: true, config: expect.objectContaining({ size: 50, seed: 'demo' }) });
    const bad = catalog.checkConfig('demo', { size: -1, colour: 'red' });
    expect(bad.ok).toBe(false);
    expect(bad.ok === false && bad.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['size']));
  });

  it('refuses configuration for a plugin this build does not ship', () => {
    expect(catalog.checkConfig('azure', {})).toMatchObject({ ok: false, issues: [{ message: expect.stringContaining('not available') }] });
  });

  it('validates the aws plugin with its own schema (the seed\'s example config)', () => {
    const seed = { regions: ['us-east-1', 'us-west-2'], services: ['ec2', 's3', 'iam'], role_arn: 'arn:aws:iam::123456789012:role/InfracastReadOnly', external_id: 'infracast-external-id-abc123' };
    expect(catalog.checkConfig('aws', seed).ok).toBe(true);
    expect(catalog.checkConfig('aws', { regions: 'us-east-1' }).ok).toBe(false);
  });

  it("validates the kubernetes plugin with its own schema (the seed's example, less the inline kubeconfig the jobs API moves out)", () => {
    const seed = { cluster_name: 'prod-eks-cluster', namespaces: ['default', 'production', 'monitoring'], include_rbac: true };
    expect(catalog.checkConfig('kubernetes', seed)).toEqual({ ok: true, config: expect.objectContaining({ ...seed, page_size: 500 }) });
    expect(catalog.checkConfig('kubernetes', { namespaces: 'default' }).ok).toBe(false);
    expect(catalog.get('kubernetes')).toMatchObject({ available: true, credential_kinds: ['kubernetes'] });
  });

  it('knows which config fields are secrets', () => {
    expect(catalog.inlineSecretFields('kubernetes')).toEqual(['kubeconfig']);
    expect(catalog.inlineSecretFields('demo')).toEqual([]);
  });
});
