import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { idSchema } from '@strata/contracts';
import { ApiRoute, Permissions, RequirePermissions, ZodParam, ZodQuery } from '@strata/platform-http';
import { DIAGRAM_RESPONSE, sendDiagram } from '../diagram-reply';
import { awsDiagramQuerySchema, type AwsDiagramQuery } from '../diagrams-api.schemas';
import { DiagramsApiService } from '../diagrams-api.service';

/** `GET /api/v1/tenants/{tenantID}/diagrams/aws`: an AWS account's (and region's) architecture diagram. */
@Controller('api/v1/tenants/:tenantID/diagrams')
export class AwsDiagramController {
  constructor(@Inject(DiagramsApiService) private readonly api: DiagramsApiService) {}

  @Get('aws')
  @RequirePermissions(Permissions.nodesRead)
  @ApiRoute({
    summary: 'Draw an AWS architecture diagram',
    description:
      'The region as a frame, VPCs as boxes, public and private subnets inside them, and in the subnets the instances, RDS instances, VPC Lambda ' +
      'functions, load balancers and NAT gateways; internet gateways on the VPC\'s edge; S3 and IAM beside the regions. Edges: load balancer → target, ' +
      'instance → security group. Past 40 resources of one kind in a box, the box shows one "N × kind" item instead.',
    tags: ['diagrams'],
    operationId: 'getAwsDiagram',
    responses: { 200: DIAGRAM_RESPONSE },
    errors: [400, 401, 403, 404],
  })
  async draw(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(awsDiagramQuerySchema) query: AwsDiagramQuery, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendDiagram(reply, await this.api.diagrams.aws(tenantId, query), query.format);
  }
}
