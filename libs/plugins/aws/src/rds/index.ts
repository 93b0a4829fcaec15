import type { Collector } from '../core/collector';
import { dbClustersCollector } from './db-clusters';
import { dbInstancesCollector } from './db-instances';
import { dbClusterSnapshotsCollector, dbSnapshotsCollector } from './db-snapshots';

export const RDS_COLLECTORS: readonly Collector[] = [dbInstancesCollector, dbClustersCollector, dbSnapshotsCollector, dbClusterSnapshotsCollector];
