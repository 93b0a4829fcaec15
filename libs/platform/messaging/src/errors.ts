import { RpcException } from '@nestjs/microservices';

/** Base class of every error this library raises on its own account. */
export class MessagingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `NATS_URL`, `STRATA_NS` or an option passed in code is not usable. */
export class MessagingConfigError extends MessagingError {}

/** A stream could not be created or brought to the declared configuration. */
export class StreamSetupError extends MessagingError {
  constructor(
    readonly stream: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`stream ${stream}: ${message}`, options);
  }
}

/** A durable consumer could not be created or updated. */
export class ConsumerSetupError extends MessagingError {
  constructor(
    readonly stream: string,
    readonly durable: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`consumer ${durable} on ${stream}: ${message}`, options);
  }
}

/**
 * The stream refused a publish because another message was stored on the subject since the
 * sequence the publisher expected: someone else wrote first (optimistic concurrency).
 */
export class PublishConflictError extends MessagingError {
  constructor(
    readonly subject: string,
    readonly expectedLastSubjectSequence: number,
    options?: ErrorOptions,
  ) {
    super(
      `publish to ${subject} rejected: the last sequence on the subject is no longer ${expectedLastSubjectSequence}`,
      options,
    );
  }
}

/** No stream captures the subject, so JetStream did not answer the publish. */
export class NoStreamForSubjectError extends MessagingError {
  constructor(
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(`no stream captures ${subject} (were the streams set up in this namespace?)`, options);
  }
}

/** A request got no reply within its timeout. */
export class RequestTimeoutError extends MessagingError {
  constructor(
    readonly subject: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`request to ${subject} got no reply within ${timeoutMs} ms`, options);
  }
}

/** The connection to NATS is down, and the request was not to wait for it to come back. */
export class NotConnectedError extends MessagingError {
  constructor(readonly subject: string) {
    super(`request to ${subject} not sent: the connection to NATS is down`);
  }
}

/** Nobody listens on the subject of a request, so it failed at once instead of timing out. */
export class NoRespondersError extends MessagingError {
  constructor(
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(`no responders for request to ${subject}`, options);
  }
}

/** The responder received the request but its handler failed; `code` follows HTTP conventions. */
export class RemoteHandlerError extends MessagingError {
  constructor(
    readonly subject: string,
    readonly code: number,
    readonly remoteMessage: string,
  ) {
    super(`request to ${subject} failed remotely (${code}): ${remoteMessage}`);
  }
}

/** A payload is not valid JSON, or does not match the schema it was read with. */
export class PayloadDecodeError extends MessagingError {}

/** A value cannot be written as JSON (a cycle, a BigInt). */
export class PayloadEncodeError extends MessagingError {}

const POISON_FLAG = 'strataPoisonMessage';

/**
 * Thrown by a consumer handler for a message that can never succeed, however often it is retried
 * (it contradicts the domain, refers to something that will never exist): the message is
 * terminated at once instead of being redelivered.
 *
 * It is an `RpcException` because NestJS replaces every other error a handler throws with a
 * generic "Internal server error" object before the transport sees it; an `RpcException`'s
 * payload is passed through, and carries the flag the transport recognises.
 */
export class PoisonMessageError extends RpcException {
  constructor(message: string, options?: ErrorOptions) {
    super({ status: 'error', message, [POISON_FLAG]: true });
    this.name = 'PoisonMessageError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** True for a `PoisonMessageError`, also after NestJS's exception layer turned it into a plain object. */
export function isPoisonMessageError(error: unknown): boolean {
  if (error instanceof PoisonMessageError) return true;
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)[POISON_FLAG] === true;
}

/**
 * A NestJS handler failed. Nest's exception layer hands the transport a plain object rather than
 * the thrown error; this carries that object's message on.
 */
export class HandlerFailedError extends MessagingError {}
