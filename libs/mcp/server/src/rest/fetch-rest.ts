import { collectSseEvents } from './sse-events';
import { parseJson, urlOf, type EventStreamRead, type EventStreamReadOptions, type RestRequest, type RestResponse, type StrataRest } from './strata-rest';

export interface FetchRestOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  token: string;
  /** Per call (default 30 s). */
  timeoutMs?: number;
  userAgent?: string;
}

/** {@link StrataRest} over HTTP with `fetch`: what the stdio server uses against a running Strata. */
export class FetchRest implements StrataRest {
  private readonly base: string;

  constructor(private readonly options: FetchRestOptions) {
    this.base = options.url.replace(/\/+$/, '');
  }

  async send(request: RestRequest): Promise<RestResponse> {
    const response = await this.fetch(this.base + urlOf(request), {
      method: request.method,
      headers: {
        ...this.headers(),
        accept: 'application/json',
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      },
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
    });
    return { status: response.status, body: parseJson(await response.text()) };
  }

  async readEvents(path: string, options: EventStreamReadOptions): Promise<EventStreamRead> {
    const abort = new AbortController();
    const response = await this.fetch(this.base + path, { headers: { ...this.headers(), accept: 'text/event-stream' }, signal: abort.signal });
    if (response.status !== 200 || response.body === null) {
      return { status: response.status, body: parseJson(await response.text()), events: [], ended: true };
    }
    const { events, ended } = await collectSseEvents(response.body, options, () => abort.abort());
    if (!ended) abort.abort();
    return { status: 200, events, ended };
  }

  /** `fetch`, saying which server could not be reached (the agent sees the message). */
  private async fetch(url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, init);
    } catch (error) {
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new Error(`Cannot reach the Strata API at ${this.base}: ${cause}`, { cause: error });
    }
  }

  private headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.token}`, 'user-agent': this.options.userAgent ?? 'strata-mcp' };
  }
}
