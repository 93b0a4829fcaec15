import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EKSClient } from '@aws-sdk/client-eks';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient, type STSClientConfig } from '@aws-sdk/client-sts';
import type { EndpointService } from '../aws-config';
import type { BackoffPolicy } from './backoff';
import { retryMiddleware, type AwsRetryEvent } from './retry-middleware';

/** Static keys, or a provider that refreshes them (an assumed role); undefined: the SDK's default chain. */
export type AwsCredentialsInput = STSClientConfig['credentials'];

export interface AwsClientOptions {
  credentials: AwsCredentialsInput;
  /** Endpoint per service (`endpoint_url` already applied to every service without its own). */
  endpoints: Partial<Record<EndpointService, string>>;
  backoff: BackoffPolicy;
  signal: AbortSignal;
  onRetry: (event: AwsRetryEvent) => void;
}

interface Stackable {
  middlewareStack: {
    add(middleware: ReturnType<typeof retryMiddleware>, options: { step: 'initialize'; name: string; priority: 'high' }): void;
    remove(name: string): boolean;
  };
  destroy(): void;
}

// Generous: a DescribeInstances page of 1000 instances can take a while on a busy account.
const REQUEST_HANDLER = { connectionTimeout: 10_000, requestTimeout: 120_000 };

/**
 * The SDK clients of one run, one per service and region, made on first use and sharing the
 * run's credentials, endpoints, retry policy and abort signal.
 */
export class AwsClients {
  private readonly made = new Map<string, Stackable>();

  constructor(private readonly options: AwsClientOptions) {}

  ec2 = (region: string): EC2Client => this.get('ec2', region, (config) => new EC2Client(config));
  elbv2 = (region: string): ElasticLoadBalancingV2Client => this.get('elbv2', region, (config) => new ElasticLoadBalancingV2Client(config));
  iam = (region: string): IAMClient => this.get('iam', region, (config) => new IAMClient(config));
  rds = (region: string): RDSClient => this.get('rds', region, (config) => new RDSClient(config));
  lambda = (region: string): LambdaClient => this.get('lambda', region, (config) => new LambdaClient(config));
  eks = (region: string): EKSClient => this.get('eks', region, (config) => new EKSClient(config));
  cloudtrail = (region: string): CloudTrailClient => this.get('cloudtrail', region, (config) => new CloudTrailClient(config));
  kms = (region: string): KMSClient => this.get('kms', region, (config) => new KMSClient(config));
  cloudwatch = (region: string): CloudWatchClient => this.get('cloudwatch', region, (config) => new CloudWatchClient(config));
  sts = (region: string): STSClient => this.get('sts', region, (config) => new STSClient(config));
  // A custom endpoint (LocalStack, a fixture) cannot serve virtual-hosted bucket names.
  s3 = (region: string): S3Client =>
    this.get('s3', region, (config) => new S3Client({ ...config, forcePathStyle: config.endpoint !== undefined, followRegionRedirects: true }));

  /** Closes every client's connections. */
  destroy(): void {
    for (const client of this.made.values()) client.destroy();
    this.made.clear();
  }

  private get<C extends Stackable>(service: EndpointService, region: string, make: (config: ClientConfig) => C): C {
    const key = `${service}:${region}`;
    const existing = this.made.get(key);
    if (existing) return existing as C;
    const endpoint = this.options.endpoints[service];
    const client = make({
      region,
      credentials: this.options.credentials,
      ...(endpoint === undefined ? {} : { endpoint }),
      // Retries are the middleware's, so each one reaches the job log and stops on abort.
      maxAttempts: 1,
      customUserAgent: 'strata-discovery',
      requestHandler: REQUEST_HANDLER,
    });
    const middleware = retryMiddleware({ service, region, policy: this.options.backoff, signal: this.options.signal, onRetry: this.options.onRetry });
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'strataRetryMiddleware', priority: 'high' });
    // The SDK's logger middleware copies every input and output through its schema's log filter
    // for a logger that is a no-op here (clients get none): 2-3 % of a run's CPU, for nothing.
    client.middlewareStack.remove('loggerMiddleware');
    this.made.set(key, client);
    return client;
  }
}

interface ClientConfig {
  region: string;
  credentials: AwsCredentialsInput;
  endpoint?: string;
  maxAttempts: number;
  customUserAgent: string;
  requestHandler: typeof REQUEST_HANDLER;
}
