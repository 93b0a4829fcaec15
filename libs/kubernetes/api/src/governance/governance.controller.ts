import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { clusterNameSchema, governanceReportSchema } from '../kubernetes-api.schemas';
import { KubernetesApiService } from '../kubernetes-api.service';

@Controller('api/v1/tenants/:tenantID/kubernetes/clusters/:cluster/governance')
@RequirePermissions(Permissions.nodesRead, Permissions.findingsRead)
export class GovernanceController {
  constructor(@Inject(KubernetesApiService) private readonly api: KubernetesApiService) {}

  @Get()
  @ApiRoute({
    summary: 'Kubernetes governance report',
    description:
      "Seed 001's k8s-governance, per cluster, from the cluster's open findings (muted ones left out): the kubernetes pack's compliance " +
      'checks by severity, namespace and rule; workloads without requests, limits, probes or a PDB; the waste findings and their savings; ' +
      'cluster-admin bindings, wildcard roles and roles that read secrets or exec into pods, with their subjects.',
    tags: ['kubernetes'],
    operationId: 'getKubernetesGovernance',
    responses: { 200: governanceReportSchema },
    errors: [400, 401, 403, 404],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('cluster', clusterNameSchema) cluster: string) {
    return this.api.governance.report(tenantId, cluster);
  }
}
