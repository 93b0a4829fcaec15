import { z } from 'zod';

export const kubeconfigContextSchema = z.object({
  name: z.string(),
  cluster: z.string().nullable().describe('The kubeconfig cluster entry it names (the cluster name discovery uses when the job gives no cluster_name)'),
  user: z.string().nullable().describe('The user entry it names (a name only: never its token, certificate or key)'),
  namespace: z.string().nullable(),
  current: z.boolean().describe("The context discovery uses: the credential's context, else the kubeconfig's current-context"),
  supported: z.boolean().describe('false when its user has an exec or auth-provider entry, or names a file: discovery refuses those'),
  unsupported_reason: z.string().nullable(),
});

export const credentialContextsSchema = z
  .object({
    credential_id: z.string(),
    items: z.array(kubeconfigContextSchema),
    current_context: z.string().nullable(),
  })
  .meta({ id: 'KubeconfigContexts' });

export type CredentialContextsView = z.infer<typeof credentialContextsSchema>;
