import { JOB_ERROR_CODES } from '@strata/contracts';
import { z } from 'zod';

export const DEMO_MAX_SIZE = 5_000_000;
/** The share (percent) of resources a seed changes when a job does not say. */
export const DEMO_DEFAULT_DRIFT_PERCENT = 10;

export const demoConfigSchema = z
  .object({
    size: z.number().int().min(1).max(DEMO_MAX_SIZE).default(300).describe('How many resources the estate has'),
    seed: z
      .union([z.string().min(1).max(100), z.number().int()])
      .default('demo')
      .transform(String)
      .describe('Which resources a seed leaves out and changes (how many: drift_percent)'),
    drift_percent: z
      .number()
      .min(0)
      .max(100)
      .default(DEMO_DEFAULT_DRIFT_PERCENT)
      .describe('Each seed changes this share of the resources and leaves out three tenths as many of the removable ones, so two seeds\' estates differ in about twice this share (at the default 10, about a fifth)'),
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
