const MASK = '[redacted]';
// Shorter values would garble ordinary text without protecting anything worth the name.
const MIN_SECRET_LENGTH = 4;
// Lines of a multi-line secret (a kubeconfig, a PEM key) are secrets of their own, when long
// enough not to be boilerplate.
const MIN_SECRET_LINE_LENGTH = 16;

/**
 * Masks a credential's secret values wherever they appear in text the worker publishes or logs
 * (plugin log lines, error messages), so a plugin that echoes its credential leaks nothing.
 */
export class SecretRedactor {
  private secrets: string[] = [];

  /** Adds the values of `secret` to what is masked. */
  protect(secret: Readonly<Record<string, string>>): void {
    const candidates = new Set(this.secrets);
    for (const value of Object.values(secret)) {
      if (value.length >= MIN_SECRET_LENGTH) candidates.add(value);
      if (value.includes('\n')) {
        for (const line of value.split('\n').map((part) => part.trim())) {
          if (line.length >= MIN_SECRET_LINE_LENGTH) candidates.add(line);
        }
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...candidates].sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  }
}
