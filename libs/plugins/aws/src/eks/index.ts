import type { Collector } from '../core/collector';
import { clustersCollector } from './clusters';

export const EKS_COLLECTORS: readonly Collector[] = [clustersCollector];
