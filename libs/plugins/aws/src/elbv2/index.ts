import type { Collector } from '../core/collector';
import { loadBalancersCollector } from './load-balancers';

export const ELBV2_COLLECTORS: readonly Collector[] = [loadBalancersCollector];
