import { z } from 'zod';

/** The one error envelope every endpoint answers with: `{"error": "...", "code": "..."}`. */
export const errorEnvelopeSchema = z
  .object({
    error: z.string().describe('What went wrong, for people'),
    code: z.string().describe('What went wrong, for programs'),
    details: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('For validation errors: each invalid field'),
  })
  .meta({ id: 'Error' });

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export const API_ERROR_CODES = {
  validation: 'validation_error',
  malformedJson: 'malformed_json',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  idempotencyConflict: 'idempotency_key_reused',
  payloadTooLarge: 'payload_too_large',
  invalidCursor: 'invalid_cursor',
  unavailable: 'service_unavailable',
  internal: 'internal_error',
} as const;
