import type { Collector } from '../core/collector';
import { bucketsCollector } from './buckets';

export const S3_COLLECTORS: readonly Collector[] = [bucketsCollector];
