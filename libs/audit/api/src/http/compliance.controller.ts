import { Controller, Get, Inject } from '@nestjs/common';
import { idSchema } from '@strata/contracts';
import { answerUnpagedListAsync, ApiRoute, listOrEnvelopeSchema, Permissions, RequirePermissions, withUnpagedListEnvelope, ZodParam, ZodQuery } from '@strata/platform-http';
import type { z } from 'zod';
import { complianceQuerySchema, frameworkIdSchema, frameworkPostureListSchema, frameworkPostureSchema, type ComplianceQuery } from '../findings-api.schemas';
import { FindingsApiService } from '../findings-api.service';

const listPosturesQuerySchema = withUnpagedListEnvelope(complianceQuerySchema);

@Controller('api/v1/tenants/:tenantID/compliance/frameworks')
@RequirePermissions(Permissions.findingsRead)
export class ComplianceController {
  constructor(@Inject(FindingsApiService) private readonly api: FindingsApiService) {}

  @Get()
  @ApiRoute({
    summary: 'Compliance posture per framework',
    description:
      "Each framework's score and control counts, from the built-in rules mapped to it, their open (unmuted) findings and the active nodes of their types. " +
      '`envelope=true`: in the cursor envelope (one page unless `limit` is given).',
    tags: ['compliance'],
    operationId: 'listFrameworkPostures',
    responses: { 200: listOrEnvelopeSchema(frameworkPostureListSchema, frameworkPostureListSchema.shape.items.element, 'FrameworkPostureListEnvelope') },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(listPosturesQuerySchema) query: z.output<typeof listPosturesQuerySchema>) {
    return answerUnpagedListAsync(query, {
      id: 'framework-postures',
      own: () => this.api.compliance.list(tenantId, query.account),
      items: (own) => own.items,
      keyOf: (framework) => `${framework.id}|${framework.account ?? ''}`,
    });
  }

  @Get(':frameworkID')
  @ApiRoute({
    summary: "A framework's posture, control by control",
    description: 'Each control passing, failing (an open finding of a mapped rule; its first finding ids) or not evaluated.',
    tags: ['compliance'],
    operationId: 'getFrameworkPosture',
    responses: { 200: frameworkPostureSchema },
    errors: [400, 401, 403, 404],
  })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('frameworkID', frameworkIdSchema) frameworkId: string, @ZodQuery(complianceQuerySchema) query: ComplianceQuery) {
    return this.api.compliance.get(tenantId, frameworkId, query.account);
  }
}
