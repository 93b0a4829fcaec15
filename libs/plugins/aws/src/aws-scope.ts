import { createHash } from 'node:crypto';
import type { AwsConfig } from './aws-config';
import { selectServices } from './aws-services';
import { roleToAssume } from './sts/aws-session';

/**
 * The reconcile scope of a run (`scopeOf` must answer before any AWS call, so it cannot ask STS):
 *
 * - `aws:<account id>`, from `config.account_id`, else from the account in the role ARN to assume;
 * - `aws:key-<first 16 hex of sha256(access key id)>` for a key credential without either: stable
 *   per key, without publishing the key id (the worker treats every credential field as secret);
 * - with `/<services>/<regions>` appended when the job scans only some services or regions (`*`
 *   for all), so that a job scanning us-east-1 does not mark every other region's resources removed.
 *
 * A run whose credential turns out to belong to another account than `config.account_id` fails
 * with `invalid_credential` rather than reconciling the wrong scope.
 */
export function awsScope(config: AwsConfig, credential: Readonly<Record<string, string>>): string {
  const roleAccount = roleToAssume(config, credential)?.roleArn.split(':')[4];
  const accessKeyId = credential['access_key_id'];
  const base =
    config.account_id !== undefined
      ? `aws:${config.account_id}`
      : roleAccount
        ? `aws:${roleAccount}`
        : accessKeyId
          ? `aws:key-${createHash('sha256').update(accessKeyId).digest('hex').slice(0, 16)}`
          : 'aws:unknown';
  const selection = selectServices(config.services);
  const services = selection.all ? '*' : selection.services.join(',');
  const regions = config.regions === undefined ? '*' : [...new Set(config.regions)].sort().join(',');
  return services === '*' && regions === '*' ? base : `${base}/${services}/${regions}`;
}
