import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { OpenApiDocumentService } from './openapi-document.service';

export const OPENAPI_JSON_PATH = '/api/v1/openapi.json';
export const API_DOCS_PATH = '/api/v1/docs';

/** The OpenAPI document is public: it describes the open-source API, not any tenant's data. */
@Controller('api/v1')
export class OpenApiController {
  constructor(@Inject(OpenApiDocumentService) private readonly documents: OpenApiDocumentService) {}

  @Get('openapi.json')
  @Public()
  document(): object {
    return this.documents.document();
  }
}
