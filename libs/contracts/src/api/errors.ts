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
  bodyTooComplex: 'body_too_complex',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  idempotencyConflict: 'idempotency_key_reused',
  payloadTooLarge: 'payload_too_large',
  uriTooLong: 'uri_too_long',
  malformedUrl: 'malformed_url',
  malformedRequest: 'malformed_request',
  headersTooLarge: 'headers_too_large',
  requestTimeout: 'request_timeout',
  invalidCursor: 'invalid_cursor',
  unavailable: 'service_unavailable',
  internal: 'internal_error',
} as const;

/**
 * Per-parse zod options for validating what a client sent: a field left out reads "Required"
 * rather than zod's "expected string, received undefined". Every other issue keeps zod's message.
 */
export const REQUEST_PARSE_OPTIONS: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'Required' : undefined),
};
