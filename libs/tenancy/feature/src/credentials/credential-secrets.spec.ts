import { CREDENTIAL_KINDS, type CredentialKind } from '@strata/contracts';
import { createCredentialRequestSchema } from './credential.schemas';

const KUBECONFIG = 'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://10.0.0.1:6443"}\n';

/** A valid request of every kind: a kind added to contracts without a schema fails here. */
const VALID: Record<CredentialKind, object> = {
  aws: { access_key_id: 'AKIAIOSFODNN7EXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  kubernetes: { kubeconfig: KUBECONFIG },
  github: { token: 'ghp_xxxxxxxxxxxxxxxxxxxx' },
  azure: { tenant_id: 't', client_id: 'c', client_secret: 's' },
  gcp: { service_account_json: '{"client_email":"a@b.iam.gserviceaccount.com","private_key":"-----BEGIN PRIVATE KEY-----"}' },
  m365: { tenant_id: 't', client_id: 'c', client_secret: 's' },
  agent: { enrollment_token: 'enroll-123' },
  demo: {},
};

const KEYS_OR_ROLE = 'secret.role_arn: not with access keys: a credential holds either access_key_id + secret_access_key or role_arn (to assume a role with keys, name it in the job config)';

const parse = (kind: string, secret?: object) => createCredentialRequestSchema.safeParse({ kind, name: 'n', ...(secret ? { secret } : {}) });
const problems = (kind: string, secret?: object) => {
  const result = parse(kind, secret);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('credential requests', () => {
  it.each(CREDENTIAL_KINDS)('accepts a valid %s credential', (kind) => {
    expect(problems(kind, VALID[kind])).toEqual([]);
  });

  it.each(CREDENTIAL_KINDS.filter((kind) => kind !== 'demo'))('requires the secret of a %s credential', (kind) => {
    expect(problems(kind)).not.toEqual([]);
  });

  it('lets a demo credential leave its secret out, and refuses secret fields on it', () => {
    expect(parse('demo').data).toEqual({ kind: 'demo', name: 'n', secret: {} });
    expect(problems('demo', { token: 'x' })).toEqual(['secret: Unrecognized key: "token"']);
  });

  it('refuses fields a kind does not have, such as a misspelt one', () => {
    expect(problems('github', { token: 'x', tokn: 'y' })).toEqual(['secret: Unrecognized key: "tokn"']);
  });

  describe('aws', () => {
    it.each([
      ['static keys with a session token', { ...VALID.aws, session_token: 'FwoGZXIvYXdzE' }],
      ['a role', { role_arn: 'arn:aws:iam::123456789012:role/StrataReadOnly' }],
      ['a role with an external id', { role_arn: 'arn:aws:iam::123456789012:role/StrataReadOnly', external_id: 'strata-ext-abc123' }],
      ['a role in another partition', { role_arn: 'arn:aws-us-gov:iam::123456789012:role/path/Reader' }],
    ])('accepts %s', (_case, secret) => {
      expect(problems('aws', secret)).toEqual([]);
    });

    it.each([
      ['nothing', {}, ['secret.access_key_id: required unless role_arn is given', 'secret.secret_access_key: required unless role_arn is given']],
      ['half a key pair', { access_key_id: 'AKIAIOSFODNN7EXAMPLE' }, ['secret.secret_access_key: required unless role_arn is given']],
      // A key pair or a role, as documented: a role to assume with keys goes in the job's config.
      ['a key pair next to a role', { ...VALID.aws, role_arn: 'arn:aws-us-gov:iam::123456789012:role/path/Reader' }, [KEYS_OR_ROLE]],
      ['a key pair with its session token next to a role', { ...VALID.aws, session_token: 't', role_arn: 'arn:aws:iam::123456789012:role/R' }, [KEYS_OR_ROLE]],
      ['half a key pair next to a role', { role_arn: 'arn:aws:iam::123456789012:role/R', secret_access_key: 's' }, [KEYS_OR_ROLE]],
      ['a session token alone', { session_token: 't', role_arn: 'arn:aws:iam::123456789012:role/R' }, ['secret.session_token: only with access_key_id and secret_access_key']],
      ['an external id without a role', { ...VALID.aws, external_id: 'abc' }, ['secret.external_id: only with role_arn']],
      ['a malformed role ARN', { role_arn: 'arn:aws:s3:::bucket' }, [expect.stringMatching(/^secret\.role_arn: an IAM role ARN/)]],
    ])('refuses %s', (_case, secret, expected) => {
      expect(problems('aws', secret)).toEqual(expected);
    });
  });

  describe('kubernetes', () => {
    it('stores a base64 kubeconfig decoded, and a raw one as given', () => {
      const encoded = parse('kubernetes', { kubeconfig: Buffer.from(KUBECONFIG).toString('base64') });
      expect(encoded.data?.secret).toEqual({ kubeconfig: KUBECONFIG });
      expect(parse('kubernetes', { kubeconfig: KUBECONFIG, context: 'prod' }).data?.secret).toEqual({ kubeconfig: KUBECONFIG, context: 'prod' });
    });

    it('refuses something that is not a kubeconfig, encoded or not', () => {
      const expected = ['secret.kubeconfig: a kubeconfig (YAML or JSON) that defines clusters, raw or base64-encoded'];
      expect(problems('kubernetes', { kubeconfig: 'hello world' })).toEqual(expected);
      expect(problems('kubernetes', { kubeconfig: Buffer.from('hello world').toString('base64') })).toEqual(expected);
    });

    it('takes server + token (+ the CA) instead of a kubeconfig, never both', () => {
      const token = { server: 'https://10.0.0.1:6443', token: 'eyJhbGciOi', certificate_authority_data: Buffer.from('-----BEGIN CERTIFICATE-----').toString('base64') };
      expect(problems('kubernetes', token)).toEqual([]);
      expect(problems('kubernetes', { server: 'https://10.0.0.1:6443' })).toEqual(['secret.token: required unless kubeconfig is given']);
      expect(problems('kubernetes', { ...token, kubeconfig: KUBECONFIG })).toHaveLength(3);
      expect(problems('kubernetes', { token: 't', server: 'https://h', context: 'prod' })).toEqual(['secret.context: only with kubeconfig']);
      expect(problems('kubernetes', {})).toEqual([expect.stringMatching(/^secret\.kubeconfig: required/)]);
    });
  });

  it('refuses a gcp key that is not a service account key file', () => {
    expect(problems('gcp', { service_account_json: '{"type":"authorized_user"}' })).toEqual([
      'secret.service_account_json: a service account key file (JSON with client_email and private_key)',
    ]);
    expect(problems('gcp', { service_account_json: 'not json' })).toHaveLength(1);
  });

  it('refuses an unknown kind naming the known ones', () => {
    expect(problems('oracle', {})).toEqual([expect.stringMatching(/^kind: .*'aws'/)]);
  });
});
