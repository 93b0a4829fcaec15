import { Controller, Get, Inject } from '@nestjs/common';
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
  })
  .meta({ id: 'Status' });

export type StatusView = z.infer<typeof statusSchema>;

@Controller()
export class StatusController {
  constructor(
    @Inject(SERVICE_VERSION) private readonly version: string,
    @Inject(LOOP_HEALTH) private readonly health: LoopHealth,
  ) {}

  /** Always 200 while the process serves: a probe decides whether `degraded` should restart it. */
  @Get('status')
  @Public()
  @ApiRoute({ summary: 'Service status', tags: ['status'], operationId: 'getStatus', responses: { 200: statusSchema } })
  status(): StatusView {
    const down = this.health.downLoops().map((loop) => loop.name);
    if (down.length === 0) return { status: 'running', version: this.version, api_version: 'v1' };
    return { status: 'degraded', version: this.version, api_version: 'v1', loops_down: down };
  }
}
