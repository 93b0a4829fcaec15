import type { Collector } from '../core/collector';
import { functionsCollector } from './functions';

export const LAMBDA_COLLECTORS: readonly Collector[] = [functionsCollector];
