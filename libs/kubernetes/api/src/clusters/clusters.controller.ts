import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { clusterNameSchema, kubernetesClusterListSchema, kubernetesClusterSchema, listClustersQuerySchema, type ListClustersQuery } from '../kubernetes-api.schemas';
import { KubernetesApiService } from '../kubernetes-api.service';

@Controller('api/v1/tenants/:tenantID/kubernetes/clusters')
@RequirePermissions(Permissions.nodesRead, Permissions.findingsRead)
export class ClustersController {
  constructor(@Inject(KubernetesApiService) private readonly api: KubernetesApiService) {}

  @Get()
  @ApiRoute({
    summary: 'List Kubernetes clusters',
    description:
      'Every cluster discovery has seen (the active kubernetes.cluster nodes), by node id, with its last discovery, its objects counted by kind, ' +
      'and its open findings. Keyset pages: pass page.next_cursor as cursor until has_more is false.',
    tags: ['kubernetes'],
    operationId: 'listKubernetesClusters',
    responses: { 200: kubernetesClusterListSchema },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listClustersQuerySchema)) query: ListClustersQuery) {
    return this.api.clusters.list(tenantId, query);
  }

  @Get(':cluster')
  @ApiRoute({
    summary: 'Get a Kubernetes cluster',
    description: 'By name (the job\'s cluster_name, else the kubeconfig\'s cluster name; URL-encoded). A cluster discovery no longer sees answers with status removed.',
    tags: ['kubernetes'],
    operationId: 'getKubernetesCluster',
    responses: { 200: kubernetesClusterSchema },
    errors: [400, 401, 403, 404],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('cluster', clusterNameSchema) cluster: string) {
    return this.api.clusters.get(tenantId, cluster);
  }
}
