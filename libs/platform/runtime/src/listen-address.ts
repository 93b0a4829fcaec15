export interface ListenAddress {
  port: number;
  host: string;
}

/**
 * Where an HTTP service listens: `PORT` (default 8080) and `HOST` (default every interface). A
 * `PORT` that is not a port is refused by name, rather than by the socket layer's "Received type
 * number (NaN)" once everything else has started.
 */
export function listenAddressFromEnv(env: Readonly<Record<string, string | undefined>>): ListenAddress {
  const raw = env['PORT'] ?? '8080';
  const port = /^\d{1,5}$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`PORT must be a whole number from 0 to 65535, not "${raw}"`);
  return { port, host: env['HOST'] || '0.0.0.0' };
}
