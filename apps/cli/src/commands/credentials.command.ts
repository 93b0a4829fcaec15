import { Option, type Command } from 'commander';
import { cursorOption, examples, limitOption, withSession, type CommandGroup } from '../core/command-helpers';
import { segment } from '../core/api-client';
import type { Session } from '../core/context';
import { UsageError } from '../core/errors';
import { checkOneStdin, readSource } from '../core/input';
import { columns } from '../core/output';

const CREDENTIAL_COLUMNS = columns(['ID', 'id'], ['KIND', 'kind'], ['NAME', 'name'], ['JOB', 'job_id'], ['CREATED', 'created_at']);

interface CommonAddOptions {
  id?: string;
  name: string;
}

/** Stores the credential: the secret goes in the body only, and the answer masks it. */
async function create(session: Session, kind: string, options: CommonAddOptions, secret: Record<string, string>): Promise<void> {
  const body = { ...(options.id ? { id: options.id } : {}), kind, name: options.name, secret };
  session.print(await session.client.call('POST', await session.tenantPath('/credentials'), { body }), { columns: CREDENTIAL_COLUMNS });
}

function addCommand(parent: Command, kind: string, description: string): Command {
  return parent
    .command(kind)
    .description(description)
    .requiredOption('--name <name>', 'display name')
    .option('--id <id>', 'the id to give it (generated as cred-<random> when absent)');
}

const fileFlag = (flags: string, what: string) => new Option(flags, `${what}: a file, or - for stdin (never the value itself)`);

