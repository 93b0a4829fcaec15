import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumedMessage } from '../consumer/durable-consumer';

export interface NatsMessageDetails {
  /** As the contracts name it (without the namespace). */
  subject: string;
  headers: Readonly<Record<string, string>>;
  /** Only for JetStream messages. */
  deliveryCount?: number;
  msgId?: string;
  streamSequence?: number;
  /** Aborted once the transport closes: its consumers have stopped pulling and wait for their handlers. */
  closing?: AbortSignal;
}

const NEVER_ABORTED = new AbortController().signal;

/** What a handler can learn about the message it got (`@Ctx() context: NatsMessageContext`). */
export class NatsMessageContext extends BaseRpcContext<[NatsMessageDetails]> {
  getSubject(): string {
    return this.args[0].subject;
  }

  getHeaders(): Readonly<Record<string, string>> {
    return this.args[0].headers;
  }

  /** 1 on first delivery; `undefined` for a request. */
  getDeliveryCount(): number | undefined {
    return this.args[0].deliveryCount;
  }

  getMsgId(): string | undefined {
    return this.args[0].msgId;
  }

  getStreamSequence(): number | undefined {
    return this.args[0].streamSequence;
  }

  /**
   * Aborted when the app shuts down and the transport is waiting for running handlers to finish:
   * a long handler that can hand its message back (throw, so it is redelivered) stops here.
   */
  getClosingSignal(): AbortSignal {
    return this.args[0].closing ?? NEVER_ABORTED;
  }

  /** The JetStream message as a durable consumer's handler gets it, for handlers written against `ConsumedMessage`. */
  toConsumedMessage<T>(data: T): ConsumedMessage<T> {
    const { subject, headers, msgId, deliveryCount, streamSequence } = this.args[0];
    return { subject, data, headers, msgId, deliveryCount: deliveryCount ?? 1, streamSequence: streamSequence ?? 0 };
  }
}
