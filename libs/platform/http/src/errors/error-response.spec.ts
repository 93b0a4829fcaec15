import { DomainError } from '@strata/contracts';
import { BadRequestException, HttpException, ServiceUnavailableException } from '@nestjs/common';
import { InvalidCursorError } from '@strata/platform-read-store';
import { DownstreamUnavailableError, ForbiddenError } from './api-errors';
import { DEFAULT_DOMAIN_ERROR_STATUSES, statusForDomainCode } from './domain-error-status';
import { toErrorResponse } from './error-response';

const options = { domainErrorStatuses: DEFAULT_DOMAIN_ERROR_STATUSES };


describe('toErrorResponse', () => {
  it('answers a Node system error (which also has a string code) with a generic 500', () => {
    const error = Object.assign(new Error("ENOENT: no such file, open '/etc/strata/secret.key'"), { code: 'ENOENT' });
    expect(toErrorResponse(error, options)).toEqual({
      status: 500,
      body: { error: 'Internal server error', code: 'internal_error' },
      log: 'error',
    });
  });

  it('answers thrown non-errors with a generic 500', () => {
    expect(toErrorResponse('a string', options).status).toBe(500);
    expect(toErrorResponse(undefined, options).status).toBe(500);
  });

  it('never shows the message of a 5xx HttpException', () => {
    expect(toErrorResponse(new HttpException('db at 10.0.0.5 refused', 502), options).body).toEqual({ error: 'Internal server error', code: 'internal_error' });
    expect(toErrorResponse(new ServiceUnavailableException('nats down'), options).body.code).toBe('service_unavailable');
  });

  it('keeps the message of a 4xx HttpException', () => {
    expect(toErrorResponse(new BadRequestException('cursor expired'), options)).toEqual({ status: 400, body: { error: 'cursor expired', code: 'bad_request' } });
  });

  it('answers a bus request error caused by a timeout with 503', () => {
    const timeout = Object.assign(new Error('timeout'), { name: 'TimeoutError' });
    const request = Object.assign(new Error('request failed', { cause: timeout }), { name: 'RequestError' });
    expect(toErrorResponse(request, options).status).toBe(503);
    expect(toErrorResponse(new DownstreamUnavailableError('job-orchestrator'), options)).toMatchObject({ status: 503, log: 'warn' });
  });

  it('sends HttpApiErrors as they are', () => {
    expect(toErrorResponse(new ForbiddenError('nope'), options)).toEqual({ status: 403, body: { error: 'nope', code: 'forbidden' } });
  });

  it('answers a cursor the read store refuses with 400 invalid_cursor, without the store\'s own message', () => {
    const response = toErrorResponse(new InvalidCursorError('the cursor belongs to another query (collection, tenant, filter or sort differ)'), options);
    expect(response).toMatchObject({ status: 400, body: { code: 'invalid_cursor' } });
    expect(response.body.error).not.toMatch(/collection/);
    expect(response.log).toBeUndefined();
  });

  it('treats a domain error mapped to 5xx as internal', () => {
    expect(toErrorResponse(new DomainError('store_broken', 'details'), { domainErrorStatuses: { store_broken: 500 } }).body.code).toBe('internal_error');
  });
});

describe('statusForDomainCode', () => {
  it.each([
    ['credential_not_found', 404],
    ['tenant_exists', 409],
    ['version_conflict', 409],
    ['job_terminal', 409],
    ['idempotency_key_reused', 409],
    ['plugin_mismatch', 400],
  ])('maps %s to %i', (code, status) => {
    expect(statusForDomainCode(code)).toBe(status);
  });

  it('lets the table override a suffix rule', () => {
    expect(statusForDomainCode('job_not_found', { job_not_found: 410 })).toBe(410);
  });
});
