import { createLogger, type Logger } from '@strata/platform-observability';
import type { FastifyBaseLogger } from 'fastify';
import { lazyRequestLogger } from './lazy-request-logger';

function capture(level: string): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ name: 'lazy-test', level, destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  return { logger, lines };
}

// What Fastify passes for a route without log options of its own.
const NO_ROUTE_OPTIONS = { level: '' };
const requestLogger = (parent: Logger, options: Record<string, unknown> = NO_ROUTE_OPTIONS): FastifyBaseLogger =>
  lazyRequestLogger.call(undefined as never, parent as unknown as FastifyBaseLogger, { reqId: 'req-1' }, options, undefined as never);
const withoutTime = ({ time: _time, ...line }: Record<string, unknown>) => line;

describe('lazyRequestLogger', () => {
  it('makes no child for lines below the level', () => {
    const { logger, lines } = capture('warn');
    const child = jest.spyOn(logger, 'child');
    const log = requestLogger(logger);
    log.info({ req: { url: '/x' } }, 'incoming request');
    log.debug('details');
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('writes, at an enabled level, the same line as a child of the request id would', () => {
    const lazy = capture('info');
    const eager = capture('info');
    const error = new Error('boom');
    requestLogger(lazy.logger).error({ err: error, authorization: 'Bearer secret' }, 'request failed');
    eager.logger.child({ reqId: 'req-1' }).error({ err: error, authorization: 'Bearer secret' }, 'request failed');
    expect(lazy.lines.map(withoutTime)).toEqual(eager.lines.map(withoutTime));
    expect(lazy.lines[0]).toMatchObject({ reqId: 'req-1', msg: 'request failed', level: 50, authorization: '[redacted]' });
  });

  it('makes its child once, whatever is logged', () => {
    const { logger, lines } = capture('info');
    const child = jest.spyOn(logger, 'child');
    const log = requestLogger(logger);
    log.info('incoming request');
    log.warn({ n: 1 }, 'slow');
    log.info('request completed');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => [line['msg'], line['reqId']])).toEqual([
      ['incoming request', 'req-1'],
      ['slow', 'req-1'],
      ['request completed', 'req-1'],
    ]);
  });

  it("follows the server logger's level until its child is made, and its own once set", () => {
    const { logger, lines } = capture('warn');
    const log = requestLogger(logger);
    expect(log.level).toBe('warn');
    logger.level = 'info';
    log.info('now on');
    expect(lines).toHaveLength(1);
    log.level = 'error';
    log.warn('off for this request');
    expect(lines).toHaveLength(1);
    expect(logger.level).toBe('info');
  });

  it('hands out children that carry the request id', () => {
    const { logger, lines } = capture('info');
    requestLogger(logger).child({ component: 'x' }).info('hello');
    expect(lines[0]).toMatchObject({ reqId: 'req-1', component: 'x', msg: 'hello' });
  });

  it("gives a route with a log level of its own pino's child at once, at that level", () => {
    const { logger, lines } = capture('warn');
    const child = jest.spyOn(logger, 'child');
    const log = requestLogger(logger, { level: 'debug' });
    expect(child).toHaveBeenCalledWith({ reqId: 'req-1' }, { level: 'debug' });
    log.debug('route detail');
    expect(lines[0]).toMatchObject({ reqId: 'req-1', msg: 'route detail' });
  });
});
