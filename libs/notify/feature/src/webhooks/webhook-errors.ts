import { DomainError } from '@strata/contracts';

export class WebhookNotFoundError extends DomainError {
  constructor(webhookId: string) {
    super('webhook_not_found', `No webhook ${webhookId}`);
  }
}

/** The URL fails the SSRF policy: 400 with the policy's reason. */
export class WebhookUrlRefusedError extends DomainError {
  constructor(reason: string) {
    super('webhook_url_refused', `The webhook URL is refused: ${reason}`);
  }
}
