import type { V1ClusterRole, V1ClusterRoleBinding, V1PolicyRule, V1Role, V1RoleBinding } from '@kubernetes/client-node';
import type { ResourceNode } from '@strata/contracts';
import { definedOnly, kubeNode, type MapContext } from './kube-node';

const READ_VERBS = new Set(['get', 'list', 'watch', '*']);

/** The flags the RBAC rules read, computed from a role's rules. */
export function ruleFlags(rules: readonly V1PolicyRule[]): { wildcard: boolean; reads_secrets: boolean; execs_pods: boolean } {
  const has = (list: readonly string[] | undefined, value: string) => (list ?? []).includes(value);
  return {
    wildcard: rules.some((rule) => has(rule.verbs, '*') || has(rule.resources, '*') || has(rule.apiGroups, '*')),
    reads_secrets: rules.some((rule) => (has(rule.resources, 'secrets') || has(rule.resources, '*')) && rule.verbs.some((verb) => READ_VERBS.has(verb))),
    execs_pods: rules.some(
      (rule) => (has(rule.resources, 'pods/exec') || has(rule.resources, 'pods/*') || has(rule.resources, '*')) && (has(rule.verbs, 'create') || has(rule.verbs, '*')),
    ),
  };
}

function roleAttributes(name: string | undefined, rules: readonly V1PolicyRule[]): Record<string, unknown> {
  return {
    rules: rules.map((rule) => ({ api_groups: [...(rule.apiGroups ?? [])], resources: [...(rule.resources ?? [])], verbs: [...rule.verbs], resource_names: [...(rule.resourceNames ?? [])] })),
    ...ruleFlags(rules),
    is_system: (name ?? '').startsWith('system:'),
  };
}

export function mapRole(context: MapContext, role: V1Role, apiVersion: string): ResourceNode {
  return kubeNode(context, 'Role', apiVersion, role, roleAttributes(role.metadata?.name, role.rules ?? []));
}

export function mapClusterRole(context: MapContext, role: V1ClusterRole, apiVersion: string): ResourceNode {
  return kubeNode(context, 'ClusterRole', apiVersion, role, roleAttributes(role.metadata?.name, role.rules ?? []));
}

function bindingAttributes(binding: V1RoleBinding | V1ClusterRoleBinding): Record<string, unknown> {
  return {
    role_ref: { kind: binding.roleRef.kind, name: binding.roleRef.name },
    subjects: (binding.subjects ?? []).map((subject) => definedOnly({ kind: subject.kind, name: subject.name, namespace: subject.namespace })),
    is_system: (binding.metadata?.name ?? '').startsWith('system:'),
  };
}

export function mapRoleBinding(context: MapContext, binding: V1RoleBinding, apiVersion: string): ResourceNode {
  return kubeNode(context, 'RoleBinding', apiVersion, binding, bindingAttributes(binding));
}

export function mapClusterRoleBinding(context: MapContext, binding: V1ClusterRoleBinding, apiVersion: string): ResourceNode {
  return kubeNode(context, 'ClusterRoleBinding', apiVersion, binding, bindingAttributes(binding));
}
