import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { DIAGRAM_RESPONSE, sendDiagram } from '../diagram-reply';
import { kubernetesDiagramQuerySchema, type KubernetesDiagramQuery } from '../diagrams-api.schemas';
import { DiagramsApiService } from '../diagrams-api.service';

/** `GET /api/v1/tenants/{tenantID}/diagrams/kubernetes`: a cluster's (or namespace's) diagram. */
@Controller('api/v1/tenants/:tenantID/diagrams')
export class KubernetesDiagramController {
  constructor(@Inject(DiagramsApiService) private readonly api: DiagramsApiService) {}

  @Get('kubernetes')
  @RequirePermissions(Permissions.nodesRead)
  @ApiRoute({
    summary: 'Draw a Kubernetes diagram',
    description:
      'Per cluster a frame, its namespaces as boxes holding their workloads (deployments, stateful sets, daemon sets, cron jobs), services and ' +
      'ingresses, with their routes: ingress → service → workload (the service\'s selector matches the workload\'s template labels).',
    tags: ['diagrams'],
    operationId: 'getKubernetesDiagram',
    responses: { 200: DIAGRAM_RESPONSE },
    errors: [400, 401, 403, 404],
  })
  async draw(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(kubernetesDiagramQuerySchema) query: KubernetesDiagramQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendDiagram(reply, await this.api.diagrams.kubernetes(tenantId, query), query.format);
  }
}
