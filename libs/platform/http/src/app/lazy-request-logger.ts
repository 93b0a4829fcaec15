import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LogFn, Logger } from 'pino';

/**
 * A request's logger that makes its pino child (the server's logger with the request id bound)
 * only when a line is written at a level the server's logger has enabled. Fastify asks for a
 * child on every request, and pino's `child()` serialises the bindings (through the redaction
 * paths) at once: about 3 % of a cached `GET /jobs/{id}`, for lines that at `LOG_LEVEL=warn` are
 * never written. Once made, the child is the one `logger.child(bindings)` gives, so every line is
 * the same as before.
 */
class LazyRequestLogger {
  private made: Logger | undefined;

  constructor(
    private readonly parent: Logger,
    private readonly requestBindings: Bindings,
  ) {}

  declare fatal: LogFn;
  declare error: LogFn;
  declare warn: LogFn;
  declare info: LogFn;
  declare debug: LogFn;
  declare trace: LogFn;

  get level(): string {
    return (this.made ?? this.parent).level;
  }

  set level(level: string) {
    this.logger().level = level;
  }

  silent(): void {}

  isLevelEnabled(level: string): boolean {
    return (this.made ?? this.parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): Logger {
    return this.logger().child(bindings, options);
  }

  /** What every line carries: the parent's bindings and the request id. */
  bindings(): Bindings {
    return this.logger().bindings();
  }

  logger(): Logger {
    return (this.made ??= this.parent.child(this.requestBindings));
  }
}

const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
for (const level of LEVELS) {
  LazyRequestLogger.prototype[level] = function (this: LazyRequestLogger, ...args: Parameters<LogFn>) {
    if (this.isLevelEnabled(level)) this.logger()[level](...args);
  } as LogFn;
}

/**
 * Fastify's `childLoggerFactory`: a lazy child unless the route asks for its own level or
 * serializers (Fastify passes `{ level: '' }` for none), which get pino's child at once as before.
 */
export const lazyRequestLogger: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, options) => {
  const parent = logger as unknown as Logger;
  return ownOptions(options, parent.level) ? parent.child(bindings, options) : (new LazyRequestLogger(parent, bindings) as unknown as FastifyBaseLogger);
};

/** Options that make pino's child differ from `child(bindings)`: a level of its own, or anything but a level. */
function ownOptions(options: ChildLoggerOptions, parentLevel: string): boolean {
  for (const key in options) {
    if (key !== 'level') return true;
  }
  return options.level !== undefined && options.level !== '' && options.level !== parentLevel;
}
