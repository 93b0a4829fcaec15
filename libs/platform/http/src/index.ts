export * from './errors/api-errors';
export {
  DEFAULT_DOMAIN_ERROR_STATUSES,
  UNMAPPED_DOMAIN_ERROR_STATUS,
  isDomainErrorLike,
  statusForDomainCode,
  type DomainErrorLike,
  type DomainErrorStatuses,
} from './errors/domain-error-status';
export { toErrorResponse, type ErrorResponse } from './errors/error-response';
export { ApiExceptionFilter } from './errors/api-exception.filter';
export * from './auth/permissions';
export * from './auth/principal';
export { Public, RequirePermissions, CurrentPrincipal, principalOf } from './auth/auth.decorators';
export { BearerAuthGuard, bearerTokenOf } from './auth/bearer-auth.guard';
export { ZodBody, ZodQuery, ZodParam } from './validation/zod-decorators';
export { ZodValidationPipe, type RequestPart } from './validation/zod-validation.pipe';
export { ApiRoute, type ApiRouteOptions, type ApiResponseSpec } from './openapi/api-route.decorator';
export {
  buildOpenApiDocument,
  BEARER_SCHEME,
  type DocumentedRoute,
  type HttpMethod,
  type OpenApiDocument,
  type OpenApiInfo,
} from './openapi/build-openapi-document';
export { OpenApiDocumentService } from './openapi/openapi-document.service';
export { OPENAPI_JSON_PATH, API_DOCS_PATH } from './openapi/openapi.controller';
export { statusSchema, type StatusView } from './status/status.controller';
export { createHttpApp, DEFAULT_BODY_LIMIT_BYTES, type HttpAppOptions } from './app/create-http-app';
export { packageVersion } from './app/package-version';
export { openApiProblems } from './openapi/openapi-problems';
export * from './paging/query-cursor';
export * from './paging/list-envelope';
export { MetaController, META_PATHS } from './meta/meta.controller';
export { buildCapabilities, capabilitiesSchema, type Capabilities } from './meta/capabilities';
export { buildCompatibility, compatibilitySchema, acceptsEnvelope, type Compatibility } from './meta/compatibility';
export { buildErrorModel, errorModelSchema, type ErrorModel } from './meta/error-model';
