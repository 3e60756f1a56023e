import { describe, expect, it } from 'vitest';
import { localTimestamp } from '../../shared/domain/local-time';
import { propertySeed, seededRandom } from '../helpers/random';

describe('local time with its offset (the log CSV, issue 33)', () => {
  it('is the clock time of the zone, with the offset that makes it one instant', () => {
    const at = new Date('2026-12-06T14:02:31.000Z');
    expect(localTimestamp(at, 60)).toBe('2026-12-06 15:02:31 +01:00'); // winter in the Netherlands
    expect(localTimestamp(new Date('2026-06-30T22:30:00Z'), 120)).toBe('2026-07-01 00:30:00 +02:00'); // summer, next day
    expect(localTimestamp(at, 0)).toBe('2026-12-06 14:02:31 +00:00');
    expect(localTimestamp(at, -330)).toBe('2026-12-06 08:32:31 -05:30');
  });

  it('reads back as the same instant, for any time and offset (generated)', () => {
    const seed = propertySeed(33);
    const random = seededRandom(seed);
    for (let i = 0; i < 500; i++) {
      const at = new Date(Math.floor(random.next() * 4_102_444_800_000));
      at.setUTCMilliseconds(0);
      const offset = (random.int(26 * 4 + 1) - 12 * 4) * 15; // −12:00 … +14:00 in quarters
      const text = localTimestamp(at, offset);
      expect(new Date(text.replace(' ', 'T').replace(' ', '')).getTime(), `seed ${seed}: ${text}`).toBe(at.getTime());
    }
  });
});
