import { DomainError } from '@strata/contracts';

export class ChannelNotFoundError extends DomainError {
  constructor(channelId: string) {
    super('channel_not_found', `No notification channel ${channelId}`);
  }
}

/** A Slack or webhook channel's URL fails the SSRF policy: 400 with the policy's reason (never the URL: a Slack URL is a secret). */
export class ChannelUrlRefusedError extends DomainError {
  constructor(reason: string) {
    super('channel_url_refused', `The channel URL is refused: ${reason}`);
  }
}
