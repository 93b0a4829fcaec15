import { HttpException } from '@nestjs/common';
import { API_ERROR_CODES, DomainError, errorEnvelopeSchema } from '@strata/contracts';
import { InvalidCursorError } from '@strata/platform-read-store';
import { z } from 'zod';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES } from '../app/json-body-parser';
import {
  BodyTooComplexError,
  DownstreamUnavailableError,
  ForbiddenError,
  HttpApiError,
  MalformedJsonError,
  RequestValidationError,
  UnauthorizedError,
} from '../errors/api-errors';
import { DOMAIN_ERROR_SUFFIX_STATUSES, UNMAPPED_DOMAIN_ERROR_STATUS, statusForDomainCode, type DomainErrorStatuses } from '../errors/domain-error-status';
import { HTTP_EXCEPTION_CODES, toErrorResponse, type ErrorResponse } from '../errors/error-response';
import { clientErrorResponse, frameworkErrorResponse } from '../errors/framework-errors';

export const errorCodeEntrySchema = z.object({
  code: z.string(),
  status: z.number().int(),
  when: z.string().describe('What causes it'),
  source: z.enum(['platform', 'domain']).describe('`platform`: HTTP, auth, validation, the transport; `domain`: a rule of a context'),
});

export const errorModelSchema = z
  .object({
    api_version: z.literal('v1'),
    envelope: z.object({
      schema: z.record(z.string(), z.unknown()).describe('JSON Schema of every error body'),
      fields: z.record(z.string(), z.string()),
      content_type: z.string(),
      stability: z.string(),
    }),
    codes: z.array(errorCodeEntrySchema).describe('Every fixed code, with the status it is answered with'),
    domain_rules: z
      .object({
        suffixes: z.array(z.object({ suffix: z.string(), status: z.number().int() })),
        default_status: z.number().int(),
        description: z.string(),
      })
      .describe('Codes of the contexts not in `codes` (`job_not_found`, `credential_exists`, ...): their status by suffix'),
    headers: z.record(z.string(), z.string()),
  })
  .meta({ id: 'ErrorModel' });

export type ErrorModel = z.infer<typeof errorModelSchema>;
type ErrorCodeEntry = z.infer<typeof errorCodeEntrySchema>;

const mapped = (error: unknown, domainErrorStatuses: DomainErrorStatuses, unmatchedRoute?: { method: string; path: string; allowedMethods?: string[] }): ErrorResponse =>
  toErrorResponse(error, { domainErrorStatuses, ...(unmatchedRoute ? { unmatchedRoute } : {}) });

/**
 * The causes the platform answers for, each sent through the very functions the exception filter
 * and Fastify's hooks use, so the codes and statuses listed are the ones the API answers with.
 */
function platformCauses(table: DomainErrorStatuses): { when: string; response: ErrorResponse }[] {
  return [
    { when: 'A request failed validation (`details` names each field)', response: mapped(new RequestValidationError('Invalid request', []), table) },
    { when: 'The body is not valid JSON', response: mapped(new MalformedJsonError(), table) },
    { when: `A JSON body nested over ${MAX_JSON_DEPTH} levels or holding over ${MAX_JSON_VALUES} values`, response: mapped(new BodyTooComplexError(MAX_JSON_DEPTH, MAX_JSON_VALUES), table) },
    { when: 'A list cursor that is corrupt or was issued for another list, tenant, filter or sort', response: mapped(new InvalidCursorError('corrupt'), table) },
    { when: 'A URL that cannot be decoded', response: frameworkErrorResponse({ code: 'FST_ERR_BAD_URL' }) },
    { when: 'Not well-formed HTTP (an HTTP/1.1 request without Host, among others)', response: clientErrorResponse({ code: 'HPE_INVALID_METHOD' }) },
    { when: 'Missing, unknown or revoked bearer token', response: mapped(new UnauthorizedError(), table) },
    { when: 'The token lacks a permission or belongs to another tenant', response: mapped(new ForbiddenError(), table) },
    { when: 'A tenant nobody created, in a tenant path', response: mapped(new HttpApiError(404, 'tenant_not_found', 'no such tenant'), table) },
    { when: 'No route for the path', response: mapped(new HttpException('Not Found', 404), table, { method: 'GET', path: '/nope' }) },
    { when: 'A method the path has no route for (with an `Allow` header)', response: mapped(new HttpException('Not Found', 404), table, { method: 'PUT', path: '/status', allowedMethods: ['GET'] }) },
    { when: 'A request not received in time', response: clientErrorResponse({ code: 'ERR_HTTP_REQUEST_TIMEOUT' }) },
    { when: 'A path segment too long', response: frameworkErrorResponse({ code: 'FST_ERR_MAX_PARAM_LENGTH' }) },
    { when: 'Request line and headers too large', response: clientErrorResponse({ code: 'HPE_HEADER_OVERFLOW' }) },
    { when: 'A service the request depends on did not answer, or the server is shutting down (with `Retry-After`)', response: mapped(new DownstreamUnavailableError('a service'), table) },
    { when: 'An unexpected failure (logged with the request id)', response: mapped(new Error('unexpected'), table) },
    ...Object.keys(HTTP_EXCEPTION_CODES)
      .map(Number)
      .filter((status) => status < 500)
      .map((status) => ({ when: `The framework refused the request with ${status}`, response: mapped(new HttpException('refused', status), table) })),
  ];
}

