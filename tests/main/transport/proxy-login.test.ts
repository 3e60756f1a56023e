import { describe, expect, it } from 'vitest';
import { ProxyLogins } from '../../../main/transport/proxy-login';
import type { ProxyLoginRequest } from '../../../main/transport/proxy-login';

/** The rules of asking for the proxy's password (Electron's app.on('login') and browser mode use the same broker). */
describe('proxy sign-in: asked in the window, never in a loop, remembered only in memory', () => {
  const setup = (options: { window?: boolean } = {}) => {
    let clock = 1_000_000;
    const asked: ProxyLoginRequest[] = [];
    const logins = new ProxyLogins(options.window === false ? () => false : (request) => (asked.push(request), true), { maxAttempts: 2, windowMs: 60_000, waitMs: 30_000, now: () => clock });
    return { logins, asked, tick: (ms: number) => void (clock += ms) };
  };
  const credentials = { username: 'coordinator', password: 'geheim' };

  it('one question per proxy at a time: concurrent requests share it and get the same answer', async () => {
    const { logins, asked } = setup();
    const first = logins.request('proxy.school.nl:8080', 'Schoolnetwerk');
    const second = logins.request('proxy.school.nl:8080');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ proxy: 'proxy.school.nl:8080', realm: 'Schoolnetwerk', attempt: 1 });
    expect(logins.open()).toHaveLength(1);
    expect(logins.answer(asked[0]!.id, credentials)).toBe(true);
    expect(await first).toEqual(credentials);
    expect(await second).toEqual(credentials);
    expect(logins.answer(asked[0]!.id, credentials)).toBe(false);
    expect(logins.open()).toEqual([]);
  });

  it('a refused password is asked once more (attempt 2), then not again until the window has passed', async () => {
    const { logins, asked, tick } = setup();
    const one = logins.request('proxy:8080');
    logins.answer(asked[0]!.id, { username: 'coordinator', password: 'fout' });
    await one;
    const two = logins.request('proxy:8080');
    expect(asked[1]).toMatchObject({ attempt: 2 });
    logins.answer(asked[1]!.id, { username: 'coordinator', password: 'ook fout' });
    await two;
    expect(await logins.request('proxy:8080')).toBeNull();
    expect(asked).toHaveLength(2);
    tick(60_000);
    const again = logins.request('proxy:8080');
    expect(asked).toHaveLength(3);
    logins.answer(asked[2]!.id, credentials);
    expect(await again).toEqual(credentials);
  });

  it('"Annuleren" means no question for that proxy for a while; another proxy is still asked', async () => {
    const { logins, asked, tick } = setup();
    const cancelled = logins.request('proxy:8080');
    logins.answer(asked[0]!.id, null);
    expect(await cancelled).toBeNull();
    expect(await logins.request('proxy:8080')).toBeNull();
    const other = logins.request('ander:3128');
    expect(asked).toHaveLength(2);
    logins.answer(asked[1]!.id, credentials);
    expect(await other).toEqual(credentials);
    tick(60_000);
    void logins.request('proxy:8080');
    expect(asked).toHaveLength(3);
  });

  it('nobody answers in time: null, as a cancel; no window to ask (or the CLI): null, and the next request may ask', async () => {
    const asked: ProxyLoginRequest[] = [];
    const patient = new ProxyLogins((request) => (asked.push(request), true), { waitMs: 20 });
    // The question's own timer answers it: null, and the proxy is not asked again at once (as after "Annuleren").
    expect(await patient.request('proxy:8080')).toBeNull();
    expect(patient.open()).toEqual([]);
    expect(await patient.request('proxy:8080')).toBeNull();
    expect(asked).toHaveLength(1);
    const noWindow = setup({ window: false });
    expect(await noWindow.logins.request('proxy:8080')).toBeNull();
    expect(await noWindow.logins.request('proxy:8080')).toBeNull();
    expect(noWindow.logins.open()).toEqual([]);
    expect(await new ProxyLogins(null).request('proxy:8080')).toBeNull();
  });
});
