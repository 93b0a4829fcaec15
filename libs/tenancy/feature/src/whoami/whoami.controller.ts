import { Controller, Get } from '@nestjs/common';
import { ApiRoute, CurrentPrincipal, type Principal } from '@strata/platform-http';
import { z } from 'zod';

export const whoamiSchema = z
  .object({
    token_id: z.string(),
    tenant_id: z.string().nullable().describe('The tenant the token belongs to; null for a platform-wide token, which may act in any tenant'),
    permissions: z.array(z.string()),
    platform_admin: z.boolean(),
  })
  .meta({ id: 'Whoami' });

export type WhoamiView = z.infer<typeof whoamiSchema>;

/**
 * `GET /api/v1/whoami`: the calling token's tenant and permissions. Clients given only a token
 * (the `strata` CLI, the MCP stdio server) learn from it which tenant to act in.
 */
@Controller('api/v1/whoami')
export class WhoamiController {
  @Get()
  @ApiRoute({
    summary: 'The calling token',
    description: 'Its id, its tenant (null for a platform-wide token) and its permissions: how a client given only a token finds the tenant to act in.',
    tags: ['tokens'],
    operationId: 'whoami',
    responses: { 200: whoamiSchema },
  })
  whoami(@CurrentPrincipal() principal: Principal): WhoamiView {
    return { token_id: principal.tokenId, tenant_id: principal.tenantId, permissions: [...principal.permissions].sort(), platform_admin: principal.platformAdmin };
  }
}
