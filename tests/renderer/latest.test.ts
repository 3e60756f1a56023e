import { describe, expect, it } from 'vitest';
import { latestOnly, scopedLoads } from '../../renderer/src/hooks/latest';

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

describe("the location store's loads", () => {
  /** A bridge answer the test hands out when it likes: answers may arrive in any order. */
  function deferred<T>() {
    let resolve!: (value: { ok: true; value: T }) => void;
    const promise = new Promise<{ ok: true; value: T }>((r) => (resolve = r));
    return { promise, answer: (value: T) => resolve({ ok: true, value }) };
  }

  it('apply the newest load of a kind for the current location; a command whenever its location is still current', async () => {
    let location: string | null = '99ZX10';
    const errors: unknown[] = [];
    const scoped = scopedLoads(() => location, (e) => errors.push(e));
    const applied: string[] = [];
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = scoped('users:list', () => older.promise, (v) => applied.push(v));
    const second = scoped('users:list', () => newer.promise, (v) => applied.push(v));
    newer.answer('newer');
    older.answer('older'); // arrives last, but was asked first: never shown over the newer answer
    expect(await Promise.all([first, second])).toEqual([false, true]);
    // Another kind is not overtaken by it.
    expect(await scoped('roster:get-classes', () => Promise.resolve({ ok: true as const, value: 'roster' }), (v) => applied.push(v))).toBe(true);
    // A command's answer is applied while its location is current, however many commands ran.
    const command = deferred<string>();
    const confirming = scoped(null, () => command.promise, (v) => applied.push(v));
    await scoped(null, () => Promise.resolve({ ok: true as const, value: 'discarded' }), (v) => applied.push(v));
    command.answer('confirmed');
    expect(await confirming).toBe(true);
    // …but not after a switch to another location.
    const slow = deferred<string>();
    const late = scoped('users:list', () => slow.promise, (v) => applied.push(v));
    location = '99ZX11';
    slow.answer('for 99ZX10');
    expect(await late).toBe(false);
    expect(applied).toEqual(['newer', 'roster', 'discarded', 'confirmed']);
    expect(errors).toEqual([]);
  });
});
