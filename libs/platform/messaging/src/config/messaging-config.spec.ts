import { MessagingConfigError } from '../errors';
import { DEFAULT_NATS_URL, messagingConfigFromEnv } from './messaging-config';

describe('messagingConfigFromEnv', () => {
  it('defaults to the local server and no namespace', () => {
    expect(messagingConfigFromEnv({})).toEqual({ servers: [DEFAULT_NATS_URL], namespace: '' });
    expect(messagingConfigFromEnv({ NATS_URL: '  ', STRATA_NS: '' })).toEqual({ servers: [DEFAULT_NATS_URL], namespace: '' });
  });

  it('reads a server list and the namespace', () => {
    expect(
      messagingConfigFromEnv({ NATS_URL: 'nats://a:4222, tls://user:pw@b:4443,c:4222', STRATA_NS: ' ci-7 ' }),
    ).toEqual({ servers: ['nats://a:4222', 'tls://user:pw@b:4443', 'c:4222'], namespace: 'ci-7' });
  });

  it.each(['http://a:4222/path', 'nats://a b', ','])('rejects NATS_URL %j, naming the variable', (url) => {
    expect(() => messagingConfigFromEnv({ NATS_URL: url })).toThrow(/NATS_URL/);
  });

  it.each(['a.b', 'a_b', 'x>'])('rejects STRATA_NS %j, naming the variable', (namespace) => {
    expect(() => messagingConfigFromEnv({ STRATA_NS: namespace })).toThrow(MessagingConfigError);
    expect(() => messagingConfigFromEnv({ STRATA_NS: namespace })).toThrow(/STRATA_NS/);
  });

  it('reads the default ack wait of durable consumers', () => {
    expect(messagingConfigFromEnv({ STRATA_ACK_WAIT_MS: '1500' })).toEqual({ servers: [DEFAULT_NATS_URL], namespace: '', ackWaitMs: 1500 });
    expect(messagingConfigFromEnv({ STRATA_ACK_WAIT_MS: ' ' })).toEqual({ servers: [DEFAULT_NATS_URL], namespace: '' });
  });

  it.each(['0', '499', '1.5s', '-1000', 'soon'])('rejects STRATA_ACK_WAIT_MS %j, naming the variable', (value) => {
    expect(() => messagingConfigFromEnv({ STRATA_ACK_WAIT_MS: value })).toThrow(`STRATA_ACK_WAIT_MS "${value}" must be a whole number of milliseconds, at least 500`);
  });
});
