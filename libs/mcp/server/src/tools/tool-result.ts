import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RestResponse } from '../rest/strata-rest';

interface ErrorEnvelope {
  error?: unknown;
  code?: unknown;
  details?: unknown;
}

const asRecord = (body: unknown): Record<string, unknown> => (body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : { result: body ?? null });

/** A successful answer: the API's JSON unchanged, as text and as structured content. */
export function toolSuccess(body: unknown): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(body ?? null, null, 2) }], structuredContent: asRecord(body) };
}

/** A tool error (`isError`): the agent reads what went wrong and may try otherwise; the session goes on. */
export function toolError(message: string, structured: Record<string, unknown> = {}): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }], structuredContent: { error: message, ...structured } };
}

/**
 * The REST API's error envelope as a tool error that says what to do: a 403 names the missing
 * permission (or that the tenant is not the token's), a 404 says what was not found.
 */
export function restError({ status, body }: RestResponse): CallToolResult {
  const envelope = (body ?? {}) as ErrorEnvelope;
  const message = typeof envelope.error === 'string' ? envelope.error : `HTTP ${status}`;
  const code = typeof envelope.code === 'string' ? envelope.code : `http_${status}`;
  const lead =
    status === 401 ? 'Not authenticated' : status === 403 ? 'Permission denied' : status === 404 ? 'Not found' : status === 400 ? 'Invalid input' : status === 409 ? 'Conflict' : `Failed (HTTP ${status})`;
  const details = Array.isArray(envelope.details)
    ? (envelope.details as { path?: unknown; message?: unknown }[]).map((d) => `\n- ${String(d.path ?? '')}: ${String(d.message ?? '')}`).join('')
    : '';
  return toolError(`${lead}: ${message} (${code})${details}`, { status, code, ...(envelope.details !== undefined ? { details: envelope.details } : {}) });
}

/** A REST answer as the tool's result: 2xx → the body, anything else → {@link restError}. */
export function toolResultOf(response: RestResponse): CallToolResult {
  return response.status >= 200 && response.status < 300 ? toolSuccess(response.body) : restError(response);
}
