import type { V1Secret, V1Service } from '@kubernetes/client-node';
import { ClusterEstate } from '../fixtures';
import { clusterNodeId } from './kube-node';
import {
  awsInstanceId,
  mapCluster,
  mapConfigMap,
  mapNode,
  mapPersistentVolume,
  mapPersistentVolumeClaim,
  mapSecret,
  mapService,
  mapStorageClass,
  loadBalancerInternal,
} from './map-objects';
import { mapClusterRole, mapClusterRoleBinding, ruleFlags } from './map-rbac';

const estate = new ClusterEstate({ seed: 'mapping-spec', size: 100 });
const context = { cluster: 'fixture', region: 'eu-west-1' };
const teams = estate.namespaceNames.filter((name) => name !== 'default' && name !== 'kube-system');
const VOLUME_TYPES = new Map([['gp3', 'gp3']]);

describe('object mapping', () => {
  it('maps the cluster node under its own id', () => {
    expect(mapCluster(context, { version: 'v1.31.4', platform: 'eks', serverHost: 'h:443' })).toEqual({
      id: clusterNodeId('fixture'),
      type: 'kubernetes.cluster',
      provider: 'kubernetes',
      account: 'fixture',
      region: 'eu-west-1',
      name: 'fixture',
      tags: {},
      attributes: { cluster: 'fixture', object_name: 'fixture', kind: 'Cluster', version: 'v1.31.4', platform: 'eks', server_host: 'h:443' },
    });
  });

  it('maps nodes: readiness, capacity, the EC2 instance behind an EKS node', () => {
    const [first, notReady] = estate.clusterObjects.nodes;
    const ready = mapNode(context, first!, 'v1');
    expect(ready.attributes).toMatchObject({ ready: true, conditions: { Ready: 'True' }, capacity: { cpu_m: expect.any(Number), memory_bytes: expect.any(Number), pods: expect.any(Number) } });
    expect(ready.attributes['aws_instance_id']).toMatch(/^i-0[0-9a-f]{16}$/);
    expect(mapNode(context, notReady!, 'v1').attributes).toMatchObject({ ready: false, conditions: { Ready: 'Unknown' }, taint_count: expect.any(Number) });
    expect(awsInstanceId('aws:///eu-west-1a/i-0123456789abcdef0')).toBe('i-0123456789abcdef0');
    expect(awsInstanceId('gce://project/zone/vm')).toBeUndefined();
    const plain = new ClusterEstate({ seed: 'mapping-spec', size: 30, eks: false });
    expect(mapNode(context, plain.clusterObjects.nodes[0]!, 'v1').attributes).not.toHaveProperty('aws_instance_id');
  });

  it('maps secrets to key names only: the canary value is nowhere', () => {
    const secrets = estate.namespaceNames.flatMap((name) => estate.namespace(name)!.secrets);
    const values = secrets.flatMap((secret) => Object.values(secret.data ?? {}));
    expect(values.some((value) => Buffer.from(value, 'base64').toString('utf8').includes(estate.canary))).toBe(true);
    const mapped = secrets.map((secret) => mapSecret(context, secret, 'v1'));
    const emitted = JSON.stringify(mapped);
    expect(emitted).not.toContain(estate.canary);
    for (const value of values) expect(emitted).not.toContain(value);
    expect(mapped.some((secret) => secret.attributes['secret_type'] === 'kubernetes.io/tls' && (secret.attributes['keys'] as string[]).includes('tls.key'))).toBe(true);
    const applied: V1Secret = {
      metadata: { uid: 'u', name: 's', namespace: 'n', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { password: estate.canary } }) } },
      data: { password: Buffer.from(estate.canary).toString('base64') },
    };
    const node = mapSecret(context, applied, 'v1');
    expect(JSON.stringify(node)).not.toContain(estate.canary);
    expect(node.attributes).toMatchObject({ keys: ['password'], last_applied_api_version: 'v1', annotation_keys: ['kubectl.kubernetes.io/last-applied-configuration'] });
  });

  it('maps config maps to key names', () => {
    const map = estate.namespace(teams[0]!)!.configmaps.find((candidate) => candidate.metadata!.name === 'kube-root-ca.crt')!;
    expect(mapConfigMap(context, map, 'v1').attributes['keys']).toEqual(['ca.crt']);
  });

  it('maps services: type, selector, ports, load balancer exposure', () => {
    const services = teams.flatMap((name) => estate.namespace(name)!.services);
    const balancer = services.find((service) => service.spec?.type === 'LoadBalancer' && (service.status?.loadBalancer?.ingress ?? []).length > 0)!;
    expect(mapService(context, balancer, 'v1', 3).attributes).toMatchObject({
      service_type: 'LoadBalancer',
      load_balancer_ingress: [expect.stringContaining('elb')],
      ready_endpoints: 3,
      load_balancer_internal: false,
      load_balancer_source_ranges: [],
    });
    const clusterIp = services.find((service) => service.spec?.type === 'ClusterIP')!;
    expect(mapService(context, clusterIp, 'v1', 0).attributes).not.toHaveProperty('load_balancer_internal');
    const headless: V1Service = { metadata: { uid: 'u', name: 'x', namespace: 'n' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } };
    expect(mapService(context, headless, 'v1', 0).attributes).toMatchObject({ selector: {}, ports: [] });
    expect(loadBalancerInternal({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal' })).toBe(true);
    expect(loadBalancerInternal({ 'service.beta.kubernetes.io/aws-load-balancer-internal': '0.0.0.0/0' })).toBe(true);
    expect(loadBalancerInternal({ 'networking.gke.io/load-balancer-type': 'Internal' })).toBe(true);
    expect(loadBalancerInternal({ 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' })).toBe(false);
  });

  it('maps storage: volumes, claims and classes with their volume types', () => {
    const classes = estate.clusterObjects.storageclasses.map((storageClass) => mapStorageClass(context, storageClass, 'storage.k8s.io/v1'));
    expect(classes).toContainEqual(expect.objectContaining({ name: 'gp3', attributes: expect.objectContaining({ is_default: true, volume_type: 'gp3' }) }));
    const volumes = [...estate.persistentVolumes()].map((volume) => mapPersistentVolume(context, volume, 'v1', VOLUME_TYPES));
    expect(volumes.map((volume) => volume.attributes['phase'])).toEqual(expect.arrayContaining(['Bound', 'Available', 'Released']));
    const bound = volumes.find((volume) => volume.attributes['phase'] === 'Bound')!;
    expect(bound.attributes).toMatchObject({ claim_ref: expect.stringMatching(/^[a-z0-9-]+\/[a-z0-9-]+$/), capacity_bytes: expect.any(Number), volume_source: expect.any(String) });
    expect(volumes.find((volume) => volume.attributes['phase'] === 'Available')!.attributes).not.toHaveProperty('claim_ref');
    const claims = teams.flatMap((name) => estate.namespace(name)!.persistentvolumeclaims).map((claim) => mapPersistentVolumeClaim(context, claim, 'v1', VOLUME_TYPES));
    expect(claims.find((claim) => claim.attributes['phase'] === 'Pending')!.attributes).toMatchObject({ storage_class: 'manual', requested_bytes: expect.any(Number) });
  });

  it('maps RBAC with the flags the rules read', () => {
    const roles = new Map(estate.clusterObjects.clusterroles.map((role) => [role.metadata!.name!, mapClusterRole(context, role, 'rbac.authorization.k8s.io/v1').attributes]));
    expect(roles.get('cluster-admin')).toMatchObject({ wildcard: true, reads_secrets: true, execs_pods: true, is_system: false });
    expect(roles.get('secret-reader')).toMatchObject({ wildcard: false, reads_secrets: true, execs_pods: false });
    expect(roles.get('pod-debugger')).toMatchObject({ execs_pods: true });
    expect(ruleFlags([{ verbs: ['create'], resources: ['pods/*'], apiGroups: [''] }])).toEqual({ wildcard: false, reads_secrets: false, execs_pods: true });
    const binding = estate.clusterObjects.clusterrolebindings.find((candidate) => candidate.subjects?.some((subject) => subject.name === 'alice@example.com'))!;
    expect(mapClusterRoleBinding(context, binding, 'rbac.authorization.k8s.io/v1').attributes).toMatchObject({
      role_ref: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [expect.objectContaining({ kind: 'User', name: 'alice@example.com' })],
      is_system: false,
    });
  });
});
