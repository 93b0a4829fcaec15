import { decodeKubeconfig, type CredentialKind } from '@strata/contracts';
import { z } from 'zod';

// Secret values are kept exactly as given (no trimming): a changed character is a wrong secret.
const secretText = (max: number) => z.string().min(1).max(max);

const AWS_ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/;
const AWS_ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const KEYS_OR_ROLE =
  'not with access keys: a credential holds either access_key_id + secret_access_key or role_arn (to assume a role with keys, name it in the job config)';

/**
 * Either static keys (optionally temporary, with a session token) or a role to assume (with the
 * worker's own AWS identity), never both: the API documents "or", and a role to assume with a
 * credential's keys is named in the job's config (`config.role_arn`), as in the seed's example.
 */
export const awsSecretSchema = z
  .object({
    access_key_id: z.string().regex(AWS_ACCESS_KEY_ID, '16-128 upper-case letters and digits').optional(),
    secret_access_key: secretText(256).optional(),
    session_token: secretText(4096).optional(),
    role_arn: z.string().regex(AWS_ROLE_ARN, 'an IAM role ARN: arn:aws:iam::<account>:role/<name>').optional(),
    external_id: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/, '2-1224 letters, digits and +=,.@:/-').optional(),
  })
  .strict()
  .superRefine((secret, context) => {
    const hasKeys = secret.access_key_id !== undefined || secret.secret_access_key !== undefined;
    if (secret.role_arn !== undefined && hasKeys) {
      context.addIssue({ code: 'custom', path: ['role_arn'], message: KEYS_OR_ROLE });
    } else if (secret.role_arn === undefined) {
      const why = 'required unless role_arn is given';
      if (secret.access_key_id === undefined) context.addIssue({ code: 'custom', path: ['access_key_id'], message: why });
      if (secret.secret_access_key === undefined) context.addIssue({ code: 'custom', path: ['secret_access_key'], message: why });
    }
    if (secret.session_token !== undefined && !hasKeys) {
      context.addIssue({ code: 'custom', path: ['session_token'], message: 'only with access_key_id and secret_access_key' });
    }
    if (secret.external_id !== undefined && secret.role_arn === undefined) {
      context.addIssue({ code: 'custom', path: ['external_id'], message: 'only with role_arn' });
    }
  })
  // The refinement above is invisible to the JSON schema: the document states the same rule.
  .meta({
    id: 'AwsCredentialSecret',
    description: 'Either access_key_id + secret_access_key [+ session_token], or role_arn [+ external_id]; not both',
    oneOf: [{ required: ['access_key_id', 'secret_access_key'] }, { required: ['role_arn'] }],
    dependentRequired: { session_token: ['access_key_id', 'secret_access_key'], external_id: ['role_arn'] },
  });

const KUBECONFIG_MARKER = /\bclusters\b/;
const BASE64_TEXT = /^[A-Za-z0-9+/=\s]+$/;

/**
 * A kubeconfig arrives raw (YAML/JSON) or base64-encoded, as the seed's job config shows; it is
 * stored raw so a worker never has to guess. Anything without clusters is refused.
 */
function normalizeKubeconfig(value: string, context: z.RefinementCtx): string {
  const kubeconfig = decodeKubeconfig(value);
  if (KUBECONFIG_MARKER.test(kubeconfig)) return kubeconfig;
  context.addIssue({ code: 'custom', message: 'a kubeconfig (YAML or JSON) that defines clusters, raw or base64-encoded' });
  return z.NEVER;
}

const KUBECONFIG_OR_TOKEN = 'a kubernetes credential holds either kubeconfig [+ context] or server + token [+ certificate_authority_data]';

/**
 * Either a kubeconfig (and the context to use), or an API server URL with a bearer token (and
 * the server's CA, base64 PEM). The plugin refuses, when it runs, a kubeconfig user that would
 * run a program (`exec`, `auth-provider`) or read the worker's files.
 */
export const kubernetesSecretSchema = z
  .object({
    kubeconfig: secretText(512 * 1024).transform(normalizeKubeconfig).optional(),
    context: z.string().min(1).max(253).optional().describe('Context to use; default: the kubeconfig current-context'),
    server: z.url({ protocol: /^https?$/, error: 'the API server URL, e.g. https://10.0.0.1:6443' }).max(2048).optional(),
    token: secretText(16 * 1024).optional(),
    certificate_authority_data: z.string().regex(BASE64_TEXT, 'the base64 PEM of the API server CA').max(64 * 1024).optional(),
  })
  .strict()
  .superRefine((secret, context) => {
    const tokenFields = (['server', 'token', 'certificate_authority_data'] as const).filter((field) => secret[field] !== undefined);
    if (secret.kubeconfig !== undefined) {
      for (const field of tokenFields) context.addIssue({ code: 'custom', path: [field], message: `not with kubeconfig: ${KUBECONFIG_OR_TOKEN}` });
      return;
    }
    if (secret.context !== undefined) context.addIssue({ code: 'custom', path: ['context'], message: 'only with kubeconfig' });
    if (tokenFields.length === 0) context.addIssue({ code: 'custom', path: ['kubeconfig'], message: `required: ${KUBECONFIG_OR_TOKEN}` });
    else for (const field of ['server', 'token'] as const) if (secret[field] === undefined) context.addIssue({ code: 'custom', path: [field], message: 'required unless kubeconfig is given' });
  })
  .meta({
    id: 'KubernetesCredentialSecret',
    description: 'Either kubeconfig [+ context], or server + token [+ certificate_authority_data]; not both',
    oneOf: [{ required: ['kubeconfig'] }, { required: ['server', 'token'] }],
  });

export const githubSecretSchema = z.object({ token: secretText(1024) }).strict().meta({ id: 'GithubCredentialSecret' });

const entraAppSecret = { tenant_id: z.string().min(1).max(128), client_id: z.string().min(1).max(128), client_secret: secretText(1024) };

export const azureSecretSchema = z.object(entraAppSecret).strict().meta({ id: 'AzureCredentialSecret' });
export const m365SecretSchema = z.object(entraAppSecret).strict().meta({ id: 'M365CredentialSecret' });

function isServiceAccountKey(text: string): boolean {
  try {
    const key = JSON.parse(text) as Record<string, unknown> | null;
    return typeof key === 'object' && key !== null && typeof key['client_email'] === 'string' && typeof key['private_key'] === 'string';
  } catch {
    return false;
  }
}

export const gcpSecretSchema = z
  .object({
    service_account_json: secretText(64 * 1024).refine(isServiceAccountKey, 'a service account key file (JSON with client_email and private_key)'),
  })
  .strict()
  .meta({ id: 'GcpCredentialSecret' });

export const agentSecretSchema = z.object({ enrollment_token: secretText(1024) }).strict().meta({ id: 'AgentCredentialSecret' });

export const demoSecretSchema = z.object({}).strict().meta({ id: 'DemoCredentialSecret' });

/** The secret fields each kind of credential takes. */
export const CREDENTIAL_SECRET_SCHEMAS = {
  aws: awsSecretSchema,
  kubernetes: kubernetesSecretSchema,
  github: githubSecretSchema,
  azure: azureSecretSchema,
  gcp: gcpSecretSchema,
  m365: m365SecretSchema,
  agent: agentSecretSchema,
  demo: demoSecretSchema,
} as const satisfies Record<CredentialKind, z.ZodType<Partial<Record<string, string>>>>; // a new kind in contracts fails to compile here
