import type { ResourceRef } from '../cluster-finding';
import { shellQuote } from './shell-quote';

/** How much can go wrong running a step: `safe` changes nothing that cannot be re-applied, `review` deletes what someone may still want, `risky` can lose data or break what runs. */
export const RISKS = ['safe', 'review', 'risky'] as const;
export type Risk = (typeof RISKS)[number];

/** What one rule's finding becomes in the action plan: a step per resource (rightsizing: per workload, see `rightsize-steps.ts`). */
export interface StepTemplate {
  readonly risk: Risk;
  /** The step, imperative. */
  readonly action: string;
  /** Why it has its risk. */
  readonly risk_note: string;
  /** The kubectl command that does it, when one does. */
  readonly command?: (resource: ResourceRef) => string;
  /** The manifest change that does it, when no single command does. */
  readonly manifest_change?: (resource: ResourceRef) => string;
}

const q = shellQuote;
const inNamespace = (resource: ResourceRef): string => (resource.namespace === null ? '' : ` -n ${q(resource.namespace)}`);
/** `kubectl delete <kind> [-n ns] <name>`. */
const kubectlDelete = (kind: string) => (resource: ResourceRef) => `kubectl delete ${kind}${inNamespace(resource)} ${q(resource.object_name)}`;
const workloadKind = (resource: ResourceRef): string => resource.type.replace(/^kubernetes\./, '');

/**
 * The rule id → step mapping: the one place that says what the plan does about each rule's
 * findings. Rules not listed here (most compliance checks) are reported by the governance report,
 * not planned: their fixes are changes of the manifests' authors.
 */
export const STEP_TEMPLATES: Readonly<Record<string, StepTemplate>> = {
  'k8s-persistent-volume-unbound': {
    risk: 'review',
    action: 'Delete the persistent volume no claim is bound to',
    risk_note: 'An Available or Released volume may hold data someone means to rebind: snapshot the disk if unsure. With reclaim policy Retain the cloud disk outlives the object: delete it too.',
    command: kubectlDelete('pv'),
  },
  'k8s-persistent-volume-claim-pending': {
    risk: 'safe',
    action: 'Delete the claim that never bound',
    risk_note: 'A Pending claim has no volume, so no data; re-applying its manifest brings it back.',
    command: kubectlDelete('pvc'),
  },
  'k8s-persistent-volume-claim-unused': {
    risk: 'risky',
    action: 'Delete the claim no pod mounts',
    risk_note: 'Deleting a bound claim deletes its volume and the data on it when the reclaim policy is Delete: back it up first.',
    command: kubectlDelete('pvc'),
  },
  'k8s-service-load-balancer-no-endpoints': {
    risk: 'review',
    action: 'Delete the load balancer service that has no endpoints',
    risk_note: 'Its external address is released with it: a DNS name or client pointing at it stops resolving to this cluster.',
    command: kubectlDelete('service'),
  },
  'k8s-deployment-scaled-to-zero': {
    risk: 'review',
    action: 'Delete the deployment scaled to zero for over 14 days',
    risk_note: 'Nothing runs, but it may be parked on purpose: keep its manifest in git so it can come back.',
    command: kubectlDelete('deployment'),
  },
  'k8s-cronjob-suspended': {
    risk: 'review',
    action: 'Delete the suspended cron job',
    risk_note: 'Suspended may mean paused for an incident: ask its owner; keep its manifest in git.',
    command: kubectlDelete('cronjob'),
  },
  'k8s-container-privileged': {
    risk: 'risky',
    action: 'Stop running the container privileged',
    risk_note: 'Node agents (CNI, CSI, kube-proxy) may need it and stop working without it; every pod restarts with the new template.',
    command: (resource) => `kubectl edit ${workloadKind(resource)}${inNamespace(resource)} ${q(resource.object_name)}`,
    manifest_change: (resource) =>
      `In the ${workloadKind(resource)}'s ${resource.type === 'kubernetes.pod' ? '' : 'pod template '}spec, set securityContext.privileged: false on each privileged container and add only the capabilities it needs (securityContext.capabilities.add)`,
  },
  'k8s-rbac-cluster-admin-bound': {
    risk: 'risky',
    action: 'Remove the cluster-admin binding from its non-system subjects',
    risk_note: 'The subjects lose every permission the binding gave: bind them a narrower role first, or they (and the automation using them) may be locked out.',
    command: (resource) => `kubectl delete ${workloadKind(resource)}${inNamespace(resource)} ${q(resource.object_name)}`,
    manifest_change: () => 'Bind a role with only the verbs and resources the subjects use (admin or edit per namespace, or a role of your own) before deleting the binding',
  },
};

/** The rule whose findings become rightsizing steps, one per owning workload. */
export const RIGHTSIZE_RULE = 'k8s-pod-requests-above-usage';

export const RIGHTSIZE_TEMPLATE = {
  risk: 'safe',
  action: "Lower the workload's requests towards its use",
  risk_note:
    'Requests only reserve capacity: lowering them deletes nothing and `kubectl rollout undo` reverts it, but it rolls the pods out, and usage is a recent sample, not the peak: check the peak first.',
} as const satisfies Pick<StepTemplate, 'risk' | 'action' | 'risk_note'>;

/** The rule ids the plan has a step for. */
export const PLANNED_RULES: ReadonlySet<string> = new Set([...Object.keys(STEP_TEMPLATES), RIGHTSIZE_RULE]);
