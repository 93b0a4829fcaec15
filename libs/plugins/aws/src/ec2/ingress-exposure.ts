import type { IpPermission } from '@aws-sdk/client-ec2';

/**
 * Ports attackers scan for first: administration, databases, caches, file sharing. A rule that
 * opens a wide range (or all traffic) to the world is reported by these ports, so a check like
 * "port 22 is open to 0.0.0.0/0" holds for `0-65535` as it does for `22`.
 */
export const SENSITIVE_PORTS: readonly number[] = [
  20, 21, 22, 23, 25, 110, 135, 139, 143, 445, 1433, 1521, 2049, 2375, 2376, 3306, 3389, 5432, 5601, 5900, 6379, 8080, 9200, 9300, 11211, 27017,
];

// Ranges up to this wide are listed port by port; wider ones by their ends and sensitive ports.
const LISTED_RANGE = 64;

const WORLD_V4 = '0.0.0.0/0';
const WORLD_V6 = '::/0';

export interface IngressExposure {
  /** Ports reachable from anywhere (see {@link SENSITIVE_PORTS} for wide ranges), ascending. */
  ports: number[];
  /** Each world-open rule as `<from>-<to>/<protocol>` (`all` for every protocol). */
  ranges: string[];
  /** Of `ports`, those open to every IPv4 address (`0.0.0.0/0`). */
  ipv4Ports: number[];
  /** Of `ports`, those open to every IPv6 address (`::/0`). */
  ipv6Ports: number[];
}

/** Which ingress rules of a security group admit the whole internet (IPv4 or IPv6). */
export function ingressOpenToWorld(permissions: readonly IpPermission[] | undefined): IngressExposure {
  const ports = { v4: new Set<number>(), v6: new Set<number>() };
  const ranges = new Set<string>();
  for (const permission of permissions ?? []) {
    const openTo = {
      v4: (permission.IpRanges ?? []).some((range) => range.CidrIp === WORLD_V4),
      v6: (permission.Ipv6Ranges ?? []).some((range) => range.CidrIpv6 === WORLD_V6),
    };
    if (!openTo.v4 && !openTo.v6) continue;
    const protocol = permission.IpProtocol ?? '-1';
    const allPorts = protocol === '-1' || protocol === 'all';
    // ICMP rules use the port fields for type and code; they open no port.
    if (protocol === 'icmp' || protocol === '1' || protocol === 'icmpv6' || protocol === '58') {
      ranges.add(`${permission.FromPort ?? -1}-${permission.ToPort ?? -1}/${protocol}`);
      continue;
    }
    const from = allPorts || permission.FromPort === undefined || permission.FromPort < 0 ? 0 : permission.FromPort;
    const to = allPorts || permission.ToPort === undefined || permission.ToPort < 0 ? 65535 : permission.ToPort;
    ranges.add(from === to ? `${from}/${allPorts ? 'all' : protocol}` : `${from}-${to}/${allPorts ? 'all' : protocol}`);
    const opened: number[] = [];
    if (to - from < LISTED_RANGE) {
      for (let port = from; port <= to; port++) opened.push(port);
    } else {
      opened.push(from, to);
      for (const port of SENSITIVE_PORTS) if (port >= from && port <= to) opened.push(port);
    }
    for (const family of ['v4', 'v6'] as const) if (openTo[family]) for (const port of opened) ports[family].add(port);
  }
  const ascending = (set: Set<number>) => [...set].sort((a, b) => a - b);
  return { ports: ascending(new Set([...ports.v4, ...ports.v6])), ranges: [...ranges].sort(), ipv4Ports: ascending(ports.v4), ipv6Ports: ascending(ports.v6) };
}
