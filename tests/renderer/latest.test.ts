import { describe, expect, it } from 'vitest';
import { latestOnly } from '../../renderer/src/hooks/latest';

/**
 * The renderer's loads (useQuery) keep only the answer that still belongs on screen (issue 32: one place instead of
 * eight copies of `let live = true`). The hook's rule, tested in Node.
 */
describe('which answer of a screen load still counts', () => {
  it('only the newest request, for the location still shown, while the screen is open', () => {
    const latest = latestOnly();
    const first = latest.begin('99ZX10');
    const second = latest.begin('99ZX10');
    expect(latest.counts(first, '99ZX10')).toBe(false); // overtaken by a newer question (new input, a sync tick)
    expect(latest.counts(second, '99ZX10')).toBe(true);
    expect(latest.counts(second, '99ZX11')).toBe(false); // the admin switched location meanwhile
    const third = latest.begin(null);
    expect(latest.counts(third, null)).toBe(true);
    latest.close();
    expect(latest.counts(third, null)).toBe(false); // the screen closed
  });
});
