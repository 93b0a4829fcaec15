import type { ResourceEdge, ResourceNode } from '@strata/contracts';
import { DEMO_DEFAULT_DRIFT_PERCENT } from './demo-config';
import { hash32, unit } from './hash';

/**
 * The demo estate is laid out in cells of 100 resource slots. Slot k of a cell is always the same
 * kind of resource, so any resource and everything it points at can be computed from its index
 * alone: the estate is streamed, never built in memory.
 */
const CELL = 100;
const KINDS = [
  { kind: 'vpc', first: 0, count: 1 },
  { kind: 'subnet', first: 1, count: 3 },
  { kind: 'security_group', first: 4, count: 2 },
  { kind: 'instance', first: 6, count: 30 },
  { kind: 'volume', first: 36, count: 30 },
  { kind: 'bucket', first: 66, count: 4 },
  { kind: 'role', first: 70, count: 5 },
  { kind: 'pod', first: 75, count: 25 },
] as const;
export type DemoKind = (typeof KINDS)[number]['kind'];

export const DEMO_TYPES: Record<DemoKind, string> = {
  vpc: 'demo.ec2.vpc',
  subnet: 'demo.ec2.subnet',
  security_group: 'demo.ec2.security_group',
  instance: 'demo.ec2.instance',
  volume: 'demo.ec2.volume',
  bucket: 'demo.s3.bucket',
  role: 'demo.iam.role',
  pod: 'demo.k8s.pod',
};

