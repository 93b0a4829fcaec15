import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { DiscoveryModule, NestFactory, Reflector } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { IncomingMessage } from 'node:http';
import { API_ERROR_CODES } from '@strata/contracts';
import type { Logger } from 'pino';
import { processLoopHealth, type LoopHealth } from '@strata/platform-observability';
import { BearerAuthGuard } from '../auth/bearer-auth.guard';
import { PRINCIPAL_RESOLVER, type PrincipalResolver } from '../auth/principal';
import { clientErrorHandler, MAX_PATH_PARAM_LENGTH, sendFrameworkError } from '../errors/framework-errors';
import { HttpApiError } from '../errors/api-errors';
import { ApiExceptionFilter } from '../errors/api-exception.filter';
import { RETRY_AFTER_SECONDS } from '../errors/error-response';
import { DEFAULT_DOMAIN_ERROR_STATUSES, type DomainErrorStatuses } from '../errors/domain-error-status';
import { serveApiDocs } from '../openapi/api-docs';
import { OpenApiController } from '../openapi/openapi.controller';
import { OPENAPI_INFO, OpenApiDocumentService } from '../openapi/openapi-document.service';
import { LOOP_HEALTH, SERVICE_VERSION, StatusController } from '../status/status.controller';
import { DOMAIN_ERROR_STATUSES, MetaController } from '../meta/meta.controller';
import { acceptOnlyJsonBodies } from './json-body-parser';
import { lazyRequestLogger } from './lazy-request-logger';
import { NestPinoLogger } from './nest-pino-logger';
import { packageVersion } from './package-version';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

export interface HttpAppOptions {
  /** Request lines (with their request id), Nest's messages and the causes of 5xx answers. */
  logger: Logger;
  /** Larger bodies are refused with 413 `payload_too_large` (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Reported by `GET /status` and the OpenAPI document (default: the workspace package.json's). */
  version?: string;
  /** Title of the OpenAPI document (default `Strata API`). */
  title?: string;
  /** Domain error codes whose status differs from the suffix rules (`*_not_found` → 404, ...). */
  domainErrorStatuses?: DomainErrorStatuses;
  /**
   * Resolves bearer tokens. By default the one the root module provides under
   * {@link PRINCIPAL_RESOLVER} (TenancyModule does).
   */
  principalResolver?: PrincipalResolver;
  /** Path parameter naming the tenant a route acts in (default `tenantID`, as in `/api/v1/tenants/{tenantID}/jobs`). */
  tenantParam?: string;
  /** Serve interactive docs at `/api/v1/docs` (default true). */
  docs?: boolean;
  /** Log one line per request and response (default true). */
  logRequests?: boolean;
  /** Trust `X-Forwarded-*` from a proxy in front (Fastify's `trustProxy`). */
  trustProxy?: boolean | string | string[] | number;
  /** Whose down loops `GET /status` reports (default: this process's, `processLoopHealth`). */
  loopHealth?: LoopHealth;
}

// A caller's own request id is kept (so its logs and ours line up) only when it is short and plain.
const CALLER_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

function requestIdOf(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && CALLER_REQUEST_ID.test(header) ? header : randomUUID();
}

@Module({})
class HttpHostModule {}

function resolverFrom(app: NestFastifyApplication, options: HttpAppOptions): PrincipalResolver {
  if (options.principalResolver) return options.principalResolver;
  try {
    return app.get<PrincipalResolver>(PRINCIPAL_RESOLVER, { strict: false });
  } catch {
    throw new Error(
      'createHttpApp: no PrincipalResolver. Import TenancyModule in the root module, provide PRINCIPAL_RESOLVER, or pass options.principalResolver',
    );
  }
}

/**
 * A Nest application on Fastify with the plumbing every Strata API shares: JSON-only bodies with
 * a size limit, the `{"error", "code"}` envelope for every failure, bearer-token auth with
 * tenant and permission checks, `GET /status`, the meta routes (`/api/v1/meta/*`), and the OpenAPI document at
 * `/api/v1/openapi.json` with interactive docs at `/api/v1/docs`. Call `init()` (or `listen()`)
 * on the result.
 */
export async function createHttpApp(rootModule: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestFastifyApplication> {
  const bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const version = options.version ?? packageVersion();
  const domainErrorStatuses = { ...DEFAULT_DOMAIN_ERROR_STATUSES, ...options.domainErrorStatuses };
  const host: DynamicModule = {
    module: HttpHostModule,
    imports: [rootModule, DiscoveryModule],
    controllers: [StatusController, OpenApiController, MetaController],
    providers: [
      { provide: SERVICE_VERSION, useValue: version },
      { provide: LOOP_HEALTH, useValue: options.loopHealth ?? processLoopHealth },
      { provide: OPENAPI_INFO, useValue: { title: options.title ?? 'Strata API', version } },
      { provide: DOMAIN_ERROR_STATUSES, useValue: domainErrorStatuses },
      OpenApiDocumentService,
    ],
  };
  const adapter = new FastifyAdapter({
    bodyLimit,
    loggerInstance: options.logger,
    // Passed only when asked for: Fastify 5.11 deprecates the option (for `logController`, a
    // class this library would have to import from Fastify directly).
    ...(options.logRequests === false ? { disableRequestLogging: true } : {}),
    genReqId: requestIdOf,
    childLoggerFactory: lazyRequestLogger,
    trustProxy: options.trustProxy ?? false,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: clientErrorHandler(options.logger),
    // Node answers an HTTP/1.1 request without a Host header itself, with an empty 400: the check
    // is made in a hook below instead, so that the answer is the envelope too.
    http: { requireHostHeader: false },
    // Fastify's own 503 to requests arriving while it closes has its own body: answered in a
    // hook below instead.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(host, adapter, {
    bodyParser: false,
    logger: new NestPinoLogger(options.logger.child({ component: 'nest' })),
    abortOnError: false,
  });
  let resolver: PrincipalResolver;
  try {
    resolver = resolverFrom(app, options);
  } catch (error) {
    await app.close();
    throw error;
  }
  const fastify = app.getHttpAdapter().getInstance();
  acceptOnlyJsonBodies(fastify, bodyLimit);
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
  });
  // Callback style rather than async: this runs on every request, and an async hook costs a promise
  // and a turn of the microtask queue more.
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    if (closing) {
      // Fastify has already set `Connection: close`: the client retries on a new connection.
      // Answered here, so `done` is not called.
      void reply
        .code(503)
        .header('retry-after', String(RETRY_AFTER_SECONDS))
        .type('application/json; charset=utf-8')
        .send({ error: 'The server is shutting down; retry the request', code: API_ERROR_CODES.unavailable });
      return;
    }
    if (request.raw.httpVersion === '1.1' && request.headers.host === undefined) {
      done(new HttpApiError(400, API_ERROR_CODES.malformedRequest, 'An HTTP/1.1 request needs a Host header'));
      return;
    }
    done();
  });

  app.useGlobalFilters(new ApiExceptionFilter(domainErrorStatuses));
  app.useGlobalGuards(new BearerAuthGuard(app.get(Reflector), resolver, options.tenantParam ?? 'tenantID'));

  if (options.docs !== false) serveApiDocs(fastify);
  return app;
}