function domainEntries(table: DomainErrorStatuses): ErrorCodeEntry[] {
  return Object.keys(table).map((code) => {
    const response = toErrorResponse(new DomainError(code, code), { domainErrorStatuses: table });
    return { code, status: response.status, when: `A rule of the domain refused the request (\`${code}\`)`, source: 'domain' as const };
  });
}

/** The envelope's JSON Schema itself (the OpenAPI document's `Error` component), not a reference to it. */
function envelopeJsonSchema(): Record<string, unknown> {
  const json = z.toJSONSchema(errorEnvelopeSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as { $defs?: Record<string, Record<string, unknown>>; $ref?: string };
  const named = json.$ref?.replace('#/$defs/', '');
  return (named && json.$defs?.[named]) || (json as Record<string, unknown>);
}

/**
 * The error model of an app whose exact domain statuses are `table`: the envelope, every fixed
 * code with its status (generated from the mapping the exception filter uses), and the suffix
 * rules that give the status of every other domain code.
 */
export function buildErrorModel(table: DomainErrorStatuses): ErrorModel {
  const codes = new Map<string, ErrorCodeEntry>();
  for (const { when, response } of platformCauses(table)) {
    const code = response.body.code;
    if (!codes.has(code)) codes.set(code, { code, status: response.status, when, source: 'platform' });
  }
  for (const entry of domainEntries(table)) if (!codes.has(entry.code)) codes.set(entry.code, entry);
  for (const [, code] of Object.entries(API_ERROR_CODES)) {
    if (!codes.has(code)) throw new Error(`error model: API error code ${code} has no cause listed`);
  }
  return {
    api_version: 'v1',
    envelope: {
      schema: envelopeJsonSchema(),
      fields: {
        error: 'A message for people; may change wording between releases; never holds a secret or the request body',
        code: 'A stable machine code (snake_case): match on this',
        details: 'Only with validation_error: [{path, message}], one per invalid field (a field left out reads "Required")',
      },
      content_type: 'application/json; charset=utf-8',
      stability:
        'Every non-2xx answer of /api/v1 is this envelope. Within v1 a code keeps its meaning and status; new codes may be added (treat an unknown code by its status).',
    },
    codes: [...codes.values()].sort((a, b) => a.status - b.status || a.code.localeCompare(b.code)),
    domain_rules: {
      suffixes: DOMAIN_ERROR_SUFFIX_STATUSES.map(([suffix]) => ({ suffix, status: statusForDomainCode(`x${suffix}`, {}) })),
      default_status: UNMAPPED_DOMAIN_ERROR_STATUS,
      description: `A domain code not in \`codes\` answers by its suffix (\`*_not_found\` 404, \`*_exists\` and \`*_conflict\` 409, \`*_forbidden\` 403), any other with ${UNMAPPED_DOMAIN_ERROR_STATUS}.`,
    },
    headers: {
      'www-authenticate': 'Bearer, with every 401',
      allow: 'The methods the path answers, with every 405',
      'retry-after': 'Seconds to wait, with every 503',
      'x-request-id': 'With every answer: quote it when reporting a 500',
    },
  };
}
