/**
 * What an AWS error means for a discovery run. The codes are those AWS services send across
 * protocols (Query `<Code>`, REST-XML `<Code>`, JSON `__type`/`x-amzn-errortype`).
 */
export type AwsErrorKind =
  /** Retry with backoff; fail the run with `rate_limited` when it persists. */
  | 'throttling'
  /** A server or network hiccup worth a few retries. */
  | 'transient'
  /** The caller may not do this: skip this service (or region) and say so. */
  | 'access_denied'
  /** The region is not enabled for the account, or the service not subscribed: skip it. */
  | 'not_enabled'
  /** The keys or token are wrong, expired or revoked: fail the run with `invalid_credential`. */
  | 'invalid_credential'
  /** Nothing answers at the endpoint: fail the run with `connection_refused`. */
  | 'unreachable'
  | 'other';

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'SlowDown',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
]);

const ACCESS_DENIED_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AllAccessDisabled',
  'Forbidden',
]);

const NOT_ENABLED_CODES = new Set(['OptInRequired', 'SubscriptionRequiredException', 'InvalidClientTokenId.RegionDisabled']);

const INVALID_CREDENTIAL_CODES = new Set([
  'InvalidClientTokenId',
  'ExpiredToken',
  'ExpiredTokenException',
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidAccessKeyId',
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'InvalidToken',
  'TokenRefreshRequired',
  'CredentialsProviderError',
]);

// A 503 (ServiceUnavailable) counts as throttling: AWS answers 503 when a service sheds load.
const TRANSIENT_CODES = new Set(['InternalError', 'InternalFailure', 'InternalServerError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'TimeoutError', 'RequestTimeout']);
const UNREACHABLE_NETWORK = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  cause?: unknown;
}

/** The AWS error code of an SDK error (`name` for modelled and unmodelled service errors). */
export function awsErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as ErrorShape;
  // A plain `Error`'s name says nothing about what went wrong.
  for (const candidate of [shape.Code, shape.code, shape.name]) if (typeof candidate === 'string' && candidate !== '' && candidate !== 'Error') return candidate;
  return undefined;
}

export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as ErrorShape;
  return shape.$metadata?.httpStatusCode ?? shape.$response?.statusCode;
}

const NETWORK_CODE_IN_MESSAGE = new RegExp(`\\b(${[...TRANSIENT_NETWORK, ...UNREACHABLE_NETWORK].join('|')})\\b`);

function networkCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; typeof current === 'object' && current !== null && depth < 4; depth++) {
    const shape = current as ErrorShape & { message?: unknown };
    if (typeof shape.code === 'string' && (TRANSIENT_NETWORK.has(shape.code) || UNREACHABLE_NETWORK.has(shape.code))) return shape.code;
    if (typeof shape.name === 'string' && TRANSIENT_NETWORK.has(shape.name)) return shape.name;
    // The SDK wraps a socket error that is not an `Error` of its own realm into a plain one whose
    // message ("AWS SDK error wrapper for Error: connect ECONNREFUSED ...") is all that is left.
    if (typeof shape.message === 'string' && shape.message.startsWith('AWS SDK error wrapper')) return NETWORK_CODE_IN_MESSAGE.exec(shape.message)?.[1];
    current = shape.cause;
  }
  return undefined;
}

export function classifyAwsError(error: unknown): AwsErrorKind {
  const code = awsErrorCode(error);
  const status = httpStatusOf(error);
  if (code !== undefined) {
    if (THROTTLING_CODES.has(code)) return 'throttling';
    if (INVALID_CREDENTIAL_CODES.has(code)) return 'invalid_credential';
    if (NOT_ENABLED_CODES.has(code)) return 'not_enabled';
    if (ACCESS_DENIED_CODES.has(code)) return 'access_denied';
    if (TRANSIENT_CODES.has(code)) return 'transient';
  }
  if (status === 429) return 'throttling';
  if (status === 503) return 'throttling';
  if (status !== undefined && status >= 500) return 'transient';
  if (status === 403) return 'access_denied';
  const network = networkCode(error);
  if (network !== undefined) return UNREACHABLE_NETWORK.has(network) ? 'unreachable' : 'transient';
  return 'other';
}

/** `Code: message`, for log lines and run errors (AWS messages name actions and ARNs, never secrets). */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error) ?? networkCode(error);
  const message = (error instanceof Error ? error.message : String(error)).replace(/^AWS SDK error wrapper for (Error: )?/, '');
  if (!code || message.includes(code)) return message;
  return message ? `${code}: ${message}` : code;
}

/** Thrown when AWS kept throttling a call through every attempt. */
export class AwsThrottledError extends Error {
  constructor(
    readonly operation: string,
    readonly region: string,
    readonly attempts: number,
    readonly lastCode: string,
  ) {
    super(`AWS kept throttling ${operation} in ${region} (${lastCode}) through ${attempts} attempts`);
    this.name = 'AwsThrottledError';
  }
}

/** The call an SDK error came from, recorded by the retry middleware (errors carry no operation name). */
export interface AwsCallOrigin {
  operation: string;
  region: string;
}

const origins = new WeakMap<object, AwsCallOrigin>();

export function recordOrigin(error: unknown, origin: AwsCallOrigin): void {
  if (typeof error === 'object' && error !== null && !origins.has(error)) origins.set(error, origin);
}

export function originOf(error: unknown): AwsCallOrigin | undefined {
  return typeof error === 'object' && error !== null ? origins.get(error) : undefined;
}
