import { ingressOpenToWorld } from './ingress-exposure';

describe('ingressOpenToWorld', () => {
  it('lists ports open to 0.0.0.0/0 or ::/0, and nothing open only to a network', () => {
    const exposure = ingressOpenToWorld([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
    ]);
    expect(exposure).toEqual({ ports: [22, 443], ranges: ['22/tcp', '443/tcp'], ipv4Ports: [22], ipv6Ports: [443] });
  });

  it('tells a port open to every IPv4 address from one open to every IPv6 address', () => {
    const exposure = ingressOpenToWorld([
      { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: '::/0' }], IpRanges: [{ CidrIp: '10.0.0.0/8' }] },
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ]);
    expect(exposure.ipv4Ports).toEqual([3389]);
    expect(exposure.ipv6Ports).toEqual(expect.arrayContaining([0, 22, 3389, 5432, 65535]));
    expect(exposure.ports).toEqual(exposure.ipv6Ports);
  });

  it('reports all traffic and wide ranges by their ends and the sensitive ports they cover', () => {
    const all = ingressOpenToWorld([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    expect(all.ports).toEqual(expect.arrayContaining([0, 22, 3389, 5432, 65535]));
    expect(all.ranges).toEqual(['0-65535/all']);
    const wide = ingressOpenToWorld([{ IpProtocol: 'tcp', FromPort: 1000, ToPort: 9000, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
    expect(wide.ports).toContain(3306);
    expect(wide.ports).not.toContain(22);
  });

  it('lists a narrow range port by port, and opens no port for ICMP', () => {
    expect(ingressOpenToWorld([{ IpProtocol: 'udp', FromPort: 60000, ToPort: 60002, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]).ports).toEqual([60000, 60001, 60002]);
    expect(ingressOpenToWorld([{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])).toEqual({ ports: [], ranges: ['8--1/icmp'], ipv4Ports: [], ipv6Ports: [] });
    expect(ingressOpenToWorld(undefined)).toEqual({ ports: [], ranges: [], ipv4Ports: [], ipv6Ports: [] });
  });
});
