import type { JSONRecordedEvent } from '@kurrent/kurrentdb-client';
import { CorruptEventError } from '../errors';
import { storedEventFromRecord } from './esdb-event';

describe('storedEventFromRecord', () => {
  const record = (overrides: Partial<JSONRecordedEvent> = {}): JSONRecordedEvent => ({
    streamId: 'job-1',
    id: '6a4c3f0e-8d6b-4f3e-9d59-2f2b9f2f6c11',
    isJson: true,
    revision: 3n,
    type: 'JobStarted',
    created: new Date('2030-01-02T03:04:05.678Z'),
    data: { jobId: 'job-1' },
    metadata: { tenantId: 'acme-corp', correlationId: 'corr-1' },
    position: { commit: 2n ** 60n, prepare: 2n ** 60n - 1n },
    ...overrides,
  });

  it('maps a record to the port shape, with its log position as the checkpoint', () => {
    expect(storedEventFromRecord(record())).toEqual({
      id: '6a4c3f0e-8d6b-4f3e-9d59-2f2b9f2f6c11',
      type: 'JobStarted',
      data: { jobId: 'job-1' },
      metadata: { tenantId: 'acme-corp', correlationId: 'corr-1' },
      streamName: 'job-1',
      revision: 3,
      globalPosition: `${2n ** 60n}:${2n ** 60n - 1n}`,
      createdAt: '2030-01-02T03:04:05.678Z',
    });
  });

  it('falls back to the commit position when an older server sends no event position', () => {
    expect(storedEventFromRecord(record({ position: undefined }), 77n).globalPosition).toBe('77:77');
  });

  it.each([
    ['array data', { data: [1, 2] }],
    ['metadata without a tenant', { metadata: { correlationId: 'x' } }],
    ['no position at all', { position: undefined }],
  ])('refuses %s', (_case, overrides: Partial<JSONRecordedEvent>) => {
    expect(() => storedEventFromRecord(record(overrides))).toThrow(CorruptEventError);
  });
});