/** `strata credentials`: add (aws, kubernetes, demo), list, get, delete. */
export const credentialCommands: CommandGroup = (program, cli) => {
  const credentials = examples(program.command('credentials').description('Credentials the discovery plugins use (secrets are stored encrypted and never shown)'), [
    'strata credentials list',
    'strata credentials add demo --name "Demo estate" --id cred-demo',
    'strata credentials add aws --name prod --access-key-id AKIA... --secret-access-key-file - < secret.txt',
  ]);

  const add = examples(credentials.command('add').description('Add a credential (secrets come from files or stdin, never from the command line)'), [
    'strata credentials add aws --name prod --role-arn arn:aws:iam::123456789012:role/StrataReadOnly --external-id abc',
    'strata credentials add kubernetes --name prod-cluster --kubeconfig-file ~/.kube/config --context prod',
    'strata credentials add demo --name "Demo estate"',
  ]);

  examples(
    addCommand(add, 'aws', 'An AWS credential: access keys, or a role to assume')
      .option('--access-key-id <id>', 'access key id (not secret)')
      .addOption(fileFlag('--secret-access-key-file <file>', 'the secret access key'))
      .addOption(fileFlag('--session-token-file <file>', 'a session token'))
      .option('--role-arn <arn>', 'a role to assume')
      .option('--external-id <id>', "the role's external id")
      .action(
        withSession(
          cli,
          async (session, options: CommonAddOptions & { accessKeyId?: string; secretAccessKeyFile?: string; sessionTokenFile?: string; roleArn?: string; externalId?: string }) => {
            checkOneStdin({ '--secret-access-key-file': options.secretAccessKeyFile, '--session-token-file': options.sessionTokenFile });
            const keys = options.accessKeyId !== undefined || options.secretAccessKeyFile !== undefined;
            if (keys === (options.roleArn !== undefined)) throw new UsageError('Give either --access-key-id with --secret-access-key-file, or --role-arn');
            if (keys && (!options.accessKeyId || !options.secretAccessKeyFile)) throw new UsageError('--access-key-id and --secret-access-key-file go together');
            const secret: Record<string, string> = {};
            if (keys) {
              secret['access_key_id'] = options.accessKeyId!;
              secret['secret_access_key'] = (await readSource(session.io, options.secretAccessKeyFile!, '--secret-access-key-file')).trim();
              if (options.sessionTokenFile) secret['session_token'] = (await readSource(session.io, options.sessionTokenFile, '--session-token-file')).trim();
            } else {
              secret['role_arn'] = options.roleArn!;
              if (options.externalId) secret['external_id'] = options.externalId;
            }
            await create(session, 'aws', options, secret);
          },
        ),
      ),
    [
      'strata credentials add aws --name prod --access-key-id AKIAIOSFODNN7EXAMPLE --secret-access-key-file ~/.aws/strata-secret',
      'pass show aws/strata | strata credentials add aws --name prod --access-key-id AKIAIOSFODNN7EXAMPLE --secret-access-key-file -',
    ],
  );

  examples(
    addCommand(add, 'kubernetes', 'A Kubernetes credential: a kubeconfig, or a server and a bearer token')
      .addOption(fileFlag('--kubeconfig-file <file>', 'a kubeconfig'))
      .option('--context <name>', "the kubeconfig's context to use")
      .option('--server <url>', 'the API server (with --token-file)')
      .addOption(fileFlag('--token-file <file>', 'a bearer token'))
      .addOption(fileFlag('--ca-file <file>', "the cluster's CA certificate (PEM or base64)"))
      .action(
        withSession(
          cli,
          async (session, options: CommonAddOptions & { kubeconfigFile?: string; context?: string; server?: string; tokenFile?: string; caFile?: string }) => {
            checkOneStdin({ '--kubeconfig-file': options.kubeconfigFile, '--token-file': options.tokenFile, '--ca-file': options.caFile });
            const secret: Record<string, string> = {};
            if (options.kubeconfigFile !== undefined) {
              if (options.server || options.tokenFile) throw new UsageError('Give either --kubeconfig-file, or --server with --token-file');
              secret['kubeconfig'] = await readSource(session.io, options.kubeconfigFile, '--kubeconfig-file');
              if (options.context) secret['context'] = options.context;
            } else {
              if (!options.server || !options.tokenFile) throw new UsageError('Give either --kubeconfig-file, or --server with --token-file');
              secret['server'] = options.server;
              secret['token'] = (await readSource(session.io, options.tokenFile, '--token-file')).trim();
              if (options.caFile) {
                const ca = (await readSource(session.io, options.caFile, '--ca-file')).trim();
                secret['certificate_authority_data'] = ca.includes('-----BEGIN') ? Buffer.from(`${ca}\n`).toString('base64') : ca;
              }
            }
            await create(session, 'kubernetes', options, secret);
          },
        ),
      ),
    [
      'strata credentials add kubernetes --name prod --kubeconfig-file ~/.kube/config --context prod-eks',
      'strata credentials add kubernetes --name prod --server https://10.0.0.1:6443 --token-file sa-token --ca-file ca.crt',
    ],
  );

  examples(
    addCommand(add, 'demo', 'A credential for the demo plugin (nothing secret)').action(
      withSession(cli, async (session, options: CommonAddOptions) => create(session, 'demo', options, {})),
    ),
    ['strata credentials add demo --name "Demo estate" --id cred-demo'],
  );

  examples(
    credentials
      .command('list')
      .description("List the tenant's credentials (secret fields read ********)")
      .addOption(limitOption(200))
      .addOption(cursorOption())
      .action(
        withSession(cli, async (session, options: { limit?: number; cursor?: string }) => {
          session.print(await session.client.call('GET', await session.tenantPath('/credentials'), { query: { limit: options.limit, cursor: options.cursor } }), { columns: CREDENTIAL_COLUMNS });
        }),
      ),
    ['strata credentials list', 'strata credentials list --output yaml'],
  );

  examples(
    credentials
      .command('get')
      .description('One credential (secret fields read ********)')
      .argument('<credential-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          session.print(await session.client.call('GET', await session.tenantPath(`/credentials/${segment(id)}`)));
        }),
      ),
    ['strata credentials get cred-demo'],
  );

  examples(
    credentials
      .command('delete')
      .description('Delete a credential')
      .argument('<credential-id>')
      .action(
        withSession(cli, async (session, id: string) => {
          await session.client.call('DELETE', await session.tenantPath(`/credentials/${segment(id)}`));
          session.note(`Deleted ${id}`);
        }),
      ),
    ['strata credentials delete cred-old'],
  );
};
