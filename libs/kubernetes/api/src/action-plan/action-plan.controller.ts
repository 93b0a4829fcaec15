import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam } from '@strata/platform-http';
import { actionPlanSchema, clusterNameSchema } from '../kubernetes-api.schemas';
import { KubernetesApiService } from '../kubernetes-api.service';

@Controller('api/v1/tenants/:tenantID/kubernetes/clusters/:cluster/action-plan')
@RequirePermissions(Permissions.nodesRead, Permissions.findingsRead)
export class ActionPlanController {
  constructor(@Inject(KubernetesApiService) private readonly api: KubernetesApiService) {}

  @Get()
  @ApiRoute({
    summary: 'Kubernetes clean-up action plan',
    description:
      "Seed 001's k8s-action-plan, per cluster: a step per open waste finding (and privileged containers, cluster-admin bindings), " +
      'grouped by execution risk (safe, review, risky), each with its resources, reason, savings and the kubectl command or manifest change. ' +
      'Requests far above use become one step per owning workload. Nothing is run: the commands are for a person to review and run.',
    tags: ['kubernetes'],
    operationId: 'getKubernetesActionPlan',
    responses: { 200: actionPlanSchema },
    errors: [400, 401, 403, 404],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('cluster', clusterNameSchema) cluster: string) {
    return this.api.actionPlan.plan(tenantId, cluster);
  }
}
