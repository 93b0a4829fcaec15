import { z } from 'zod';
import { pageSchema } from '../storage/paging';

/** Tenant ids are slugs chosen at creation and used in every URL: `acme-corp`. */
export const tenantIdSchema = z
  .string()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'lower-case letters, digits and "-", starting and ending with a letter or digit')
  .meta({ description: 'Tenant slug', examples: ['acme-corp'] });

export const createTenantRequestSchema = z
  .object({ id: tenantIdSchema, name: z.string().trim().min(1).max(200).describe('Display name') })
  .strict()
  .meta({ id: 'CreateTenantRequest', examples: [{ id: 'acme-corp', name: 'Acme Corp' }] });

export type CreateTenantRequest = z.infer<typeof createTenantRequestSchema>;

export const tenantSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime() })
  .meta({ id: 'Tenant' });

export type TenantView = z.infer<typeof tenantSchema>;

export const tenantListSchema = pageSchema(tenantSchema, 'TenantList');
