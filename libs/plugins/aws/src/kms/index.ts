import type { Collector } from '../core/collector';
import { keysCollector } from './keys';

export const KMS_COLLECTORS: readonly Collector[] = [keysCollector];
