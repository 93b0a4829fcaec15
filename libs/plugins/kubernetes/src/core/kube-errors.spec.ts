import { ApiException } from '@kubernetes/client-node';
import { classifyKubeError, describeKubeError, retryAfterSeconds } from './kube-errors';

const api = (code: number, body: unknown = undefined, headers: Record<string, string> = {}) => new ApiException(code, 'Unsuccessful HTTP Request', body, headers);

describe('kubernetes errors', () => {
  it('reads the API answers the client throws', () => {
    expect([401, 403, 410, 429, 404, 500].map((code) => classifyKubeError(api(code)))).toEqual(['unauthorized', 'forbidden', 'expired', 'throttled', 'not_found', 'other']);
    expect(describeKubeError(api(403, JSON.stringify({ kind: 'Status', message: 'secrets is forbidden' })))).toBe('HTTP 403: secrets is forbidden');
    expect(describeKubeError(api(401))).toBe('HTTP 401');
    expect(retryAfterSeconds(api(429, undefined, { 'retry-after': '3' }))).toBe(3);
    expect(retryAfterSeconds(api(429))).toBeUndefined();
  });

  it('reads a network failure, however deep its code, as unreachable', () => {
    const refused = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    expect(classifyKubeError(refused)).toBe('unreachable');
    expect(describeKubeError(refused)).toBe('ECONNREFUSED (fetch failed)');
    expect(classifyKubeError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe('unreachable');
    expect(classifyKubeError(new Error('Unrecognized API version and kind: autoscaling/v2 HorizontalPodAutoscaler'))).toBe('other');
  });
});
