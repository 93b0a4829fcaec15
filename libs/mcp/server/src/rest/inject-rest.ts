import type { FastifyInstance } from 'fastify';
import type { Readable } from 'node:stream';
import { collectSseEvents } from './sse-events';
import { parseJson, urlOf, type EventStreamRead, type EventStreamReadOptions, type RestRequest, type RestResponse, type StrataRest } from './strata-rest';

/**
 * {@link StrataRest} inside the gateway: each call goes through Fastify's `inject()` with the MCP
 * caller's own `Authorization` header, so it meets the same guard, validation and error envelope
 * as a REST request, without a socket.
 */
export class InjectRest implements StrataRest {
  constructor(
    private readonly fastify: FastifyInstance,
    private readonly authorization: string,
    /** The MCP request's id, so the REST calls it makes log under it. */
    private readonly requestId?: string,
  ) {}

  async send(request: RestRequest): Promise<RestResponse> {
    const response = await this.fastify.inject({
      method: request.method,
      url: urlOf(request),
      headers: {
        ...this.headers(),
        ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...request.headers,
      },
      ...(request.body !== undefined ? { payload: JSON.stringify(request.body) } : {}),
    });
    return { status: response.statusCode, body: parseJson(response.body) };
  }

  async readEvents(path: string, options: EventStreamReadOptions): Promise<EventStreamRead> {
    const response = await this.fastify.inject({ method: 'GET', url: path, headers: { ...this.headers(), accept: 'text/event-stream' }, payloadAsStream: true });
    const body = response.stream() as Readable;
    if (response.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of body) chunks.push(Buffer.from(chunk as Buffer));
      return { status: response.statusCode, body: parseJson(Buffer.concat(chunks).toString('utf8')), events: [], ended: true };
    }
    // Closing the (injected) response is what a client hanging up does: the log stream stops following.
    const close = () => (response.raw.res as { destroy?: () => void }).destroy?.();
    const { events, ended } = await collectSseEvents(body, options, close);
    if (!ended) close();
    return { status: 200, events, ended };
  }

  private headers(): Record<string, string> {
    return { authorization: this.authorization, ...(this.requestId ? { 'x-request-id': this.requestId } : {}) };
  }
}
