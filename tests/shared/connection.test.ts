import { describe, expect, it } from 'vitest';
import { accountLine, activationWait, connectionView, syncNowAnswer } from '../../shared/domain/connection';
import type { ConnectionFacts, ServiceConnection, SyncNowFacts } from '../../shared/domain/connection';
import { propertySeed, seededRandom } from '../helpers/random';

const clock = (iso: string) => iso.slice(11, 16);
const CONNECTIONS: ServiceConnection[] = ['not-configured', 'unknown', 'online', 'offline'];

describe('one connection model: header, status bar and step 1 say the same', () => {
  it('before the first sign-in with the service up: online and not signed in — never "niet bereikbaar"', () => {
    const view = connectionView({ connection: 'online', offlineSince: null, location: { brin6: '99ZX10', signedIn: false, signInRefused: null } }, clock);
    expect(view.state).toBe('not-signed-in');
    expect(view.label).toBe('Online · niet aangemeld voor 99ZX10');
    expect(`${view.label} ${view.line}`).not.toMatch(/niet bereikbaar|Offline/);
    expect(accountLine({ signedIn: false, username: '' }, view)).toBe('Niet aangemeld');
  });

  it('a wrong password is "refused", said once, and never beside "niet bereikbaar"', () => {
    const view = connectionView(
      { connection: 'online', offlineSince: null, location: { brin6: '99ZX10', signedIn: false, signInRefused: 'Gebruikersnaam of wachtwoord klopt niet.' } },
      clock,
    );
    expect(view).toMatchObject({ state: 'refused', level: 'error', line: 'Gebruikersnaam of wachtwoord klopt niet.' });
    expect(view.label).not.toMatch(/offline|bereikbaar/i);
    expect(accountLine({ signedIn: false, username: '' }, view)).toBe('Niet aangemeld (aanmelding geweigerd)');
  });

  it('unreachable says since when; the header of a signed-in location says "nu offline", not "Niet aangemeld"', () => {
    const view = connectionView({ connection: 'offline', offlineSince: '2026-12-02T14:32:00.000Z', location: { brin6: '99ZX10', signedIn: true, signInRefused: null } }, clock);
    expect(view).toMatchObject({ state: 'unreachable', label: 'Offline sinds 14:32' });
    expect(view.line).toContain('niet bereikbaar sinds 14:32');
    expect(accountLine({ signedIn: true, username: 'coord' }, view)).toBe('Aangemeld als coord (nu offline)');
  });

  it('not configured and still checking have their own words and no alarm', () => {
    expect(connectionView({ connection: 'not-configured', offlineSince: null, location: null }, clock)).toMatchObject({ state: 'not-configured', level: 'info' });
    expect(connectionView({ connection: 'unknown', offlineSince: null, location: null }, clock)).toMatchObject({ state: 'checking', level: 'info' });
  });

  it('property: every combination of facts gets one state, a non-empty Dutch label and line, and the states never contradict the facts', () => {
    const seed = propertySeed(1515);
    const random = seededRandom(seed);
    for (let round = 0; round < 2000; round++) {
      const facts: ConnectionFacts = {
        connection: random.pick(CONNECTIONS),
        offlineSince: random.next() < 0.5 ? '2026-12-02T08:05:00.000Z' : null,
        location:
          random.next() < 0.2
            ? null
            : { brin6: random.pick(['99ZX10', '99ZX11']), signedIn: random.next() < 0.5, signInRefused: random.next() < 0.3 ? 'Geweigerd.' : null },
      };
      const view = connectionView(facts, clock);
      const where = `seed ${seed} round ${round}: ${JSON.stringify(facts)}`;
      expect(view.label.length, where).toBeGreaterThan(0);
      expect(view.line.length, where).toBeGreaterThan(0);
      // "Online" only when the service answered; "niet bereikbaar" only when it did not.
      if (view.label.startsWith('Online')) expect(facts.connection, where).toBe('online');
      if (/niet bereikbaar/.test(view.line)) expect(facts.connection, where).toBe('offline');
      if (view.state === 'refused') expect(facts.location?.signInRefused, where).toBeTruthy();
      if (view.state === 'online' && facts.location) expect(facts.location.signedIn, where).toBe(true);
      if (facts.location?.signedIn && facts.connection === 'online') expect(view.state, where).toBe('online');
      const account = facts.location ? accountLine({ signedIn: facts.location.signedIn, username: 'x' }, view) : '';
      if (facts.location && !facts.location.signedIn) expect(account, where).not.toMatch(/offline/);
    }
  });
});

describe('"Nu synchroniseren" always answers', () => {
  const base: SyncNowFacts = { connection: 'online', offlineSince: null, signedIn: true, brin6: '99ZX10', pendingBefore: 0, pendingAfter: 0, delayedReason: null };
  it('done, nothing to send, still waiting with the reason, or no connection since when', () => {
    expect(syncNowAnswer({ ...base, pendingBefore: 3 }, clock)).toEqual({ level: 'success', message: 'Gesynchroniseerd: 3 wijzigingen verstuurd.' });
    expect(syncNowAnswer(base, clock).message).toMatch(/niets te versturen/);
    expect(syncNowAnswer({ ...base, pendingBefore: 2, pendingAfter: 1, delayedReason: 'De dienst antwoordde 503.' }, clock).message).toBe(
      '1 wijziging verstuurd; 1 wijziging wacht nog op verzending. Reden: De dienst antwoordde 503.',
    );
    const offline = syncNowAnswer({ ...base, connection: 'offline', offlineSince: '2026-12-02T09:41:00.000Z', pendingBefore: 2, pendingAfter: 2 }, clock);
    expect(offline).toEqual({ level: 'warning', message: 'Geen verbinding met de centrale dienst (sinds 09:41). 2 wijzigingen wachten op deze pc en worden verstuurd zodra er verbinding is.' });
    expect(syncNowAnswer({ ...base, signedIn: false }, clock).message).toMatch(/^Niet aangemeld voor 99ZX10/);
  });

  it('property: an answer is never empty, never claims success while changes wait, and never claims more sent than there were', () => {
    const seed = propertySeed(2718);
    const random = seededRandom(seed);
    for (let round = 0; round < 2000; round++) {
      const before = random.int(20);
      const f: SyncNowFacts = {
        connection: random.pick(CONNECTIONS),
        offlineSince: random.next() < 0.5 ? '2026-12-02T10:00:00.000Z' : null,
        signedIn: random.next() < 0.7,
        brin6: '99ZX10',
        pendingBefore: before,
        pendingAfter: random.int(before + 3),
        delayedReason: random.next() < 0.3 ? 'Reden.' : null,
      };
      const answer = syncNowAnswer(f, clock);
      const where = `seed ${seed} round ${round}: ${JSON.stringify(f)}`;
      expect(answer.message.length, where).toBeGreaterThan(10);
      if (answer.level === 'success') expect(f.pendingAfter, where).toBe(0);
      const sent = /(\d+) wijziging(?:en)? verstuurd/.exec(answer.message);
      if (sent) expect(Number(sent[1]), where).toBeLessThanOrEqual(f.pendingBefore);
    }
  });
});

describe('invited users: activation is on its way, and when the console looks again', () => {
  it('names the next round while connected, and the connection otherwise', () => {
    expect(activationWait('2026-12-02T10:15:30.000Z', 'online', clock)).toBe('wacht op activering; volgende controle om 10:15');
    expect(activationWait(null, 'offline', clock)).toBe('wacht op activering; gecontroleerd zodra er verbinding is');
    expect(activationWait(null, 'online', clock)).toBe('wacht op activering');
  });
});
