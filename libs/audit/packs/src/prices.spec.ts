import { priceLookup } from '@strata/audit-domain';
import { loadPriceTable } from './load-pack-data';

// The built-in AWS price table, as data.
describe('built-in AWS price table', () => {
  const table = loadPriceTable();
  const keys = (region: string) => Object.keys(table.regions[region]!).sort();
  const base = table.regions['us-east-1']!;

  it('is valid, dated and covers the five regions with the same keys', () => {
    expect(table).toMatchObject({ version: '2026-11-01', currency: 'USD', hours_per_month: 730 });
    expect(Object.keys(table.regions)).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2']));
    for (const region of Object.keys(table.regions)) expect(keys(region)).toEqual(keys('us-east-1'));
  });

  it('has every key the cost rules price', () => {
    const expected = [
      ...['gp2', 'gp3', 'io1', 'io2', 'st1', 'sc1', 'standard'].map((type) => `ebs.${type}.gb_month`),
      'ebs.gp3.iops_month', 'ebs.gp3.mbps_month', 'ebs.io1.iops_month', 'ebs.io2.iops_month', 'ebs.snapshot.gb_month', 'ebs.snapshot_archive.gb_month',
      'ec2.public_ipv4.hour', 'ec2.nat_gateway.hour', 'ec2.nat_gateway.gb',
      ...['application', 'network', 'gateway', 'classic'].map((kind) => `elb.${kind}.hour`),
      ...['t3', 't3a', 't4g'].flatMap((family) => ['nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge'].map((size) => `ec2.instance.${family}.${size}.hour`)),
      ...['m5', 'm6i', 'm6g', 'm7g', 'c5', 'c6i', 'c6g', 'c7g', 'r5', 'r6i', 'r6g'].flatMap((family) => ['large', 'xlarge', '2xlarge', '4xlarge'].map((size) => `ec2.instance.${family}.${size}.hour`)),
      ...['db.t3', 'db.t4g'].flatMap((family) => ['micro', 'small', 'medium', 'large'].map((size) => `rds.instance.${family}.${size}.hour`)),
      ...['db.m5', 'db.m6g', 'db.m6i', 'db.r5', 'db.r6g', 'db.r6i'].flatMap((family) => ['large', 'xlarge', '2xlarge', '4xlarge'].map((size) => `rds.instance.${family}.${size}.hour`)),
      ...['gp2', 'gp3', 'io1', 'standard'].map((type) => `rds.storage.${type}.gb_month`),
      'rds.snapshot.gb_month',
      'kubernetes.pv.gb_month', 'kubernetes.vcpu.hour', 'kubernetes.memory_gb.hour',
    ];
    expect(keys('us-east-1')).toEqual(expected.sort());
  });

  it('has the published us-east-1 figures', () => {
    expect(base).toMatchObject({
      'ebs.gp3.gb_month': 0.08,
      'ebs.gp2.gb_month': 0.1,
      'ebs.snapshot.gb_month': 0.05,
      'ec2.public_ipv4.hour': 0.005,
      'ec2.nat_gateway.hour': 0.045,
      'ec2.nat_gateway.gb': 0.045,
      'elb.application.hour': 0.0225,
      'elb.network.hour': 0.0225,
      'ec2.instance.t3.micro.hour': 0.0104,
      'ec2.instance.m5.large.hour': 0.096,
    });
  });

  it('is plausible: every region within 1–1.7× of us-east-1, and an instance size costs twice the one below', () => {
    for (const [region, prices] of Object.entries(table.regions)) {
      for (const [key, usd] of Object.entries(prices)) {
        const ratio = usd / base[key]!;
        if (ratio < 1 || ratio > 1.7) throw new Error(`${region} ${key}: ${usd} is ${ratio.toFixed(2)}× us-east-1's ${base[key]}`);
      }
      for (const family of ['m5', 'm6i', 'm6g', 'm7g', 'c5', 'c6i', 'c6g', 'c7g', 'r5', 'r6i', 'r6g', 't3', 't3a', 't4g']) {
        expect(prices[`ec2.instance.${family}.xlarge.hour`]).toBeCloseTo(2 * prices[`ec2.instance.${family}.large.hour`]!, 6);
      }
    }
  });

  it('prices Kubernetes requests as one m5.large split between 2 vCPU and 8 GiB, and a volume of unknown type as gp3', () => {
    for (const [region, prices] of Object.entries(table.regions)) {
      expect([region, 2 * prices['kubernetes.vcpu.hour']! + 8 * prices['kubernetes.memory_gb.hour']!]).toEqual([region, expect.closeTo(prices['ec2.instance.m5.large.hour']!, 4)]);
      // Fargate's ratio of a vCPU-hour to a GB-hour (0.04048 / 0.004445).
      expect(prices['kubernetes.vcpu.hour']! / prices['kubernetes.memory_gb.hour']!).toBeCloseTo(9.107, 1);
      expect(prices['kubernetes.pv.gb_month']).toBe(prices['ebs.gp3.gb_month']);
    }
  });

  it('is looked up by region, falling back to us-east-1 approximately', () => {
    const { price } = priceLookup(table);
    expect(price('eu-west-1', 'ebs.gp3.gb_month')).toEqual({ usd: 0.088, region: 'eu-west-1', approximate: false });
    expect(price('sa-east-1', 'ebs.gp3.gb_month')).toEqual({ usd: 0.08, region: 'us-east-1', approximate: true });
    expect(price(undefined, 'ec2.instance.m5.large.hour')).toEqual({ usd: 0.096, region: 'us-east-1', approximate: true });
    expect(price('eu-west-1', 'ec2.instance.x9.large.hour')).toBeUndefined();
  });
});
