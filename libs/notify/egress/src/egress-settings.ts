/** The platform setting that lets self-hosters send webhooks to private addresses. */
export const WEBHOOK_ALLOW_PRIVATE_ENV = 'STRATA_WEBHOOK_ALLOW_PRIVATE';

/** `STRATA_WEBHOOK_ALLOW_PRIVATE`: `true`/`1` allow, unset/empty/`false`/`0` refuse (default); anything else is a mistake. */
export function webhookAllowPrivateFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const raw = (env[WEBHOOK_ALLOW_PRIVATE_ENV] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0') return false;
  if (raw === 'true' || raw === '1') return true;
  throw new Error(`${WEBHOOK_ALLOW_PRIVATE_ENV} must be true or false, not ${JSON.stringify(env[WEBHOOK_ALLOW_PRIVATE_ENV])}`);
}
