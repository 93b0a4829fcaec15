import { ApiError, AuthError, CliError } from './errors';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Answer statuses to hand back instead of raising (e.g. 204 on a stream). */
  accept?: readonly number[];
  signal?: AbortSignal;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Builds `path?query`: repeated values are joined with commas, as every list filter accepts. */
export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

/** A path segment: ids such as ARNs and finding ids hold "/" and ":". */
export const segment = (value: string): string => encodeURIComponent(value);

/** The REST API, and nothing else: the CLI imports no service code. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  async request<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const response = await this.send(method, path, options);
    const text = await response.text();
    const body = parseBody(text, response.headers.get('content-type'));
    if (!response.ok && !options.accept?.includes(response.status)) throw errorOf(response.status, body);
    return { status: response.status, headers: response.headers, body: body as T };
  }

  /** GET/POST/... answering the body. */
  async call<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    return (await this.request<T>(method, path, options)).body;
  }

  /** The raw answer, for streams (SSE) and files (PDF, PNG). Errors are raised as by `request`. */
  async raw(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const response = await this.send(method, path, options);
    if (!response.ok && !options.accept?.includes(response.status)) {
      const text = await response.text();
      throw errorOf(response.status, parseBody(text, response.headers.get('content-type')));
    }
    return response;
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const url = new URL(withQuery(path, options.query), this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token) headers['authorization'] = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      return await fetch(url, { method, headers, ...(options.signal ? { signal: options.signal } : {}), ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CliError(`Cannot reach Strata at ${this.baseUrl}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
  }
}

function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (contentType?.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function errorOf(status: number, body: unknown): CliError {
  const envelope = typeof body === 'object' && body !== null ? (body as { error?: unknown; code?: unknown; details?: unknown }) : {};
  const message = typeof envelope.error === 'string' ? envelope.error : typeof body === 'string' && body ? body.slice(0, 300) : `HTTP ${status}`;
  const details = envelope.details === undefined ? '' : `: ${JSON.stringify(envelope.details)}`;
  if (status === 401) return new AuthError(`The API refused the token (HTTP 401): ${message}. Run \`strata login\` again or check STRATA_TOKEN`);
  return new ApiError(status, typeof envelope.code === 'string' ? envelope.code : undefined, `${message}${details}`, body);
}
