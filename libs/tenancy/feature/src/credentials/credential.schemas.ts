import { CREDENTIAL_KINDS, idSchema, printableText, type CredentialKind } from '@strata/contracts';
import { z } from 'zod';
import { pageSchema } from '../storage/paging';
import { CREDENTIAL_SECRET_SCHEMAS } from './credential-secrets';

export const credentialIdSchema = idSchema.describe('Credential id, e.g. cred-aws-prod-abc123');

const credentialName = printableText(200).describe('Human-readable name');

function createRequestOf<K extends CredentialKind, S extends z.ZodType>(kind: K, secret: S) {
  return z
    .object({
      id: credentialIdSchema.optional().describe('Chosen id (letters, digits, "-", "_"); generated as cred-<random> when absent'),
      kind: z.literal(kind),
      name: credentialName,
      secret,
    })
    .strict();
}

const { aws, kubernetes, github, azure, gcp, m365, agent, demo } = CREDENTIAL_SECRET_SCHEMAS;

/** One body per kind, told apart by `kind`; each kind has its own secret fields. */
export const createCredentialRequestSchema = z
  .discriminatedUnion('kind', [
    createRequestOf('aws', aws),
    createRequestOf('kubernetes', kubernetes),
    createRequestOf('github', github),
    createRequestOf('azure', azure),
    createRequestOf('gcp', gcp),
    createRequestOf('m365', m365),
    createRequestOf('agent', agent),
    // A demo credential has nothing secret, so its `secret` may be left out.
    createRequestOf('demo', demo.default({})),
  ])
  .meta({
    id: 'CreateCredentialRequest',
    examples: [
      {
        id: 'cred-aws-prod-abc123',
        kind: 'aws',
        name: 'AWS production (read-only)',
        secret: { role_arn: 'arn:aws:iam::123456789012:role/StrataReadOnly', external_id: 'strata-external-id-abc123' },
      },
    ],
  });

export interface CreateCredentialRequest {
  id?: string;
  kind: CredentialKind;
  name: string;
  secret: Readonly<Record<string, string>>;
}

/** What every response shows instead of a secret value: the field is set, nothing more. */
export const SECRET_MASK = '********';

export const credentialSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string(),
    kind: z.enum(CREDENTIAL_KINDS),
    name: z.string(),
    secret: z
      .record(z.string(), z.literal(SECRET_MASK))
      .describe(`The secret's fields, each shown as "${SECRET_MASK}": values are never returned`),
    created_at: z.iso.datetime(),
    job_id: z
      .string()
      .optional()
      .describe('Set when the secret was given inline in this job\'s config: the credential is deleted once the job has ended'),
  })
  .meta({ id: 'Credential' });

export type CredentialView = z.infer<typeof credentialSchema>;

export const credentialListSchema = pageSchema(credentialSchema, 'CredentialList');
