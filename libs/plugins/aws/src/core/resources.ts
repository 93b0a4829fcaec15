import type { DiscoveredItem } from '@strata/plugins-api';
import type { AwsResourceType } from '../aws-resource-types';

/** Where a run found things: the account of the credential, in its partition (`aws`, `aws-cn`, `aws-us-gov`). */
export interface AwsAccount {
  accountId: string;
  partition: string;
}

export interface AwsNodeInput {
  id: string;
  type: AwsResourceType;
  name: string;
  account: string;
  /** Left out for resources that belong to no region (IAM). */
  region?: string;
  tags?: Readonly<Record<string, string>>;
  attributes: Readonly<Record<string, unknown>>;
}

/** A discovered node; attributes that AWS did not send are left out rather than stored as null. */
export function awsNode(input: AwsNodeInput): DiscoveredItem {
  const { region, tags, attributes, ...rest } = input;
  return {
    kind: 'node',
    node: { ...rest, provider: 'aws', ...(region === undefined ? {} : { region }), tags: tags ?? {}, attributes: definedOnly(attributes) },
  };
}

/** An edge that reads as a sentence: `from` `type` `to` ("instance in_subnet subnet"). */
export function awsEdge(from: string, type: string, to: string): DiscoveredItem {
  return { kind: 'edge', edge: { from, type, to } };
}

function definedOnly(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, value]) => value !== undefined));
}

/** Timestamps as ISO strings, so attributes stay plain JSON. */
export const isoDate = (date: Date | undefined): string | undefined => (date ? date.toISOString() : undefined);

type TagLike = { Key?: string | undefined; Value?: string | undefined };

/** `[{Key, Value}]` tags as a record. */
export function tagRecord(tags: readonly TagLike[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
  return record;
}

/** A name for a resource: its `Name` tag when it has one, else its id. */
export const nameFrom = (tags: Readonly<Record<string, string>>, id: string): string => tags['Name'] || id;

/** `arn:<partition>:<service>:<region>:<account>:<resource>` */
export function arn(account: AwsAccount, service: string, region: string, resource: string, accountId = account.accountId): string {
  return `arn:${account.partition}:${service}:${region}:${accountId}:${resource}`;
}

/** The ARN of an EC2 resource by its id prefix (`vpc-`, `subnet-`, `sg-`, ...). */
export function ec2Arn(account: AwsAccount, region: string, kind: string, id: string): string {
  // Snapshot ARNs carry no account id.
  return arn(account, 'ec2', region, `${kind}/${id}`, kind === 'snapshot' ? '' : account.accountId);
}
