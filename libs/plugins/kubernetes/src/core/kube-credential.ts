import { KubeConfig } from '@kubernetes/client-node';
import { decodeKubeconfig, KubeconfigError, readKubeconfig, refusedUserField, type KubeconfigDocument } from '@strata/contracts';
import { PluginError } from '@strata/plugins-api';

/** The client config of a run, and what names the cluster when the job config does not. */
export interface KubeConnection {
  kubeConfig: KubeConfig;
  /** The kubeconfig context's cluster name (for a `server` + `token` credential: the server's host). */
  clusterName: string;
  server: string;
}

export { decodeKubeconfig };

const invalid = (message: string) => new PluginError('invalid_credential', message);

/**
 * The client config for a `kubernetes` credential: `kubeconfig` (raw or base64, with `context`),
 * or `server` + `token` (+ `certificate_authority_data`, base64 PEM). Bearer tokens, client
 * certificates and basic auth work; a user with `exec` or `auth-provider`, and any reference to a
 * file on the worker, is refused with `invalid_credential` before anything is loaded. Messages
 * name entries, never values.
 */
export function kubeConnection(credential: Readonly<Record<string, string>>, contextName?: string): KubeConnection {
  const kubeConfig = new KubeConfig();
  const kubeconfig = credential['kubeconfig'];
  if (kubeconfig !== undefined) {
    const text = decodeKubeconfig(kubeconfig);
    vetKubeconfig(text, contextName ?? credential['context']);
    try {
      kubeConfig.loadFromString(text);
    } catch (error) {
      throw invalid(`The kubeconfig could not be read: ${(error as Error).message.split('\n')[0]}`);
    }
    const context = contextName ?? credential['context'];
    if (context !== undefined) kubeConfig.setCurrentContext(context);
    const current = kubeConfig.getContextObject(kubeConfig.getCurrentContext());
    const cluster = kubeConfig.getCurrentCluster();
    if (!current || !cluster) throw invalid('The kubeconfig has no current context with a cluster; name one with `context`');
    return { kubeConfig, clusterName: current.cluster, server: cluster.server };
  }
  const server = credential['server'];
  const token = credential['token'];
  if (server === undefined || token === undefined) {
    throw invalid('A kubernetes credential holds a kubeconfig, or server + token (+ certificate_authority_data)');
  }
  let host: string;
  try {
    host = new URL(server).hostname;
  } catch {
    throw invalid('The credential server is not a URL');
  }
  const caData = credential['certificate_authority_data'];
  kubeConfig.loadFromOptions({
    clusters: [{ name: host, server, skipTLSVerify: false, ...(caData ? { caData } : {}) }],
    users: [{ name: 'strata', token }],
    contexts: [{ name: 'strata', cluster: host, user: 'strata' }],
    currentContext: 'strata',
  });
  return { kubeConfig, clusterName: host, server };
}

/** The cluster name a credential names, for the reconcile scope (no I/O; undefined when unreadable). */
export function credentialClusterName(credential: Readonly<Record<string, string>>, contextName?: string): string | undefined {
  try {
    return kubeConnection(credential, contextName).clusterName;
  } catch {
    return undefined;
  }
}

// The kubeconfig's entries are read by the parser tenancy shares (`@strata/contracts`), which also
// lists the refused user entries: a user that would run a program or read the worker's files.
function vetKubeconfig(text: string, contextName: string | undefined): void {
  let document: KubeconfigDocument;
  try {
    document = readKubeconfig(text);
  } catch (error) {
    throw invalid(error instanceof KubeconfigError ? error.message : 'The kubeconfig is not valid YAML or JSON');
  }
  const context = contextName ?? document.currentContext;
  if (context === undefined) throw invalid('The kubeconfig has no current-context; name one with `context`');
  const chosen = document.contexts.find((entry) => entry.name === context);
  if (!chosen) throw invalid(`The kubeconfig has no context '${context}'`);
  const userName = chosen.context?.['user'];
  const refused = refusedUserField(document, userName);
  if (refused) throw invalid(`The kubeconfig user '${String(userName)}' of context '${context}' uses ${refused.why}: not supported; use a token or client-certificate-data`);
  // The client reads every user's token-file as it loads the kubeconfig, chosen or not.
  const reading = document.users.find((entry) => entry.user?.['token-file'] !== undefined);
  if (reading) throw invalid(`The kubeconfig user '${String(reading.name)}' uses a token-file (a path on the worker): not supported`);
  const cluster = document.clusters.find((entry) => entry.name === chosen.context?.['cluster'])?.cluster ?? {};
  if (cluster['certificate-authority'] !== undefined) {
    throw invalid(`The kubeconfig cluster '${String(chosen.context?.['cluster'])}' names a certificate-authority file path: use certificate-authority-data`);
  }
}
