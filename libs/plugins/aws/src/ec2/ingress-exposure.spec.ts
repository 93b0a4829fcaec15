import { ingressOpenToWorld } from './ingress-exposure';

describe('ingressOpenToWorld', () => {
  it('lists ports open to 0.0.0.0/0 or ::/0, and nothing open only to a network', () => {
    const exposure = ingressOpenToWorld([
      { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
    ]);
    expect(exposure).toEqual({ ports: [22, 443], ranges: ['22/tcp', '443/tcp'] });
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
    expect(ingressOpenToWorld([{ IpProtocol: 'icmp', FromPort: 8, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }])).toEqual({ ports: [], ranges: ['8--1/icmp'] });
    expect(ingressOpenToWorld(undefined)).toEqual({ ports: [], ranges: [] });
  });
});
