import { StreamSetupError } from '../errors';
import { MessagingNamespace } from '../namespace/messaging-namespace';
import { declaredStreamConfig, differingFields } from './stream-definitions';

const MS = 1_000_000;

describe('declared stream configuration', () => {
  it('names and subjects follow the namespace', () => {
    const config = declaredStreamConfig('events', MessagingNamespace.of('t1'));
    expect(config).toMatchObject({ name: 't1_EVENTS', subjects: ['t1.events.>'], retention: 'limits', storage: 'file' });
    expect(declaredStreamConfig('events', MessagingNamespace.of(''))).toMatchObject({ name: 'EVENTS', subjects: ['events.>'] });
  });

  it('makes WORK and BATCHES work queues and caps LOGS per subject', () => {
    const ns = MessagingNamespace.of('');
    expect(declaredStreamConfig('work', ns)).toMatchObject({ retention: 'workqueue', discard: 'new' });
    // A batch goes once inventory has stored it (acknowledged), and none goes before.
    expect(declaredStreamConfig('batches', ns)).toMatchObject({ retention: 'workqueue', discard: 'new' });
    const logs = declaredStreamConfig('logs', ns);
    expect(logs.max_msgs_per_subject).toBeGreaterThan(0);
    expect(logs.max_age).toBeGreaterThan(0);
  });

  it('applies overrides in milliseconds as nanoseconds, keeping the other defaults', () => {
    const config = declaredStreamConfig('batches', MessagingNamespace.of(''), { storage: 'memory', maxAgeMs: 60_000, duplicateWindowMs: 1_000 });
    expect(config).toMatchObject({ storage: 'memory', max_age: 60_000 * MS, duplicate_window: 1_000 * MS, num_replicas: 1 });
  });

  it('refuses a duplicate window longer than the max age (the server would too, less clearly)', () => {
    expect(() => declaredStreamConfig('events', MessagingNamespace.of(''), { maxAgeMs: 1_000, duplicateWindowMs: 2_000 })).toThrow(
      StreamSetupError,
    );
  });

  it('lists only the fields that differ from the current configuration', () => {
    const declared = declaredStreamConfig('logs', MessagingNamespace.of('x'));
    expect(differingFields(declared, { ...declared, extra: true } as never)).toEqual([]);
    expect(differingFields(declared, { ...declared, max_age: 1, subjects: ['x.logs.>', 'other'] })).toEqual(['subjects', 'max_age']);
  });
});
