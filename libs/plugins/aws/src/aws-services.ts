import { AWS_SERVICES, GLOBAL_SERVICES, type AwsService } from './aws-config';
import { CLOUDTRAIL_COLLECTORS } from './cloudtrail';
import type { Collector } from './core/collector';
import { EC2_COLLECTORS } from './ec2';
import { EKS_COLLECTORS } from './eks';
import { ELBV2_COLLECTORS } from './elbv2';
import { IAM_COLLECTORS } from './iam';
import { KMS_COLLECTORS } from './kms';
import { LAMBDA_COLLECTORS } from './lambda';
import { RDS_COLLECTORS } from './rds';
import { S3_COLLECTORS } from './s3';

/** The collectors of each service, in the order they run. */
export const SERVICE_COLLECTORS: Readonly<Record<AwsService, readonly Collector[]>> = {
  ec2: EC2_COLLECTORS,
  elbv2: ELBV2_COLLECTORS,
  s3: S3_COLLECTORS,
  iam: IAM_COLLECTORS,
  rds: RDS_COLLECTORS,
  lambda: LAMBDA_COLLECTORS,
  eks: EKS_COLLECTORS,
  cloudtrail: CLOUDTRAIL_COLLECTORS,
  kms: KMS_COLLECTORS,
};

/** Other names people use for a supported service (the API's plugin list says "VPC"). */
const ALIASES: Readonly<Record<string, AwsService>> = { vpc: 'ec2', ebs: 'ec2', elb: 'elbv2', elasticloadbalancing: 'elbv2' };

const isService = (name: string): name is AwsService => (AWS_SERVICES as readonly string[]).includes(name);

export interface ServiceSelection {
  /** Supported services to scan, in registry order. */
  services: AwsService[];
  /** Requested names this plugin does not scan (the API's example asks for `shield`, `config`). */
  unsupported: string[];
  /** Whether this is every supported service. */
  all: boolean;
}

/**
 * What `config.services` selects: every supported service when absent; `ec2` brings its load
 * balancers (ELBv2) along, as the EC2 console does.
 */
export function selectServices(requested: readonly string[] | undefined): ServiceSelection {
  if (requested === undefined) return { services: [...AWS_SERVICES], unsupported: [], all: true };
  const chosen = new Set<AwsService>();
  const unsupported: string[] = [];
  for (const name of requested) {
    const service = ALIASES[name] ?? name;
    if (!isService(service)) {
      if (!unsupported.includes(name)) unsupported.push(name);
      continue;
    }
    chosen.add(service);
    if (service === 'ec2') chosen.add('elbv2');
  }
  const services = AWS_SERVICES.filter((service) => chosen.has(service));
  return { services, unsupported, all: services.length === AWS_SERVICES.length };
}

export const isGlobalService = (service: AwsService): boolean => GLOBAL_SERVICES.has(service);
