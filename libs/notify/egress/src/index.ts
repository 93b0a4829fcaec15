export { addressKind, classifyAddress, type EgressPolicy, type EgressTarget } from './address-policy';
export { checkTargetUrl, type TargetCheck } from './check-target-url';
export { EgressRefusedError } from './egress-refused-error';
export { WEBHOOK_ALLOW_PRIVATE_ENV, webhookAllowPrivateFromEnv } from './egress-settings';
