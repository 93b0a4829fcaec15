import { checkWebhookUrl } from './webhook-url';

describe('checkWebhookUrl', () => {
  it.each(['http://localhost/', 'http://LOCALHOST:8080/x', 'https://api.localhost/', 'http://localhost./'])('refuses the loopback name %s unless private targets are allowed', (url) => {
    expect(checkWebhookUrl(url, false)).toEqual({ ok: false, reason: expect.stringMatching(/a loopback name: refused \(set STRATA_WEBHOOK_ALLOW_PRIVATE=true/) });
    expect(checkWebhookUrl(url, true)).toMatchObject({ ok: true });
  });

  it('passes public names and keeps the egress policy for addresses', () => {
    expect(checkWebhookUrl('https://notlocalhost.example.com/', false)).toMatchObject({ ok: true });
    expect(checkWebhookUrl('http://169.254.169.254/', true)).toMatchObject({ ok: false, reason: expect.stringContaining('link-local') });
  });
});
