import type { Collector } from '../core/collector';
import { elasticIpsCollector } from './elastic-ips';
import { instancesCollector } from './instances';
import { internetGatewaysCollector } from './internet-gateways';
import { natGatewaysCollector } from './nat-gateways';
import { networkInterfacesCollector } from './network-interfaces';
import { routeTablesCollector } from './route-tables';
import { securityGroupsCollector } from './security-groups';
import { snapshotsCollector } from './snapshots';
import { subnetsCollector } from './subnets';
import { volumesCollector } from './volumes';
import { vpcsCollector } from './vpcs';

export { enabledRegions } from './regions';
export { ingressOpenToWorld, SENSITIVE_PORTS } from './ingress-exposure';

/** EC2 in one region, network first (what everything else sits in). */
export const EC2_COLLECTORS: readonly Collector[] = [
  vpcsCollector,
  subnetsCollector,
  securityGroupsCollector,
  routeTablesCollector,
  internetGatewaysCollector,
  natGatewaysCollector,
  instancesCollector,
  volumesCollector,
  snapshotsCollector,
  elasticIpsCollector,
  networkInterfacesCollector,
];
