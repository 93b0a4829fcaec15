import { printableText } from '@strata/contracts';
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
  .object({ id: tenantIdSchema, name: printableText(200).describe('Display name') })
  .strict()
  .meta({ id: 'CreateTenantRequest', examples: [{ id: 'acme-corp', name: 'Acme Corp' }] });

export type CreateTenantRequest = z.infer<typeof createTenantRequestSchema>;

/** The most active nodes a tenant may hold; discovery jobs that would exceed it fail with `node_limit_exceeded`. */
export const maxNodesSchema = z
  .number()
  .int()
  .min(0)
  .max(1_000_000_000)
  .nullable()
  .describe('License limit on active (discovered, not removed) nodes; null: no limit');

export const tenantSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime(), max_nodes: maxNodesSchema })
  .meta({ id: 'Tenant' });

export type TenantView = z.infer<typeof tenantSchema>;

/** What a platform admin may change on a tenant: its node limit. */
export const updateTenantRequestSchema = z
  .object({ max_nodes: maxNodesSchema })
  .strict()
  .meta({ id: 'UpdateTenantRequest', examples: [{ max_nodes: 1000 }, { max_nodes: null }] });

export type UpdateTenantRequest = z.infer<typeof updateTenantRequestSchema>;

export const tenantListSchema = pageSchema(tenantSchema, 'TenantList');
