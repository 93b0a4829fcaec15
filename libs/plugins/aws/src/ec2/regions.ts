import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import type { AwsClients } from '../core/aws-clients';

/** The regions enabled for the account (opt-in regions only once opted in), sorted. */
export async function enabledRegions(clients: AwsClients, homeRegion: string, abortSignal: AbortSignal): Promise<string[]> {
  const { Regions = [] } = await clients.ec2(homeRegion).send(new DescribeRegionsCommand({ AllRegions: false }), { abortSignal });
  return Regions.filter((region) => region.OptInStatus !== 'not-opted-in')
    .map((region) => region.RegionName)
    .filter((name) => name !== undefined)
    .sort();
}
