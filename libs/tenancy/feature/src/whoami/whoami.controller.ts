import { Controller, Get } from '@nestjs/common';
import { ApiRoute, CurrentPrincipal, type Principal } from '@strata/platform-http';
import { z } from 'zod';

export const whoamiSchema = z
  .object({
    token_id: z.string(),
    tenant_id: z.string().nullable().describe('The tenant the token belongs to; null for a platform-wide token, which may act in any tenant'),
    permissions: z.array(z.string()).describe('Sorted'),
    platform_admin: z.boolean(),
  })
  .meta({ id: 'Whoami' });

export type WhoamiView = z.infer<typeof whoamiSchema>;

/**
 * Who the caller's token is: what a client (the CLI, an MCP agent) needs to know which tenant to
 * act in without being told, and which permissions it holds. Any valid token may ask.
 */
@Controller('api/v1/whoami')
export class WhoamiController {
  @Get()
  @ApiRoute({
    summary: "The calling token: its tenant and permissions",
    tags: ['tokens'],
    operationId: 'whoami',
    responses: { 200: whoamiSchema },
  })
  whoami(@CurrentPrincipal() principal: Principal): WhoamiView {
    return {
      token_id: principal.tokenId,
      tenant_id: principal.tenantId,
      permissions: [...principal.permissions].sort(),
      platform_admin: principal.platformAdmin,
    };
  }
}
