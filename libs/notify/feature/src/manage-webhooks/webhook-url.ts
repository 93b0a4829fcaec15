import { checkTargetUrl, WEBHOOK_ALLOW_PRIVATE_ENV, type TargetCheck } from '@strata/notify-egress';

/** RFC 6761: `localhost` and every name under `.localhost` are loopback, whatever DNS says. */
const LOOPBACK_NAME = /(^|\.)localhost\.?$/i;

/**
 * The egress policy's URL check (`checkTargetUrl`), plus: a loopback name is refused when the
 * webhook is saved, not only when the dispatcher resolves it, so `http://localhost/` is a 400
 * with its reason rather than a webhook that can never deliver.
 */
export function checkWebhookUrl(url: string, allowPrivate: boolean): TargetCheck {
  const check = checkTargetUrl(url, { allowPrivate });
  if (!check.ok || allowPrivate || !LOOPBACK_NAME.test(check.url.hostname)) return check;
  return { ok: false, reason: `host is ${check.url.hostname}, a loopback name: refused (set ${WEBHOOK_ALLOW_PRIVATE_ENV}=true to allow private targets)` };
}
