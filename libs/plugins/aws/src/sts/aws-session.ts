import { AssumeRoleCommand, GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { PluginError } from '@strata/plugins-api';
import type { AwsConfig, EndpointService } from '../aws-config';
import { ENDPOINT_SERVICES } from '../aws-config';
import { AwsClients, type AwsClientOptions, type AwsCredentialsInput } from '../core/aws-clients';
import { classifyAwsError, describeAwsError } from '../core/aws-errors';
import type { AwsAccount } from '../core/resources';
import { runFailure } from '../core/run-failure';

/** The run's way into AWS: clients with working credentials, and whose account they reach. */
export interface AwsSession {
  clients: AwsClients;
  account: AwsAccount;
  /** The caller's ARN (a user, or an assumed-role session). */
  callerArn: string;
  /** Closes every client's connections, those that assume the role included. */
  close(): void;
}

export interface OpenSessionOptions extends Omit<AwsClientOptions, 'credentials' | 'endpoints'> {
  config: AwsConfig;
  credential: Readonly<Record<string, string>>;
}

// Renew assumed-role keys this long before they expire, so no call is signed with stale ones.
const RENEW_BEFORE_MS = 5 * 60_000;

/** `endpoints.<service>`, else `endpoint_url`, for every service. */
export function resolveEndpoints(config: Pick<AwsConfig, 'endpoint_url' | 'endpoints'>): Partial<Record<EndpointService, string>> {
  const endpoints: Partial<Record<EndpointService, string>> = {};
  for (const service of ENDPOINT_SERVICES) {
    const endpoint = config.endpoints?.[service] ?? config.endpoint_url;
    if (endpoint !== undefined) endpoints[service] = endpoint;
  }
  return endpoints;
}

/** The role to assume: the job's `config.role_arn` (as in the API's example), else the credential's. */
export function roleToAssume(config: AwsConfig, credential: Readonly<Record<string, string>>): { roleArn: string; externalId?: string } | undefined {
  const roleArn = config.role_arn ?? credential['role_arn'];
  if (roleArn === undefined) return undefined;
  const externalId = config.external_id ?? credential['external_id'];
  return externalId === undefined ? { roleArn } : { roleArn, externalId };
}

function staticKeys(credential: Readonly<Record<string, string>>): AwsCredentialsInput {
  const accessKeyId = credential['access_key_id'];
  const secretAccessKey = credential['secret_access_key'];
  if (accessKeyId === undefined || secretAccessKey === undefined) return undefined;
  const sessionToken = credential['session_token'];
  return sessionToken === undefined ? { accessKeyId, secretAccessKey } : { accessKeyId, secretAccessKey, sessionToken };
}

/**
 * Credentials for the run: the credential's keys (with their session token), or a role assumed
 * with them (or, for a credential that holds only a role, with the worker's own AWS identity),
 * checked with STS GetCallerIdentity before anything else is called.
 */
export async function openAwsSession(options: OpenSessionOptions): Promise<AwsSession> {
  const { config, credential, signal } = options;
  const endpoints = resolveEndpoints(config);
  const keys = staticKeys(credential);
  const role = roleToAssume(config, credential);
  if (keys === undefined && role === undefined) {
    throw new PluginError('invalid_credential', 'The AWS credential has neither access keys nor a role to assume');
  }
  let credentials = keys;
  let baseClients: AwsClients | undefined;
  if (role) {
    baseClients = new AwsClients({ ...options, credentials: keys, endpoints });
    credentials = assumedRoleCredentials(baseClients.sts(config.home_region), { ...role, sessionName: config.role_session_name }, signal);
  }
  const clients = new AwsClients({ ...options, credentials, endpoints });
  try {
    const identity = await clients.sts(config.home_region).send(new GetCallerIdentityCommand({}), { abortSignal: signal });
    const accountId = identity.Account ?? '';
    const callerArn = identity.Arn ?? '';
    if (config.account_id !== undefined && accountId !== config.account_id) {
      throw new PluginError('invalid_credential', `The credential belongs to account ${accountId}, not to account ${config.account_id} (config.account_id)`);
    }
    const close = (): void => {
      clients.destroy();
      baseClients?.destroy();
    };
    return { clients, account: { accountId, partition: callerArn.split(':')[1] || 'aws' }, callerArn, close };
  } catch (error) {
    clients.destroy();
    baseClients?.destroy();
    throw runFailure(error, signal);
  }
}

interface RoleSession {
  roleArn: string;
  externalId?: string;
  sessionName: string;
}

interface TemporaryKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** A credentials provider that assumes the role, and again shortly before the keys expire. */
function assumedRoleCredentials(sts: STSClient, role: RoleSession, signal: AbortSignal): () => Promise<TemporaryKeys> {
  let current: Promise<TemporaryKeys> | undefined;
  let expiresAt = 0;
  const assume = async (): Promise<TemporaryKeys> => {
    try {
      const { Credentials: keys } = await sts.send(
        new AssumeRoleCommand({ RoleArn: role.roleArn, RoleSessionName: role.sessionName, ...(role.externalId ? { ExternalId: role.externalId } : {}) }),
        { abortSignal: signal },
      );
      if (!keys?.AccessKeyId || !keys.SecretAccessKey || !keys.SessionToken || !keys.Expiration) {
        throw new PluginError('invalid_credential', `STS AssumeRole of ${role.roleArn} returned no credentials`);
      }
      expiresAt = keys.Expiration.getTime();
      return { accessKeyId: keys.AccessKeyId, secretAccessKey: keys.SecretAccessKey, sessionToken: keys.SessionToken, expiration: keys.Expiration };
    } catch (error) {
      current = undefined;
      const kind = classifyAwsError(error);
      if (kind === 'access_denied' || kind === 'invalid_credential') {
        throw new PluginError(
          'invalid_credential',
          `Could not assume role ${role.roleArn}: ${describeAwsError(error)} (check the role's trust policy and external id)`,
        );
      }
      throw error;
    }
  };
  return () => {
    if (current === undefined || Date.now() > expiresAt - RENEW_BEFORE_MS) {
      // Calls that come while the role is being assumed wait for the same keys.
      expiresAt = Number.POSITIVE_INFINITY;
      current = assume();
    }
    return current;
  };
}
