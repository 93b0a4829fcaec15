export { addressKind, classifyAddress, type EgressPolicy, type EgressTarget } from './address-policy';
export { checkTargetUrl, type TargetCheck } from './check-target-url';
export { EgressRefusedError } from './egress-refused-error';
export { createSafeDispatcher, SafeDispatcher, type Resolver, type SafeDispatcherOptions, systemResolver } from './safe-dispatcher';
export { safeFetch, type SafeFetchInit, type SafeFetchOptions, TooManyRedirectsError } from './safe-fetch';
export { safeRequest, type SafeRequestInit, type SafeRequestResponse } from './safe-request';
export {
  computeSignature,
  DEFAULT_TOLERANCE_SECONDS,
  type HeaderSource,
  signDelivery,
  type SignDeliveryInput,
  STRATA_DELIVERY_HEADER,
  STRATA_EVENT_HEADER,
  STRATA_SIGNATURE_HEADER,
  STRATA_TIMESTAMP_HEADER,
  type StrataDeliveryHeaders,
  verifySignature,
  type VerifyResult,
  type VerifySignatureInput,
} from './signing';
export {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  backoffDelay,
  classifyDeliveryOutcome,
  type DeliveryAttempt,
  type DeliveryOutcome,
  retryAfterMs,
} from './delivery-outcome';
export { WEBHOOK_ALLOW_PRIVATE_ENV, webhookAllowPrivateFromEnv } from './egress-settings';
