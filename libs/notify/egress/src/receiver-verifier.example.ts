import { createHmac, timingSafeEqual } from 'node:crypto';

// headers as Node gives them (req.headers, lower-cased); rawBody exactly as received, before parsing.
export function verifyStrataWebhook(secret: string, headers: Record<string, string | string[] | undefined>, rawBody: string, nowSeconds = Date.now() / 1000): boolean {
  const timestamp = String(headers['x-strata-timestamp'] ?? '');
  const signature = Buffer.from(String(headers['x-strata-signature'] ?? ''));
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return false;
  const expected = Buffer.from('sha256=' + createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex'));
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}
