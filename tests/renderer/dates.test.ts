import { describe, expect, it } from 'vitest';
import { dayToDutch, dutchToDay, formatDay } from '../../renderer/src/format';

describe('days through one Dutch formatter (issue 33: date fields showed mm/dd/yyyy in an English browser)', () => {
  it('reads a day as people in the Netherlands type it, and refuses what is no real day', () => {
    for (const typed of ['7-12-2026', '07-12-2026', '7/12/2026', '7.12.2026', ' 07-12-2026 ']) expect(dutchToDay(typed), typed).toBe('2026-12-07');
    expect(dutchToDay('')).toBe('');
    for (const typed of ['31-02-2026', '2026-12-07', '12/7/26', '7-13-2026', 'morgen', '0-1-2026']) expect(dutchToDay(typed), typed).toBeNull();
    expect(dayToDutch('2026-12-07')).toBe('07-12-2026');
    expect(dayToDutch(null)).toBe('');
    expect(formatDay('2025-10-01')).toBe('1 okt 2025');
  });

  it('property: every real day survives shown → typed → read', () => {
    // A fixed seed, printed with any failure (tests/renderer is typed for the browser: no helpers/random here).
    const seed = 3307;
    let state = seed;
    const int = (max: number) => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state >>> 8) % max;
    };
    for (let round = 0; round < 1000; round++) {
      const date = new Date(1990 + int(120), int(12), 1 + int(31));
      const iso = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
      expect(dutchToDay(dayToDutch(iso)), `seed ${seed} round ${round} ${iso}`).toBe(iso);
    }
  });
});
