import fc from 'fast-check';
import { feedPosition, normalizedTime, RecordingClock } from './feed-position';

describe('feed position', () => {
  it('is the recording time and the event id', () => {
    expect(feedPosition(new Date('2026-12-05T09:00:00Z'), 'e-1')).toBe('2026-12-05T09:00:00.000Z#e-1');
  });

  it('normalizes offsets to UTC milliseconds', () => {
    expect(normalizedTime('2026-12-05T10:00:00+01:00')).toBe('2026-12-05T09:00:00.000Z');
  });

  it('only grows, whatever the wall clock does, so positions sort in recording order (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5_000, max: 5_000 }), { minLength: 1, maxLength: 200 }), fc.array(fc.uuid(), { minLength: 200, maxLength: 200 }), (steps, ids) => {
        let wall = Date.parse('2026-12-05T09:00:00Z');
        const clock = new RecordingClock(() => new Date(wall));
        const positions = steps.map((step, index) => {
          wall += step;
          return feedPosition(clock.next(), ids[index]!);
        });
        return positions.every((position, index) => index === 0 || position > positions[index - 1]!);
      }),
    );
  });
});
