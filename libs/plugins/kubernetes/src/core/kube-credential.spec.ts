import { PluginError } from '@strata/plugins-api';
import { kubeconfigYaml } from '../fixtures';
import { decodeKubeconfig, kubeConnection } from './kube-credential';

const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const tokenConfig = kubeconfigYaml({ clusterName: 'prod', server: 'https://10.0.0.1:6443', caCertificate: CA, user: { token: 'sekret-token' } });

const refusal = (run: () => unknown): PluginError => {
  try {
    run();
  } catch (error) {
    return error as PluginError;
  }
  throw new Error('not refused');
};

describe('kubernetes credentials', () => {
  it('reads a kubeconfig raw or base64, naming the cluster after its context', () => {
    expect(decodeKubeconfig(Buffer.from(tokenConfig).toString('base64'))).toBe(tokenConfig);
    expect(decodeKubeconfig(tokenConfig)).toBe(tokenConfig);
    const connection = kubeConnection({ kubeconfig: Buffer.from(tokenConfig).toString('base64') });
    expect(connection).toMatchObject({ clusterName: 'prod', server: 'https://10.0.0.1:6443' });
    expect(connection.kubeConfig.getCurrentUser()).toMatchObject({ token: 'sekret-token' });
  });

  it('takes server + token + certificate_authority_data', () => {
    const connection = kubeConnection({ server: 'https://api.example.com:6443', token: 't', certificate_authority_data: Buffer.from(CA).toString('base64') });
    expect(connection.clusterName).toBe('api.example.com');
    expect(connection.kubeConfig.getCurrentCluster()).toMatchObject({ server: 'https://api.example.com:6443', caData: Buffer.from(CA).toString('base64') });
  });

  it.each([
    ['exec', 'exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: aws', /exec credential plugin/],
    ['auth-provider', 'auth-provider:\n      name: gcp', /auth-provider/],
    ['token-file', 'token-file: /var/run/secrets/token', /token-file/],
    ['client-certificate', 'client-certificate: /etc/cert.pem', /client-certificate file path/],
  ])('refuses a user with %s, before anything runs, without echoing values', (_name, entry, message) => {
    const kubeconfig = tokenConfig.replace(/token: sekret-token/, entry);
    expect(kubeconfig).not.toContain('sekret-token');
    const error = refusal(() => kubeConnection({ kubeconfig }));
    expect(error).toBeInstanceOf(PluginError);
    expect(error.code).toBe('invalid_credential');
    expect(error.message).toMatch(message);
  });

  it('refuses what it cannot use, naming no secret', () => {
    expect(refusal(() => kubeConnection({ kubeconfig: tokenConfig, context: 'other' })).message).toContain("no context 'other'");
    expect(refusal(() => kubeConnection({ kubeconfig: 'clusters: [' })).code).toBe('invalid_credential');
    const missing = refusal(() => kubeConnection({ token: 'sekret-token' }));
    expect(missing.code).toBe('invalid_credential');
    expect(missing.message).not.toContain('sekret-token');
    expect(refusal(() => kubeConnection({ kubeconfig: tokenConfig.replace(/certificate-authority-data: .*/, 'certificate-authority: /etc/ca.pem') })).message).toContain('certificate-authority file path');
  });
});
