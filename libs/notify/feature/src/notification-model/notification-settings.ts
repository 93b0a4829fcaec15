/** The platform's notification settings, read by the apps from the environment. */
export interface NotificationSettings {
  /** `smtp://` or `smtps://` URL of the mail server email channels send through; null: email is not configured. */
  smtpUrl: string | null;
  /** The From address of every email. */
  smtpFrom: string;
  /** Where people reach this Strata's API: the base of the links in notifications, without a trailing slash. */
  publicUrl: string;
}

export const SMTP_URL_ENV = 'STRATA_SMTP_URL';
export const SMTP_FROM_ENV = 'STRATA_SMTP_FROM';
export const PUBLIC_URL_ENV = 'STRATA_PUBLIC_URL';
export const DEFAULT_SMTP_FROM = 'Strata <strata@localhost>';

/**
 * `STRATA_SMTP_URL` (unset: no email), `STRATA_SMTP_FROM` (default `Strata <strata@localhost>`)
 * and `STRATA_PUBLIC_URL` (default `http://localhost:<PORT or 8080>`). A value that cannot work
 * stops the start with its name, rather than failing at the first notification.
 */
export function notificationSettingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): NotificationSettings {
  const smtp = env[SMTP_URL_ENV]?.trim() || null;
  if (smtp !== null) {
    let protocol: string;
    try {
      protocol = new URL(smtp).protocol;
    } catch {
      throw new Error(`${SMTP_URL_ENV} must be a URL such as smtp://user:password@mail.example.com:587`);
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new Error(`${SMTP_URL_ENV} must start with smtp:// or smtps://, not ${protocol}//`);
  }
  const publicUrl = (env[PUBLIC_URL_ENV]?.trim() || `http://localhost:${env['PORT']?.trim() || '8080'}`).replace(/\/+$/, '');
  let parsed: URL | undefined;
  try {
    parsed = new URL(publicUrl);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw new Error(`${PUBLIC_URL_ENV} must be an http(s) URL, such as https://strata.example.com`);
  return { smtpUrl: smtp, smtpFrom: env[SMTP_FROM_ENV]?.trim() || DEFAULT_SMTP_FROM, publicUrl };
}