const ACCOUNTS = ['000000000001', '000000000002', '000000000003'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const INSTANCE_TYPES = ['t3.micro', 'm5.large', 'c6g.xlarge', 'r6i.2xlarge'] as const;
const VOLUME_TYPES = ['gp3', 'gp2', 'io1'] as const;
const TEAMS = ['platform', 'payments', 'search', 'data'];

/** How many removable resources a seed leaves out, for each one it changes. */
const ABSENT_PER_CHANGED = 0.3;

export interface Slot {
  index: number;
  cell: number;
  kind: DemoKind;
  /** Position among the cell's resources of this kind. */
  ordinal: number;
}

export function slotAt(index: number): Slot {
  const cell = Math.floor(index / CELL);
  const k = index % CELL;
  const entry = KINDS.find((e) => k >= e.first && k < e.first + e.count)!;
  return { index, cell, kind: entry.kind, ordinal: k - entry.first };
}

const indexOf = (cell: number, kind: DemoKind, ordinal: number): number =>
  cell * CELL + KINDS.find((e) => e.kind === kind)!.first + ordinal;

/**
 * CPU and network over the last 14 days, as the aws plugin reads them from CloudWatch: one
 * instance in eight is idle (waste the audit should find), the rest busy.
 */
function utilization(base: number) {
  const idle = (base >>> 5) % 8 === 0;
  const cpuAvg = idle ? 0.5 + ((base >>> 8) % 15) / 10 : 12 + ((base >>> 8) % 60);
  return {
    lookback_days: 14,
    datapoints: 14,
    cpu_avg_percent: cpuAvg,
    cpu_max_percent: Math.min(100, Math.round(cpuAvg * 30) / 10),
    network_mb_per_day: idle ? ((base >>> 12) % 30) / 10 : 200 + ((base >>> 12) % 5000),
  };
}

const pick = <T>(items: readonly T[], n: number): T => items[n % items.length]!;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

export class DemoEstate {
  /** Share of resources this seed changes, and of removable resources it leaves out. */
  private readonly changedShare: number;
  private readonly absentShare: number;

  /** `driftPercent`: the share of resources a seed changes (see DemoConfig.drift_percent). */
  constructor(
    readonly size: number,
    readonly seed: string,
    driftPercent = DEMO_DEFAULT_DRIFT_PERCENT,
  ) {
    this.changedShare = driftPercent / 100;
    this.absentShare = this.changedShare * ABSENT_PER_CHANGED;
  }

  /** Whether slot `index` holds a resource in this seed's estate. */
  present(index: number): boolean {
    if (index < 0 || index >= this.size) return false;
    const slot = slotAt(index);
    switch (slot.kind) {
      case 'volume':
      case 'bucket':
      case 'instance':
        return unit('absent', this.seed, index) >= this.absentShare;
      case 'pod':
        // A pod goes when its node goes.
        return unit('absent', this.seed, index) >= this.absentShare && this.present(this.podHost(slot));
      default:
        return true;
    }
  }

  /** Seed-dependent attributes apply to a stable subset of resources per seed. */
  private changed(index: number): boolean {
    return unit('changed', this.seed, index) < this.changedShare;
  }

  private podHost(slot: Slot): number {
    return indexOf(slot.cell, 'instance', slot.ordinal % 30);
  }

  private volumeHost(slot: Slot): number | undefined {
    // One volume in ten is deliberately left unattached (waste the audit should find).
    if (unit('unattached', slot.index) < 0.1) return undefined;
    const host = indexOf(slot.cell, 'instance', slot.ordinal);
    return this.present(host) ? host : undefined;
  }

  id(index: number): string {
    const slot = slotAt(index);
    const account = pick(ACCOUNTS, slot.cell);
    const region = pick(REGIONS, slot.cell);
    const n = hex(index, 8);
    switch (slot.kind) {
      case 'vpc': return `arn:demo:ec2:${region}:${account}:vpc/vpc-${n}`;
      case 'subnet': return `arn:demo:ec2:${region}:${account}:subnet/subnet-${n}`;
      case 'security_group': return `arn:demo:ec2:${region}:${account}:security-group/sg-${n}`;
      case 'instance': return `arn:demo:ec2:${region}:${account}:instance/i-${n}`;
      case 'volume': return `arn:demo:ec2:${region}:${account}:volume/vol-${n}`;
      case 'bucket': return `arn:demo:s3:::demo-bucket-${n}`;
      case 'role': return `arn:demo:iam::${account}:role/demo-role-${n}`;
      case 'pod': return `demo-k8s://cluster-${slot.cell}/pods/pod-${n}`;
    }
  }

  node(index: number): ResourceNode | undefined {
    if (!this.present(index)) return undefined;
    const slot = slotAt(index);
    const base = hash32(`base:${index}`);
    const changed = this.changed(index);
    const variant = hash32(`variant:${this.seed}:${index}`);
    const team = pick(TEAMS, changed ? variant : base);
    const global = slot.kind === 'bucket' || slot.kind === 'role';
    const regional = { account: pick(ACCOUNTS, slot.cell), ...(global ? {} : { region: pick(REGIONS, slot.cell) }) };
    const tags: Record<string, string> = { team, env: pick(['prod', 'staging', 'dev'], base >>> 3) };
    const common = { id: this.id(index), type: DEMO_TYPES[slot.kind], provider: 'demo', tags, ...regional };
    const name = `${slot.kind.replace('_', '-')}-${hex(index, 6)}`;

    switch (slot.kind) {
      case 'vpc':
        return { ...common, name, attributes: { cidr_block: `10.${slot.cell % 256}.0.0/16`, is_default: slot.cell === 0 } };
      case 'subnet':
        return { ...common, name, attributes: { cidr_block: `10.${slot.cell % 256}.${slot.ordinal}.0/24`, map_public_ip_on_launch: slot.ordinal === 0 } };
      case 'security_group':
        return { ...common, name, attributes: { ingress_open_to_world: slot.ordinal === 0 && base % 4 === 0 ? [22] : [] } };
      case 'instance': {
        const instanceType = pick(INSTANCE_TYPES, base);
        const state = changed && variant % 2 === 0 ? 'stopped' : 'running';
        const attributes = { instance_type: instanceType, state, public_ip: base % 5 === 0 };
        return { ...common, name, attributes: state === 'running' ? { ...attributes, utilization: utilization(base) } : attributes };
      }
      case 'volume': {
        const volumeType = pick(VOLUME_TYPES, base);
        const sizeGb = 8 * (1 + (base % 64));
        const attached = this.volumeHost(slot) !== undefined;
        return {
          ...common,
          name,
          attributes: {
            volume_type: volumeType,
            size_gb: sizeGb,
            encrypted: changed ? variant % 3 !== 0 : base % 7 !== 0,
            state: attached ? 'in-use' : 'available',
          },
        };
      }
      case 'bucket':
        return {
          ...common,
          name: `demo-bucket-${hex(index, 8)}`,
          attributes: {
            public_access_blocked: changed ? variant % 2 === 0 : base % 9 !== 0,
            encrypted: base % 11 !== 0,
            versioning: base % 2 === 0,
          },
        };
      case 'role':
        return { ...common, name, attributes: { trusted_service: pick(['ec2.amazonaws.com', 'lambda.amazonaws.com'], base) } };
      case 'pod':
        return {
          ...common,
          name,
          attributes: { namespace: pick(['default', 'production', 'monitoring'], base), phase: changed && variant % 4 === 0 ? 'Pending' : 'Running', privileged: base % 13 === 0 },
        };
    }
  }

  /** The edges that start at resource `index` (only to resources present in this estate). */
  edges(index: number, edgesPerNode?: number): ResourceEdge[] {
    if (!this.present(index)) return [];
    const slot = slotAt(index);
    const from = this.id(index);
    const edges: ResourceEdge[] = [];
    const to = (target: number | undefined, type: string) => {
      if (target !== undefined && this.present(target)) edges.push({ from, to: this.id(target), type });
    };
    const vpc = indexOf(slot.cell, 'vpc', 0);
    switch (slot.kind) {
      case 'subnet':
      case 'security_group':
        to(vpc, 'in_vpc');
        break;
      case 'instance':
        to(indexOf(slot.cell, 'subnet', slot.ordinal % 3), 'in_subnet');
        to(indexOf(slot.cell, 'security_group', slot.ordinal % 2), 'uses');
        to(indexOf(slot.cell, 'role', slot.ordinal % 5), 'assumes');
        break;
      case 'volume':
        to(this.volumeHost(slot), 'attached_to');
        break;
      case 'pod':
        to(this.podHost(slot), 'runs_on');
        break;
      default:
        break;
    }
    if (edgesPerNode !== undefined && (slot.kind === 'instance' || slot.kind === 'pod')) {
      // Network flows between workloads of the same cell, enough to reach the requested density
      // (instances and pods are 55 of every 100 resources).
      const base = edgesPerNode * (CELL / 55) - edges.length;
      const flows = Math.max(0, Math.round(base));
      for (let f = 1; f <= flows; f++) to(indexOf(slot.cell, 'instance', (slot.ordinal + f * 7) % 30), 'connects_to');
    }
    return edges;
  }
}
