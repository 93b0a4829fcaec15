import { z } from 'zod';

export const diagramFormatSchema = z.enum(['svg', 'png']).default('svg').describe('svg (image/svg+xml, the default) or png (image/png)');
export type DiagramFormat = z.infer<typeof diagramFormatSchema>;

const accountSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@/-]+$/, 'an account id: letters, digits and . _ : @ / -')
  .describe('The account (AWS account id) whose resources are drawn; default: every account');
const regionSchema = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[a-z0-9-]+$/, 'a region name such as us-east-1')
  .describe('The region drawn (global services are drawn beside it); default: every region');

export const awsDiagramQuerySchema = z.object({ account: accountSchema.optional(), region: regionSchema.optional(), format: diagramFormatSchema }).strict();
export type AwsDiagramQuery = z.infer<typeof awsDiagramQuerySchema>;

export const kubernetesDiagramQuerySchema = z
  .object({
    cluster: z.string().min(1).max(253).optional().describe('The cluster drawn (its name, as the clusters API lists it); default: every cluster'),
    namespace: z
      .string()
      .min(1)
      .max(63)
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a Kubernetes namespace name')
      .optional()
      .describe('Only this namespace'),
    format: diagramFormatSchema,
  })
  .strict();
export type KubernetesDiagramQuery = z.infer<typeof kubernetesDiagramQuerySchema>;

export const jobDiagramQuerySchema = z.object({ format: diagramFormatSchema }).strict();
export type JobDiagramQuery = z.infer<typeof jobDiagramQuerySchema>;
