import { z } from 'zod';

// RFC 1123 labels: what a namespace name can be.
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
// A cluster name becomes part of node ids (`k8s:<cluster>:<uid>`) and of the reconcile scope.
const CLUSTER_NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

export const KUBERNETES_DEFAULT_PAGE_SIZE = 500;

/**
 * A Kubernetes job's config (seed 000's example: `cluster_name`, `kubeconfig`, `namespaces`,
 * `include_rbac`). The inline `kubeconfig` never reaches this schema: the jobs API moves it into
 * the job's credential (the catalog names it an inline secret field) before checking the rest.
 */
export const kubernetesConfigSchema = z
  .object({
    cluster_name: z
      .string()
      .regex(CLUSTER_NAME, '1-100 letters, digits and ._- , starting with a letter or digit')
      .optional()
      .describe("Names the cluster in node ids and the reconcile scope; default: the kubeconfig context's cluster name"),
    namespaces: z
      .array(z.string().max(63).regex(NAMESPACE, 'a namespace name (lower-case letters, digits and -)'))
      .min(1)
      .max(1000)
      .optional()
      .describe('Namespaces to discover; default: all. Cluster-scoped kinds (nodes, volumes, storage classes, cluster roles) are discovered either way'),
    include_rbac: z.boolean().default(false).describe('Also discover roles, cluster roles and their bindings'),
    context: z.string().min(1).max(253).optional().describe("Kubeconfig context to use; default: the credential's context, else the kubeconfig's current-context"),
    page_size: z.number().int().min(1).max(5000).default(KUBERNETES_DEFAULT_PAGE_SIZE).describe('Items per list request (`limit`); lists are paged with `continue`'),
    max_attempts: z.number().int().min(1).max(20).default(6).describe('Attempts per request when the API server throttles (429), before the run fails with rate_limited'),
    metrics: z.boolean().default(true).describe("Read pods' usage from metrics.k8s.io when the API serves it"),
  })
  .strict();

export type KubernetesConfig = z.output<typeof kubernetesConfigSchema>;
