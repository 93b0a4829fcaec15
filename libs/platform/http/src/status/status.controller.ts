import type { AddressInfo } from 'node:net';
import { Server as HttpsServer } from 'node:https';
import { Controller, Get, Inject } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { LoopHealth } from '@strata/platform-observability';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';

export const SERVICE_VERSION = Symbol.for('strata:ServiceVersion');
/** The `LoopHealth` whose down loops `GET /status` reports (the process's, unless a test gives its own). */
export const LOOP_HEALTH = Symbol.for('strata:LoopHealth');

export const statusSchema = z
  .object({
    status: z.enum(['running', 'degraded']).describe('`degraded` while a background loop of this process (event relay, projection, sweep, consumer) is down and restarting'),
    version: z.string().describe('Version of the running Strata build'),
    api_version: z.literal('v1'),
    loops_down: z.array(z.string()).optional().describe('Names of the loops that are down; present only when degraded'),
    listen_host: z
      .string()
      .nullable()
      .describe('The address the server is bound to (`0.0.0.0`: every IPv4 interface); null when it serves without a socket (in-process tests)'),
    transport: z.enum(['http', 'https']).describe('Whether the server speaks plain HTTP or TLS (TLS is meant to end at a proxy in front)'),
    remote_auth: z.literal('bearer_token_required').describe('Every route but /status and the API documents needs `Authorization: Bearer <token>`'),
    loopback_without_token: z.literal(false).describe('Calls from the same machine need the token too'),
  })
  .meta({ id: 'Status' });

export type StatusView = z.infer<typeof statusSchema>;

@Controller()
export class StatusController {
  constructor(
    @Inject(SERVICE_VERSION) private readonly version: string,
    @Inject(LOOP_HEALTH) private readonly health: LoopHealth,
    @Inject(HttpAdapterHost) private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Always 200 while the process serves: a probe decides whether `degraded` should restart it. */
  @Get('status')
  @Public()
  @ApiRoute({ summary: 'Service status', tags: ['status'], operationId: 'getStatus', responses: { 200: statusSchema } })
  status(): StatusView {
    const down = this.health.downLoops().map((loop) => loop.name);
    const server = this.adapterHost.httpAdapter?.getHttpServer() as { address(): AddressInfo | string | null } | undefined;
    const address = server?.address();
    const runtime = {
      listen_host: typeof address === 'object' && address !== null ? address.address : null,
      transport: server instanceof HttpsServer ? ('https' as const) : ('http' as const),
      remote_auth: 'bearer_token_required' as const,
      loopback_without_token: false as const,
    };
    if (down.length === 0) return { status: 'running', version: this.version, api_version: 'v1', ...runtime };
    return { status: 'degraded', version: this.version, api_version: 'v1', loops_down: down, ...runtime };
  }
}
