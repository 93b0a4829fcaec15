import { AwsThrottledError, classifyAwsError, describeAwsError } from './aws-errors';

const serviceError = (name: string, status: number, message = 'message') => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const networkError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:1`), { code });

describe('classifyAwsError', () => {
  it.each([
    ['Throttling', 400, 'throttling'],
    ['RequestLimitExceeded', 503, 'throttling'],
    ['TooManyRequestsException', 429, 'throttling'],
    ['SlowDown', 503, 'throttling'],
    ['SomethingNew', 429, 'throttling'],
    ['ServiceUnavailable', 503, 'throttling'],
    ['AccessDenied', 403, 'access_denied'],
    ['UnauthorizedOperation', 403, 'access_denied'],
    ['AccessDeniedException', 400, 'access_denied'],
    ['InvalidClientTokenId', 403, 'invalid_credential'],
    ['ExpiredToken', 400, 'invalid_credential'],
    ['ExpiredTokenException', 403, 'invalid_credential'],
    ['AuthFailure', 401, 'invalid_credential'],
    ['SignatureDoesNotMatch', 403, 'invalid_credential'],
    ['UnrecognizedClientException', 400, 'invalid_credential'],
    ['OptInRequired', 403, 'not_enabled'],
    ['InternalError', 500, 'transient'],
    ['NoSuchBucket', 404, 'other'],
  ])('%s (%d) is %s', (name, status, kind) => {
    expect(classifyAwsError(serviceError(name, status))).toBe(kind);
  });

  it('tells an endpoint nobody answers at from a dropped connection', () => {
    expect(classifyAwsError(networkError('ECONNREFUSED'))).toBe('unreachable');
    expect(classifyAwsError(networkError('ECONNRESET'))).toBe('transient');
    expect(classifyAwsError(new Error('boom'))).toBe('other');
    // What the SDK makes of a socket error from another realm (as under Jest).
    expect(classifyAwsError(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'))).toBe('unreachable');
    expect(describeAwsError(new Error('AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1'))).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });

  it('describes an error by its code and message, once', () => {
    expect(describeAwsError(serviceError('ExpiredToken', 400, 'The security token included in the request is expired'))).toBe(
      'ExpiredToken: The security token included in the request is expired',
    );
    expect(describeAwsError(new AwsThrottledError('ec2:DescribeInstances', 'us-east-1', 3, 'RequestLimitExceeded'))).toBe(
      'AwsThrottledError: AWS kept throttling ec2:DescribeInstances in us-east-1 (RequestLimitExceeded) through 3 attempts',
    );
  });
});
