import { Controller, Get, Inject } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '../auth/auth.decorators';
import { ApiRoute } from '../openapi/api-route.decorator';

export const SERVICE_VERSION = Symbol.for('strata:ServiceVersion');

export const statusSchema = z
  .object({
    status: z.literal('running'),
    version: z.string().describe('Version of the running Strata build'),
    api_version: z.literal('v1'),
  })
  .meta({ id: 'Status' });

export type StatusView = z.infer<typeof statusSchema>;

@Controller()
export class StatusController {
  constructor(@Inject(SERVICE_VERSION) private readonly version: string) {}

  @Get('status')
  @Public()
  @ApiRoute({ summary: 'Service status', tags: ['status'], operationId: 'getStatus', responses: { 200: statusSchema } })
  status(): StatusView {
    return { status: 'running', version: this.version, api_version: 'v1' };
  }
}
