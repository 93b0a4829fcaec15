import { priceLookup, priceTableSchema, type PriceTable } from './price-table';

const table: PriceTable = {
  version: '2026-11-01',
  source: 'test',
  currency: 'USD',
  hours_per_month: 730,
  regions: {
    'us-east-1': { 'ebs.gp3.gb_month': 0.08, 'ec2.public_ipv4.hour': 0.005 },
    'eu-west-1': { 'ebs.gp3.gb_month': 0.088 },
  },
};

describe('priceTableSchema', () => {
  it('accepts a table and names the field it rejects', () => {
    expect(priceTableSchema.parse(table)).toEqual(table);
    const bad = { ...table, regions: { ...table.regions, 'eu-west-1': { 'ebs.gp3.gb_month': -1 } } };
    expect(priceTableSchema.safeParse(bad).error!.issues[0]!.path).toEqual(['regions', 'eu-west-1', 'ebs.gp3.gb_month']);
  });

  it('requires the fallback region, a date version and USD', () => {
    expect(priceTableSchema.safeParse({ ...table, regions: { 'eu-west-1': {} } }).error!.issues[0]!.path).toEqual(['regions', 'us-east-1']);
    expect(priceTableSchema.safeParse({ ...table, version: 'v1' }).success).toBe(false);
    expect(priceTableSchema.safeParse({ ...table, currency: 'EUR' }).success).toBe(false);
    expect(priceTableSchema.safeParse({ ...table, regions: { ...table.regions, 'eu-west-1': { 'Bad Key': 1 } } }).success).toBe(false);
  });
});

describe('priceLookup', () => {
  const { price, version, hoursPerMonth } = priceLookup(table);

  it('prices a key in its region', () => {
    expect(price('eu-west-1', 'ebs.gp3.gb_month')).toEqual({ usd: 0.088, region: 'eu-west-1', approximate: false });
    expect(price('us-east-1', 'ebs.gp3.gb_month')).toEqual({ usd: 0.08, region: 'us-east-1', approximate: false });
    expect([version, hoursPerMonth]).toEqual(['2026-11-01', 730]);
  });

  it('falls back to us-east-1, approximately, for an unknown or missing region, or a key the region lacks', () => {
    const fallback = { usd: 0.08, region: 'us-east-1', approximate: true };
    expect(price(undefined, 'ebs.gp3.gb_month')).toEqual(fallback);
    expect(price('sa-east-1', 'ebs.gp3.gb_month')).toEqual(fallback);
    expect(price('eu-west-1', 'ec2.public_ipv4.hour')).toEqual({ usd: 0.005, region: 'us-east-1', approximate: true });
  });

  it('is undefined for an unknown key, and never reads inherited properties', () => {
    expect(price('eu-west-1', 'ebs.gp9.gb_month')).toBeUndefined();
    expect(price(undefined, 'ebs.gp9.gb_month')).toBeUndefined();
    expect(price('us-east-1', 'toString')).toBeUndefined();
    expect(price('constructor', 'ebs.gp3.gb_month')).toEqual({ usd: 0.08, region: 'us-east-1', approximate: true });
  });
});
