import { createTransport, type Transporter } from 'nodemailer';
import type { EmailMessage } from '../compose-notification/compose-email';
import { SMTP_URL_ENV } from '../notification-model/notification-settings';
import type { SendOutcome } from './notification-message';

export const SMTP_NOT_CONFIGURED = `email is not configured on this Strata: set ${SMTP_URL_ENV} (smtp:// or smtps://, with STRATA_SMTP_FROM for the sender)`;

// Codes nodemailer gives errors no retry can fix: a refused login, envelope or message.
const FINAL_CODES = new Set(['EAUTH', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS']);

/** Sends emails through the platform's SMTP server (`STRATA_SMTP_URL`), one connection per message. */
export class EmailSender {
  private transporter: Transporter | undefined;

  constructor(private readonly settings: { smtpUrl: string | null; smtpFrom: string; timeoutMs: number }) {}

  async send(to: readonly string[], message: EmailMessage): Promise<SendOutcome> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    if (this.settings.smtpUrl === null) return { kind: 'final', status_code: null, latency_ms: 0, error: SMTP_NOT_CONFIGURED };
    this.transporter ??= createTransport({
      url: this.settings.smtpUrl,
      connectionTimeout: this.settings.timeoutMs,
      greetingTimeout: this.settings.timeoutMs,
      socketTimeout: this.settings.timeoutMs,
    });
    try {
      await this.transporter.sendMail({ from: this.settings.smtpFrom, to: [...to], subject: message.subject, text: message.text, html: message.html });
      return { kind: 'delivered', status_code: null, latency_ms: latency() };
    } catch (error) {
      const { code, responseCode, message: text } = error as { code?: string; responseCode?: number; message?: string };
      // SMTP replies: 4xx is "try again later", 5xx is final.
      const final = (code !== undefined && FINAL_CODES.has(code)) || (responseCode !== undefined && responseCode >= 500);
      return { kind: final ? 'final' : 'retry', status_code: responseCode ?? null, latency_ms: latency(), error: this.scrub(`${code ? `${code}: ` : ''}${text ?? 'sending failed'}`) };
    }
  }

  close(): void {
    this.transporter?.close();
  }

  /** The SMTP URL carries the platform's mail password: never in an error. */
  private scrub(text: string): string {
    const url = this.settings.smtpUrl;
    if (url === null) return text;
    let out = text.split(url).join('[smtp url]');
    const password = decodeURIComponent(new URL(url).password);
    if (password) out = out.split(password).join('[redacted]');
    return out;
  }
}
