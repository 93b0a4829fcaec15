import type { Collector } from '../core/collector';
import { trailsCollector } from './trails';

export const CLOUDTRAIL_COLLECTORS: readonly Collector[] = [trailsCollector];
