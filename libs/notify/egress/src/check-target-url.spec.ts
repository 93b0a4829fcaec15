import { checkTargetUrl } from './check-target-url';
import { webhookAllowPrivateFromEnv } from './egress-settings';

const refuse = (url: string) => checkTargetUrl(url, { allowPrivate: false });
const withPrivate = (url: string) => checkTargetUrl(url, { allowPrivate: true });

describe('checkTargetUrl', () => {
  it.each([
    ['http://127.0.0.1/', 'a loopback address'],
    ['http://127.8.9.10:8080/', 'a loopback address'],
    ['http://10.0.0.1/', 'a private (RFC 1918) address'],
    ['http://172.16.5.4/', 'a private (RFC 1918) address'],
    ['http://192.168.1.1/', 'a private (RFC 1918) address'],
    ['http://100.64.0.1/', 'a carrier-grade NAT (RFC 6598) address'],
    ['http://169.254.169.254/latest/meta-data/', 'a link-local address (cloud metadata)'],
    ['http://169.254.1.1/', 'a link-local address'],
    ['http://0.0.0.0/', 'an unspecified address'],
    ['http://0.1.2.3/', 'an unspecified address'],
    ['http://224.0.0.1/', 'a multicast address'],
    ['http://255.255.255.255/', 'the broadcast address'],
    ['http://192.0.2.10/', 'a reserved address'],
    ['http://240.0.0.1/', 'a reserved address'],
    ['http://[::1]/', 'a loopback address'],
    ['http://[::]/', 'an unspecified address'],
    ['http://[fe80::1]/', 'a link-local address'],
    ['http://[fd00::1]/', 'an IPv6 unique-local address'],
    ['http://[fc12:3456::1]/', 'an IPv6 unique-local address'],
    ['http://[ff02::1]/', 'a multicast address'],
    ['http://[::ffff:127.0.0.1]/', 'a loopback address'],
    ['http://[::ffff:169.254.169.254]/', 'a link-local address (cloud metadata)'],
    ['http://[::ffff:10.1.2.3]/', 'a private (RFC 1918) address'],
    ['http://[64:ff9b::a9fe:a9fe]/', 'a special-purpose address (rfc6052)'],
    // The URL parser normalises the other spellings of an IPv4 address before the check sees them.
    ['http://2130706433/', 'a loopback address'],
    ['http://0x7f.1/', 'a loopback address'],
    ['http://0251.0376.0251.0376/', 'a link-local address (cloud metadata)'],
  ])('refuses %s: %s', (url, description) => {
    const result = refuse(url);
    expect(result).toEqual({ ok: false, reason: expect.stringContaining(description) });
    expect(result.ok || result.reason).toMatch(/^host is \S+( \(\S+\))?, .*: refused/);
  });

  it('says which address and why, in words', () => {
    expect(refuse('http://169.254.169.254/')).toEqual({
      ok: false,
      reason: 'host is 169.254.169.254, a link-local address (cloud metadata): refused',
    });
    expect(refuse('http://10.0.0.1/')).toEqual({
      ok: false,
      reason: 'host is 10.0.0.1, a private (RFC 1918) address: refused (set STRATA_WEBHOOK_ALLOW_PRIVATE=true to allow private targets)',
    });
  });

  it.each(['https://93.184.215.14/hook', 'http://8.8.8.8:8080/x', 'https://[2606:4700:4700::1111]/', 'https://hooks.example.com/strata?x=1'])(
    'allows the public target %s (a name is checked when it resolves)',
    (url) => expect(refuse(url).ok).toBe(true),
  );

  it.each([
    ['ftp://example.com/', 'scheme ftp is not allowed: only http and https'],
    ['file:///etc/passwd', 'scheme file is not allowed: only http and https'],
    ['gopher://127.0.0.1:6379/', 'scheme gopher is not allowed: only http and https'],
    ['javascript:alert(1)', 'scheme javascript is not allowed: only http and https'],
    ['https://user:pass@example.com/', 'credentials in the URL are not allowed: use the webhook secret'],
    ['https://token@example.com/', 'credentials in the URL are not allowed: use the webhook secret'],
    ['/relative/path', 'not a valid absolute URL'],
    ['not a url', 'not a valid absolute URL'],
  ])('refuses %s', (url, reason) => expect(refuse(url)).toEqual({ ok: false, reason }));

  it.each(['http://127.0.0.1:8080/', 'http://10.0.0.1/', 'http://172.31.255.255/', 'http://192.168.0.10/', 'http://100.100.1.1/', 'http://[::1]/', 'http://[fd12::5]/', 'http://[::ffff:192.168.1.1]/'])(
    'allows the private target %s when private targets are allowed',
    (url) => expect(withPrivate(url).ok).toBe(true),
  );

  it.each(['http://169.254.169.254/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://[::]/', 'http://224.0.0.1/', 'http://255.255.255.255/'])(
    'still refuses %s when private targets are allowed: never a webhook receiver',
    (url) => expect(withPrivate(url).ok).toBe(false),
  );

  it('lets an isAllowed override decide, with the port', () => {
    const policy = { allowPrivate: false, isAllowed: ({ address, port }: { address: string; port: number }) => address === '127.0.0.1' && port === 4000 };
    expect(checkTargetUrl('http://127.0.0.1:4000/', policy).ok).toBe(true);
    expect(checkTargetUrl('http://127.0.0.1:4001/', policy).ok).toBe(false);
    expect(checkTargetUrl('http://8.8.8.8/', policy).ok).toBe(false);
  });
});

describe('STRATA_WEBHOOK_ALLOW_PRIVATE', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['false', false],
    ['0', false],
    ['true', true],
    ['TRUE', true],
    ['1', true],
  ])('%s → %s', (value, expected) => expect(webhookAllowPrivateFromEnv({ STRATA_WEBHOOK_ALLOW_PRIVATE: value })).toBe(expected));

  it('refuses a value that is neither', () => {
    expect(() => webhookAllowPrivateFromEnv({ STRATA_WEBHOOK_ALLOW_PRIVATE: 'yes please' })).toThrow(/must be true or false/);
  });
});
