import type { Collector } from '../core/collector';
import { accessKeysCollector } from './access-keys';
import { authorizationDetailsCollector } from './authorization-details';
import { passwordPolicyCollector } from './password-policy';

export { accessKeyId } from './access-keys';
export { passwordPolicyId } from './password-policy';
export { trustedPrincipals } from './trust-policy';

export const IAM_COLLECTORS: readonly Collector[] = [authorizationDetailsCollector, accessKeysCollector, passwordPolicyCollector];
