/** One call to the Strata REST API, as a tool makes it. */
export interface RestRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** From the root, path parameters already encoded: `/api/v1/tenants/acme/jobs`. */
  path: string;
  /** Query parameters; arrays repeat the key, undefined ones are left out. */
  query?: Readonly<Record<string, unknown>>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
}

export interface RestResponse {
  status: number;
  /** The parsed JSON body; undefined when empty. */
  body: unknown;
}

/** A job's log read from its Server-Sent Events stream. */
export interface EventStreamRead {
  /** The stream's status: 200 when it was read; otherwise `body` holds the error envelope. */
  status: number;
  body?: unknown;
  /** The `data:` payloads, in order. */
  events: string[];
  /** True when the server ended the stream (the job's closing line was sent). */
  ended: boolean;
}

export interface EventStreamReadOptions {
  /** Stop once no event arrived for this long after the last one (what exists so far). */
  quietMs: number;
  /** Stop after this long in any case. */
  maxMs: number;
}

/**
 * The REST API as the MCP tools reach it, always with the caller's own bearer token (in the
 * gateway, `InjectRest`: Fastify's `inject()`). Authentication, tenancy, permissions,
 * validation and error envelopes are therefore exactly the REST API's.
 */
export interface StrataRest {
  send(request: RestRequest): Promise<RestResponse>;
  /** Reads an SSE route (a job's log) until it ends, goes quiet, or `maxMs` passes. */
  readEvents(path: string, options: EventStreamReadOptions): Promise<EventStreamRead>;
}

/** `path?a=1&b=x&b=y` from a request's path and query. */
export function urlOf({ path, query }: Pick<RestRequest, 'path' | 'query'>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      params.append(key, typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  const search = params.toString();
  return search === '' ? path : `${path}?${search}`;
}

/** A path parameter, encoded (node ids hold `/` and `:`). */
export const segment = (value: string): string => encodeURIComponent(value);

export function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
