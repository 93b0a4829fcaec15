import type { CallToolResult, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import { idSchema } from '@strata/contracts';
import { z } from 'zod';
import type { RestRequest, StrataRest } from '../rest/strata-rest';
import type { DefaultTenant } from './tenant-of';
import { toolResultOf } from './tool-result';

/** What a tool runs with: the REST API under the caller's token, and the tenant to default to. */
export interface ToolContext {
  rest: StrataRest;
  tenant: DefaultTenant;
}

/** One MCP tool: its input (zod, from the REST route's own schemas) and what it does with it. */
export interface StrataTool {
  name: string;
  title: string;
  description: string;
  input: z.ZodObject;
  annotations: ToolAnnotations;
  run(args: Record<string, unknown>, context: ToolContext): Promise<CallToolResult>;
}

const tenantArgument = idSchema.optional().describe("The tenant to act in; default: the token's own tenant");

/** A tool's input: `tenant` (optional) and the given fields, no others. */
export function tenantScoped<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object({ tenant: tenantArgument, ...shape }).strict();
}

export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
export const WRITES: ToolAnnotations = { readOnlyHint: false, destructiveHint: false, openWorldHint: false };

/**
 * A tool that is one REST call in the tenant: `request` turns the (validated) arguments and the
 * tenant's path (`/api/v1/tenants/<t>`) into the call; its answer, or its error envelope, is the result.
 */
export function restTool<Input extends z.ZodObject>(spec: {
  name: string;
  title: string;
  description: string;
  input: Input;
  annotations?: ToolAnnotations;
  request: (args: z.output<Input>, tenantPath: string) => RestRequest;
}): StrataTool {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    input: spec.input,
    annotations: spec.annotations ?? READ_ONLY,
    async run(args, { rest, tenant }) {
      const tenantId = await tenant.of(args['tenant'] as string | undefined);
      return toolResultOf(await rest.send(spec.request(args as z.output<Input>, `/api/v1/tenants/${encodeURIComponent(tenantId)}`)));
    },
  };
}

/** The arguments but `tenant` and the named path parameters: what goes in the query or body. */
export function queryOrBody<T extends Record<string, unknown>, K extends keyof T>(args: T, ...pathKeys: K[]): Omit<T, K | 'tenant'> {
  const copy: Record<string, unknown> = { ...args };
  for (const key of [...pathKeys, 'tenant']) delete copy[key as string];
  return copy as Omit<T, K | 'tenant'>;
}
