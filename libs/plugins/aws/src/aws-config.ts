import { z } from 'zod';

/** The services this plugin discovers, as `config.services` names them. */
export const AWS_SERVICES = ['ec2', 'elbv2', 's3', 'iam', 'rds', 'lambda', 'eks', 'cloudtrail', 'kms'] as const;
export type AwsService = (typeof AWS_SERVICES)[number];

/** Services whose resources are not regional: discovered once per run, from the home region. */
export const GLOBAL_SERVICES: ReadonlySet<AwsService> = new Set(['iam', 's3']);

/**
 * Services that `config.endpoints` can point elsewhere (STS is used to check and assume
 * credentials, CloudWatch to read the utilisation of what EC2, RDS and ELBv2 find).
 */
export const ENDPOINT_SERVICES = [...AWS_SERVICES, 'sts', 'cloudwatch'] as const;
export type EndpointService = (typeof ENDPOINT_SERVICES)[number];

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

const endpointUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' }).max(2048);
const endpointsSchema = z.object(Object.fromEntries(ENDPOINT_SERVICES.map((service) => [service, endpointUrl.optional()]))).strict() as z.ZodType<
  Partial<Record<EndpointService, string>>
>;

export const AWS_DEFAULT_CONCURRENCY = 4;
export const AWS_DEFAULT_METRICS_LOOKBACK_DAYS = 14;

export const awsConfigSchema = z
  .object({
    regions: z
      .array(z.string().regex(REGION, 'an AWS region name such as us-east-1'))
      .min(1)
      .max(64)
      .optional()
      .describe("Regions to scan; default: every region enabled for the account (EC2 DescribeRegions)"),
    services: z
      .array(z.string().regex(/^[a-z0-9-]{1,40}$/, 'a lower-case service name such as ec2'))
      .min(1)
      .max(64)
      .optional()
      .describe(`Services to scan (${AWS_SERVICES.join(', ')}); default: all. Others are skipped with a warning; ec2 includes its load balancers (elbv2)`),
    account_id: z
      .string()
      .regex(/^\d{12}$/, 'a 12-digit AWS account id')
      .optional()
      .describe('The account the credential must belong to; also names the reconcile scope'),
    role_arn: z.string().regex(ROLE_ARN, 'an IAM role ARN: arn:aws:iam::<account>:role/<name>').optional().describe('Role to assume (STS AssumeRole)'),
    external_id: z
      .string()
      .regex(/^[\w+=,.@:/-]{2,1224}$/, '2-1224 letters, digits and +=,.@:/-')
      .optional()
      .describe('External id the role trust policy requires (with role_arn here or in the credential)'),
    role_session_name: z.string().regex(/^[\w+=,.@-]{2,64}$/).default('strata-discovery'),
    home_region: z
      .string()
      .regex(REGION, 'an AWS region name such as us-east-1')
      .default('us-east-1')
      .describe('Region for account-wide calls (STS, IAM, S3 bucket list, DescribeRegions)'),
    endpoint_url: endpointUrl.optional().describe('Send every call here (LocalStack, a fixture server); S3 then uses path-style addressing'),
    endpoints: endpointsSchema.optional().describe('Per-service endpoint overrides, e.g. {"s3": "http://localhost:4566"}'),
    concurrency: z.number().int().min(1).max(32).default(AWS_DEFAULT_CONCURRENCY).describe('Services and regions scanned at once'),
    max_attempts: z.number().int().min(1).max(20).default(8).describe('Attempts per call when AWS throttles, before the run fails with rate_limited'),
    metrics: z
      .boolean()
      .default(true)
      .describe('Read CloudWatch utilisation (GetMetricData) of running EC2 instances, available RDS instances and active load balancers into their utilization attribute'),
    metrics_lookback_days: z
      .number()
      .int()
      .min(1)
      .max(63)
      .default(AWS_DEFAULT_METRICS_LOOKBACK_DAYS)
      .describe('Whole UTC days, up to the start of today, that utilization summarises (at most 63, as long as CloudWatch keeps five-minute data)'),
  })
  .strict();

export type AwsConfig = z.output<typeof awsConfigSchema>;
