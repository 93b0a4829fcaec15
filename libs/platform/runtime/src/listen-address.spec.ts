import { listenAddressFromEnv } from './listen-address';

describe('listenAddressFromEnv', () => {
  it('listens on 8080 on every interface unless told otherwise', () => {
    expect(listenAddressFromEnv({})).toEqual({ port: 8080, host: '0.0.0.0' });
    expect(listenAddressFromEnv({ PORT: '9000', HOST: '127.0.0.1' })).toEqual({ port: 9000, host: '127.0.0.1' });
    expect(listenAddressFromEnv({ PORT: '0', HOST: '' })).toEqual({ port: 0, host: '0.0.0.0' });
  });

  it.each(['abc', '70000', '-1', '80.5', '', '8080x'])('refuses PORT=%j by name', (value) => {
    expect(() => listenAddressFromEnv({ PORT: value })).toThrow(`PORT must be a whole number from 0 to 65535, not "${value}"`);
  });
});
