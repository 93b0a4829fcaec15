import { Controller, Delete, Get, HttpCode, Inject, Patch, Post } from '@nestjs/common';
import type { RuleDocument } from '@strata/audit-domain';
import { idSchema } from '@strata/contracts';
import { acceptingListEnvelope, ApiRoute, CurrentPrincipal, Permissions, type Principal, RequirePermissions, ZodBody, ZodParam, ZodQuery } from '@strata/platform-http';
import { RULES_API, type RulesApiHandle } from './rules-api.token';
import {
  createRuleRequestSchema,
  dryRunRequestSchema,
  dryRunResultSchema,
  listRulesQuerySchema,
  patchRuleRequestSchema,
  ruleIdSchema,
  ruleListSchema,
  ruleViewSchema,
  type DryRunRequest,
  type ListRulesQuery,
  type PatchRuleRequest,
} from './rules.schemas';

const TAKES_EFFECT = 'A change takes effect at the next audit: findings of a disabled or deleted rule resolve there.';

@Controller('api/v1/tenants/:tenantID/rules')
export class RulesController {
  constructor(@Inject(RULES_API) private readonly rules: RulesApiHandle) {}

  @Get()
  @RequirePermissions(Permissions.findingsRead)
  @ApiRoute({
    summary: 'List rules',
    description: 'Built-in rules (pack order) then the tenant\'s own (by id), each with its enabled flag and the last error it raised in an audit.',
    tags: ['rules'],
    operationId: 'listRules',
    responses: { 200: ruleListSchema },
    errors: [400, 401, 403],
  })
  list(@ZodParam('tenantID', idSchema) tenantId: string, @ZodQuery(acceptingListEnvelope(listRulesQuerySchema)) query: ListRulesQuery) {
    return this.rules.api.list(tenantId, query);
  }

  @Post('dry-run')
  @HttpCode(200)
  @RequirePermissions(Permissions.rulesWrite)
  @ApiRoute({
    summary: 'Try a rule on the current graph',
    description:
      'Evaluates a rule document (`rule`, checked as on create; its id may be left out) or one of the tenant\'s rules (`rule_id`) over the active nodes of its resource types, as an audit would, and returns the first `limit` matches and their count. Opens nothing. Stops after 100,000 nodes or 10 s (`complete: false`).',
    tags: ['rules'],
    operationId: 'dryRunRule',
    responses: { 200: dryRunResultSchema },
    errors: [400, 401, 403, 404],
  })
  dryRun(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(dryRunRequestSchema) request: DryRunRequest) {
    return this.rules.dryRun(tenantId, request);
  }

  @Get(':ruleID')
  @RequirePermissions(Permissions.findingsRead)
  @ApiRoute({ summary: 'Get a rule', tags: ['rules'], operationId: 'getRule', responses: { 200: ruleViewSchema }, errors: [401, 403, 404] })
  get(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('ruleID', ruleIdSchema) ruleId: string) {
    return this.rules.api.get(tenantId, ruleId);
  }

  @Post()
  @RequirePermissions(Permissions.rulesWrite)
  @ApiRoute({
    summary: 'Create a rule of the tenant\'s own',
    description:
      'A rule document: id, title, description, severity, kind, resource_types, condition (CEL), reason?, savings? (cost rules), remediation, frameworks, references, examples. ' +
      'The CEL must compile against the rule language (400 `validation_error` naming the expression and where it fails), the frameworks must exist, and every example must be judged as it says. ' +
      `An id of a built-in or existing rule is a 409. ${TAKES_EFFECT}`,
    tags: ['rules'],
    operationId: 'createRule',
    responses: { 201: ruleViewSchema },
    errors: [400, 401, 403, 409],
  })
  create(@ZodParam('tenantID', idSchema) tenantId: string, @ZodBody(createRuleRequestSchema) document: RuleDocument, @CurrentPrincipal() principal: Principal) {
    return this.rules.api.create(tenantId, document, principal.tokenId);
  }

  @Patch(':ruleID')
  @RequirePermissions(Permissions.rulesWrite)
  @ApiRoute({
    summary: 'Enable, disable or change a rule',
    description: `\`enabled\` for any rule; a tenant's own rule may change any field of its document (null removes reason or savings), checked as on create. ${TAKES_EFFECT}`,
    tags: ['rules'],
    operationId: 'patchRule',
    responses: { 200: ruleViewSchema },
    errors: [400, 401, 403, 404],
  })
  patch(
    @ZodParam('tenantID', idSchema) tenantId: string,
    @ZodParam('ruleID', ruleIdSchema) ruleId: string,
    @ZodBody(patchRuleRequestSchema) patch: PatchRuleRequest,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.rules.api.patch(tenantId, ruleId, patch, principal.tokenId);
  }

  @Delete(':ruleID')
  @HttpCode(204)
  @RequirePermissions(Permissions.rulesWrite)
  @ApiRoute({ summary: "Delete a rule of the tenant's own", description: `Built-in rules are disabled instead (400 \`builtin_rule\`). ${TAKES_EFFECT}`, tags: ['rules'], operationId: 'deleteRule', responses: { 204: null }, errors: [400, 401, 403, 404] })
  async delete(@ZodParam('tenantID', idSchema) tenantId: string, @ZodParam('ruleID', ruleIdSchema) ruleId: string): Promise<void> {
    await this.rules.api.delete(tenantId, ruleId);
  }
}

