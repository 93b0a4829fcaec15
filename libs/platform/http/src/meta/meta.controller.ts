import { Controller, Get, Inject } from '@nestjs/common';
import type { DomainErrorStatuses } from '../errors/domain-error-status';
import { ApiRoute } from '../openapi/api-route.decorator';
import { OPENAPI_INFO, OpenApiDocumentService } from '../openapi/openapi-document.service';
import type { OpenApiInfo } from '../openapi/build-openapi-document';
import { buildCapabilities, capabilitiesSchema, type Capabilities } from './capabilities';
import { buildCompatibility, compatibilitySchema, type Compatibility } from './compatibility';
import { buildErrorModel, errorModelSchema, type ErrorModel } from './error-model';

/** The exact domain code → status table the app's exception filter uses. */
export const DOMAIN_ERROR_STATUSES = Symbol.for('strata:DomainErrorStatuses');

export const META_PATHS = {
  capabilities: '/api/v1/meta/capabilities',
  compatibility: '/api/v1/meta/compatibility',
  errorModel: '/api/v1/meta/error-model',
} as const;

const OPENAPI_PATH = '/api/v1/openapi.json';

/**
 * The API describing itself (seed 001's meta routes), generated from what the app really serves:
 * its `@ApiRoute` registry and its error mapping. Any valid token may read them, as any other
 * `/api/v1` route that names no permission; they hold nothing of a tenant.
 */
@Controller('api/v1/meta')
export class MetaController {
  private capabilitiesView?: Capabilities;
  private compatibilityView?: Compatibility;
  private errorModelView?: ErrorModel;

  constructor(
    @Inject(OpenApiDocumentService) private readonly documents: OpenApiDocumentService,
    @Inject(OPENAPI_INFO) private readonly info: OpenApiInfo,
    @Inject(DOMAIN_ERROR_STATUSES) private readonly domainErrorStatuses: DomainErrorStatuses,
  ) {}

  @Get('capabilities')
  @ApiRoute({
    summary: 'Capability groups and the route inventory',
    description: 'Every route of this runtime, grouped by its OpenAPI tag, with its permissions: the same routes as the OpenAPI document.',
    tags: ['meta'],
    operationId: 'getCapabilities',
    responses: { 200: capabilitiesSchema },
  })
  capabilities(): Capabilities {
    this.capabilitiesView ??= buildCapabilities(this.documents.routes(), { version: this.info.version, openapi: OPENAPI_PATH });
    return this.capabilitiesView;
  }

  @Get('compatibility')
  @ApiRoute({
    summary: 'The v1 compatibility policy',
    description: 'Versioning, the deprecation window, pagination, webhook signing and the stability of the error envelope.',
    tags: ['meta'],
    operationId: 'getCompatibility',
    responses: { 200: compatibilitySchema },
  })
  compatibility(): Compatibility {
    this.compatibilityView ??= buildCompatibility(this.documents.routes(), { errorModel: META_PATHS.errorModel });
    return this.compatibilityView;
  }

  @Get('error-model')
  @ApiRoute({
    summary: 'The error envelope and every error code with its status',
    description: 'Generated from the mapping the API answers errors with.',
    tags: ['meta'],
    operationId: 'getErrorModel',
    responses: { 200: errorModelSchema },
  })
  errorModel(): ErrorModel {
    this.errorModelView ??= buildErrorModel(this.domainErrorStatuses);
    return this.errorModelView;
  }
}
