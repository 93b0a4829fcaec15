import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { buildOpenApiDocument, type DocumentedRoute, type OpenApiDocument, type OpenApiInfo } from './build-openapi-document';
import { collectDocumentedRoutes } from './documented-routes';

export const OPENAPI_INFO = Symbol.for('strata:OpenApiInfo');

/**
 * The application's OpenAPI document, built once from its controllers when the app starts, so a
 * route whose declaration cannot be documented fails `init()` rather than a later request.
 */
@Injectable()
export class OpenApiDocumentService implements OnApplicationBootstrap {
  private built?: OpenApiDocument;
  private collected?: readonly DocumentedRoute[];

  constructor(
    @Inject(DiscoveryService) private readonly discovery: DiscoveryService,
    @Inject(MetadataScanner) private readonly scanner: MetadataScanner,
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(OPENAPI_INFO) private readonly info: OpenApiInfo,
  ) {}

  onApplicationBootstrap(): void {
    this.document();
  }

  /** Every `@ApiRoute` of the app: what the document describes, and what `GET /api/v1/meta/capabilities` lists. */
  routes(): readonly DocumentedRoute[] {
    this.collected ??= collectDocumentedRoutes(this.discovery, this.scanner, this.reflector);
    return this.collected;
  }

  document(): OpenApiDocument {
    this.built ??= buildOpenApiDocument(this.info, this.routes());
    return this.built;
  }
}
