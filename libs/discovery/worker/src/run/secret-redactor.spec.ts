import { SecretRedactor } from './secret-redactor';

describe('SecretRedactor', () => {
  it('masks every occurrence of every secret value', () => {
    const redactor = new SecretRedactor();
    redactor.protect({ access_key_id: 'AKIAEXAMPLE', secret_access_key: 'wJalrXUtnFEMI/K7MDENG' });
    expect(redactor.redact('auth AKIAEXAMPLE:wJalrXUtnFEMI/K7MDENG failed for AKIAEXAMPLE')).toBe(
      'auth [redacted]:[redacted] failed for [redacted]',
    );
  });

  it('masks a secret that contains another one whole', () => {
    const redactor = new SecretRedactor();
    redactor.protect({ short: 'abcd', long: 'xxabcdxx' });
    expect(redactor.redact('token xxabcdxx')).toBe('token [redacted]');
  });

  it('masks the long lines of a multi-line secret on their own', () => {
    const redactor = new SecretRedactor();
    const token = 'eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ';
    redactor.protect({ kubeconfig: `apiVersion: v1\nusers:\n- user:\n    token: ${token}\n` });
    expect(redactor.redact(`bad line: token: ${token}`)).toBe('bad line: [redacted]');
    expect(redactor.redact('apiVersion: v1')).toBe('apiVersion: v1');
  });

  it('leaves text alone when nothing is protected, and ignores values too short to be secrets', () => {
    const redactor = new SecretRedactor();
    expect(redactor.redact('nothing to hide')).toBe('nothing to hide');
    redactor.protect({ region: 'eu', empty: '' });
    expect(redactor.redact('region eu')).toBe('region eu');
  });
});
