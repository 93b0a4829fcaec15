import { Controller, Get, Inject } from '@nestjs/common';
import { answerUnpagedListAsync, ApiRoute, listOrEnvelopeSchema, Permissions, RequirePermissions, unpagedListQuerySchema, ZodParam, ZodQuery, type CursorEnvelope, type UnpagedListQuery } from '@strata/platform-http';
import { credentialIdSchema } from '../credentials/credential.schemas';
import { tenantIdSchema } from '../tenants/tenant.schemas';
import { credentialContextsSchema, kubeconfigContextSchema, type CredentialContextsView } from './credential-contexts.schemas';
import { CredentialContextsService } from './credential-contexts.service';

@Controller('api/v1/tenants/:tenantID/credentials/:credentialID/contexts')
export class CredentialContextsController {
  constructor(@Inject(CredentialContextsService) private readonly contexts: CredentialContextsService) {}

  @Get()
  @RequirePermissions(Permissions.credentialsRead)
  @ApiRoute({
    summary: "List a kubeconfig credential's contexts",
    description:
      "Seed 001's k8s/contexts for a stored kubernetes credential: each context's name, cluster, user and namespace (names only, never a secret), " +
      'which one discovery uses, and whether discovery supports its user. 400 for a credential of another kind or holding server + token. ' +
      '`envelope=true`: the contexts in the cursor envelope (one page unless `limit` is given).',
    tags: ['credentials'],
    operationId: 'listCredentialContexts',
    responses: { 200: listOrEnvelopeSchema(credentialContextsSchema, kubeconfigContextSchema, 'KubeconfigContextListEnvelope') },
    errors: [400, 404],
  })
  list(
    @ZodParam('tenantID', tenantIdSchema) tenantId: string,
    @ZodParam('credentialID', credentialIdSchema) credentialId: string,
    @ZodQuery(unpagedListQuerySchema) query: UnpagedListQuery,
  ): Promise<CredentialContextsView | CursorEnvelope<CredentialContextsView['items'][number]>> {
    return answerUnpagedListAsync(query, {
      id: 'credential-contexts',
      own: () => this.contexts.list(tenantId, credentialId),
      items: (own) => own.items,
      keyOf: (context) => context.name,
    });
  }
}
