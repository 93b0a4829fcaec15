import { BaseRpcContext } from '@nestjs/microservices';

export interface NatsMessageDetails {
  /** As the contracts name it (without the namespace). */
  subject: string;
  headers: Readonly<Record<string, string>>;
  /** Only for JetStream messages. */
  deliveryCount?: number;
  msgId?: string;
  streamSequence?: number;
}

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
}
