import { JOB_ERROR_CODES } from '@strata/contracts';
import { z } from 'zod';

export const DEMO_MAX_SIZE = 5_000_000;

export const demoConfigSchema = z
  .object({
    size: z.number().int().min(1).max(DEMO_MAX_SIZE).default(300).describe('How many resources the estate has'),
    seed: z
      .union([z.string().min(1).max(100), z.number().int()])
      .default('demo')
      .transform(String)
      .describe('Each seed leaves out 3 % of the removable resources and changes 10 %, so two seeds\' estates differ in about a fifth: some resources go, some change'),
    edges_per_node: z
      .number()
      .min(0)
      .max(16)
      .optional()
      .describe('Adds network edges until the estate has about this many edges per node'),
    fail_with: z.enum(JOB_ERROR_CODES).optional().describe('Fail the run with this error code'),
    fail_after: z.number().int().min(0).default(0).describe('Resources to emit before failing'),
    delay_ms: z.number().int().min(0).max(60_000).default(0).describe('Pause after each 500 resources (for demos and tests)'),
  })
  .strict();

export type DemoConfig = z.output<typeof demoConfigSchema>;
