import { checkTargetUrl, WEBHOOK_ALLOW_PRIVATE_ENV, type TargetCheck } from '@strata/notify-egress';

/** RFC 6761: `localhost` and every name under `.localhost` are loopback, whatever DNS says. */
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

/**
 * Whether a Slack or webhook channel may point at a URL: the egress policy's `checkTargetUrl`,
 * plus loopback names refused when the channel is saved (as the webhooks API does; kept here so
 * the channels do not depend on the webhook files, which are being restructured).
 */
export function checkChannelUrl(url: string, allowPrivate: boolean): TargetCheck {
  const check = checkTargetUrl(url, { allowPrivate });
  if (!check.ok || allowPrivate || !LOOPBACK_NAME.test(check.url.hostname)) return check;
  return { ok: false, reason: `host is ${check.url.hostname}, a loopback name: refused (set ${WEBHOOK_ALLOW_PRIVATE_ENV}=true to allow private targets)` };
}
