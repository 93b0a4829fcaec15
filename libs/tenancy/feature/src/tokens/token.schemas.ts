import { idSchema, printableText } from '@strata/contracts';
import { TENANT_PERMISSIONS, type Permission } from '@strata/platform-http';
import { z } from 'zod';
import { pageSchema } from '../storage/paging';

const tenantPermissionSchema = z.enum(TENANT_PERMISSIONS as [Permission, ...Permission[]]);

export const createTokenRequestSchema = z
  .object({
    name: printableText(200).describe('What the token is for, e.g. "ci-pipeline"'),
    permissions: z.array(tenantPermissionSchema).min(1).max(TENANT_PERMISSIONS.length).describe('Scopes the token carries'),
  })
  .strict()
  .meta({ id: 'CreateTokenRequest', examples: [{ name: 'ci-pipeline', permissions: ['jobs:read', 'jobs:create'] }] });

export type CreateTokenRequest = z.infer<typeof createTokenRequestSchema>;

export const tokenIdSchema = idSchema.describe('Token id, e.g. tok-1a2b3c4d5e6f7a8b');

export const apiTokenSchema = z
  .object({
    id: z.string(),
    tenant_id: z.string().nullable(),
    name: z.string(),
    permissions: z.array(z.string()),
    created_at: z.iso.datetime(),
    revoked_at: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiToken' });

export type ApiTokenView = z.infer<typeof apiTokenSchema>;

export const createdApiTokenSchema = apiTokenSchema
  .extend({ token: z.string().describe('The token itself. Shown only in this response: store it now') })
  .meta({ id: 'CreatedApiToken' });

export type CreatedApiTokenView = z.infer<typeof createdApiTokenSchema>;

export const apiTokenListSchema = pageSchema(apiTokenSchema, 'ApiTokenList');
