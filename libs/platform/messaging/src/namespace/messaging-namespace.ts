import { STREAMS, type StreamKey } from '@strata/contracts';
import { MessagingConfigError } from '../errors';

const NAMESPACE_PATTERN = /^[A-Za-z0-9-]+$/;

/**
 * The installation namespace (`STRATA_NS`) every subject and stream name is placed under, so test
 * suites and several installations share one NATS server without seeing each other. The empty
 * namespace leaves names exactly as the contracts define them.
 */
export class MessagingNamespace {
  private constructor(readonly value: string) {}

  /** Validates `value` (letters, digits and `-`; empty for none). */
  static of(value: string): MessagingNamespace {
    if (value !== '' && !NAMESPACE_PATTERN.test(value)) {
      throw new MessagingConfigError(`namespace "${value}" may only contain letters, digits and "-"`);
    }
    return new MessagingNamespace(value);
  }

  /** `events.acme.job.JobStarted` → `<ns>.events.acme.job.JobStarted`. */
  subject(subject: string): string {
    return this.value === '' ? subject : `${this.value}.${subject}`;
  }

  /** The subject as the contracts name it: the inverse of {@link subject}. */
  localSubject(wireSubject: string): string {
    if (this.value === '') return wireSubject;
    const prefix = `${this.value}.`;
    if (!wireSubject.startsWith(prefix)) {
      throw new MessagingConfigError(`subject "${wireSubject}" is outside namespace "${this.value}"`);
    }
    return wireSubject.slice(prefix.length);
  }

  /** `EVENTS` → `<ns>_EVENTS` (the test harness deletes `<ns>_*` streams). */
  streamName(key: StreamKey): string {
    const base = STREAMS[key].name;
    return this.value === '' ? base : `${this.value}_${base}`;
  }

  streamSubjects(key: StreamKey): string[] {
    return STREAMS[key].subjects.map((subject) => this.subject(subject));
  }
}
