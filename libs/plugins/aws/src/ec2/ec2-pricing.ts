/**
 * EBS list prices per GB-month (us-east-1, on-demand, storage only), for the `monthly_cost_usd`
 * estimate cost rules read. Other regions cost up to ~30% more; provisioned IOPS and throughput
 * are not included, so the estimate errs low.
 */
const PER_GB_MONTH: Readonly<Record<string, number>> = {
  gp3: 0.08,
  gp2: 0.1,
  io1: 0.125,
  io2: 0.125,
  st1: 0.045,
  sc1: 0.015,
  standard: 0.05,
};

export function volumeMonthlyCostUsd(volumeType: string | undefined, sizeGb: number | undefined): number | undefined {
  const price = volumeType === undefined ? undefined : PER_GB_MONTH[volumeType];
  if (price === undefined || sizeGb === undefined) return undefined;
  return Math.round(price * sizeGb * 100) / 100;
}

/** Every public IPv4 address costs $0.005 an hour since February 2024 (about $3.65 a month). */
export const PUBLIC_IPV4_MONTHLY_USD = 3.65;
