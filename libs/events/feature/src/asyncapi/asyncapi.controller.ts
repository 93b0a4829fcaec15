import { Controller, Get } from '@nestjs/common';
import { buildAsyncApiDocument } from '@strata/events-domain';
import { packageVersion, Public } from '@strata/platform-http';

export const ASYNCAPI_JSON_PATH = '/api/v1/asyncapi.json';

/**
 * The AsyncAPI 3.0 document of the events on NATS, beside the OpenAPI document and public like
 * it: it describes the open-source contract, not any tenant's data.
 */
@Controller('api/v1')
export class AsyncApiController {
  private built: Record<string, unknown> | undefined;

  @Get('asyncapi.json')
  @Public()
  document(): Record<string, unknown> {
    this.built ??= buildAsyncApiDocument({ version: packageVersion() });
    return this.built;
  }
}
