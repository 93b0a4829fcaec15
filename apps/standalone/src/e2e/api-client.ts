import { waitFor } from '@strata/testing';

export type Json = Record<string, unknown>;

/** A small client for the e2e suites: JSON in and out, the status kept. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
  }

  async ok(method: string, path: string, body?: unknown): Promise<Json> {
    const { status, body: json } = await this.call(method, path, body);
    if (status >= 300) throw new Error(`${method} ${path} → ${status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Waits until the job reaches one of `statuses`, and returns it. */
  async jobIn(tenant: string, jobId: string, statuses: readonly string[], timeoutMs = 60_000): Promise<Json> {
    return waitFor(
      async () => {
        const job = await this.ok('GET', `/api/v1/tenants/${tenant}/jobs/${jobId}`);
        return statuses.includes(String(job['status'])) ? job : undefined;
      },
      { timeoutMs, intervalMs: 100, message: `job ${jobId} to be ${statuses.join(' or ')}` },
    );
  }

  /** The whole SSE log of a job: each `data:` line parsed, until the server ends the stream. */
  async logOf(tenant: string, jobId: string): Promise<Json[]> {
    const response = await fetch(`${this.baseUrl}/api/v1/tenants/${tenant}/jobs/${jobId}/stream`, { headers: { authorization: `Bearer ${this.token}` } });
    if (response.status !== 200) throw new Error(`stream → ${response.status}`);
    const text = await response.text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => JSON.parse(line.slice(6)) as Json);
  }
}
