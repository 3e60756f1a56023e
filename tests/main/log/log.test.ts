import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, newestLogFile } from '../../../main/log/logger';
import { redact } from '../../../main/log/redact';
import { propertySeed, seededRandom } from '../../helpers/random';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** Each kind of personal data or secret, as it could reach a log line (an error message, a stack, a field). */
const personal = {
  name: ['Jan de Vries', 'Fatma Yılmaz', 'N. van der Berg', 'Anne-Marie ’t Hart', 'Sven Ten Brink', 'Ömer Öztürk'],
  email: ['jan.devries@school.nl', 'f.yilmaz+cito@voorbeeld-college.nl', 'N.VAN.DER.BERG@STICHTING.ORG'],
  token: ['Bearer 3f9a1c0d8e7b6a5f4e3d2c1b0a9f8e7d', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl', 'sessie 9b2e4c6a8d0f1e3a5c7b9d1f3e5a7c9b'],
  password: ['password=Geheim123!', 'wachtwoord: "Zomer2026"', 'authorization=abc'],
  bsn: ['123456782', '1234.56.782', '123 456 782', '12345678'],
  quoted: ['"Lotte Jansen"', '“Mohammed”', "'pietje'"],
  userFolder: ['C:\\Users\\jan.devries\\AppData\\Roaming\\Beheerconsole\\logs', '/home/fyilmaz/.config/Beheerconsole'],
};
const secrets: Record<keyof typeof personal, string[]> = {
  name: ['Jan', 'Vries', 'Fatma', 'Yılmaz', 'Berg', 'Anne-Marie', 'Hart', 'Sven', 'Brink', 'Ömer', 'Öztürk'],
  email: ['jan.devries', 'yilmaz', 'VAN.DER.BERG', '@'],
  token: ['3f9a1c0d8e7b6a5f4e3d2c1b0a9f8e7d', 'eyJhbGciOiJIUzI1NiJ9', '9b2e4c6a8d0f1e3a5c7b9d1f3e5a7c9b'],
  password: ['Geheim123', 'Zomer2026', 'abc'],
  bsn: ['123456782', '1234.56.782', '123 456 782', '12345678'],
  quoted: ['Lotte', 'Jansen', 'Mohammed', 'pietje'],
  userFolder: ['jan.devries', 'fyilmaz'],
};

describe('redact: no personal data in a log line', () => {
  for (const kind of Object.keys(personal) as Array<keyof typeof personal>) {
    it(`removes ${kind}`, () => {
      for (const value of personal[kind]) {
        const out = redact(`bij het opslaan van ${value} ging iets mis`);
        for (const secret of secrets[kind]) expect(out, `${value} → ${out}`).not.toContain(secret);
        expect(out).toContain('bij het opslaan van');
      }
    });
  }

  it('keeps what support needs: codes, counts, BRIN6, routes, short numbers, lower-case messages', () => {
    const line = 'sync.round brin6=99ZX10 outcome=offline sent=12 failed=0 ms=340 route=/v1/locations/99ZX10/users status=503';
    expect(redact(line)).toBe(line);
    expect(redact('SqliteError: UNIQUE constraint failed: users.email')).toBe('SqliteError: UNIQUE constraint failed: users.email');
  });

  it('generated lines: whatever surrounds them, no planted value survives (many rounds, fixed seed)', () => {
    const random = seededRandom(propertySeed(20261202));
    const fillers = ['fout bij', 'in', 'at Object.<anonymous> (file:///C:/app/out/main/index.js:12:3)', 'brin6=99ZX10', '—', 'reden:', 'count=3', '\n  '];
    const kinds = Object.keys(personal) as Array<keyof typeof personal>;
    for (let round = 0; round < 500; round++) {
      const planted: Array<keyof typeof personal> = [];
      const parts: string[] = [];
      for (let i = 0; i < 6; i++) {
        if (random.next() < 0.5) {
          const kind = random.pick(kinds);
          planted.push(kind);
          parts.push(random.pick(personal[kind]));
        } else parts.push(random.pick(fillers));
      }
      const out = redact(parts.join(random.pick([' ', ', ', ': ', ' (', '\n'])));
      for (const kind of planted) {
        for (const secret of secrets[kind].filter((s) => parts.some((p) => p.includes(s)))) {
          expect(out, `seed ${random.seed}, round ${round}: ${JSON.stringify(parts)} → ${out}`).not.toContain(secret);
        }
      }
    }
  });
});

describe('log files for support', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('writes one redacted line per event into <data folder>/logs/<entry point>.log', () => {
    const log = createLogger({ dataDir: dir, name: 'browser', now: () => new Date('2026-12-02T08:00:00.000Z') });
    log.info('app.start', { mode: 'browser', version: '0.1.0', schema: 9 });
    log.info('sync.round', { brin6: '99ZX10', outcome: 'ok', sent: 3, reason: 'Jan de Vries bestaat al' });
    log.error('bridge.internal', new Error('kon jan.devries@school.nl niet opslaan'), { method: 'users:add' });
    expect(log.file).toBe(path.join(dir, 'logs', 'browser.log'));
    const text = fs.readFileSync(log.file, 'utf8');
    expect(text).toMatch(/^2026-12-02T08:00:00.000Z INFO app.start mode=browser version=0.1.0 schema=9$/m);
    expect(text).toMatch(/INFO sync.round brin6=99ZX10 outcome=ok sent=3 reason="\[tekst\]"/);
    expect(text).toMatch(/ERROR bridge.internal method=users:add\n {2}Error: kon \[e-mail\] niet opslaan/);
    expect(text).not.toMatch(/Vries|jan\.devries/);
  });

  it('refuses an event name that is not a code, so no text can hide in it', () => {
    const log = createLogger({ dataDir: dir, name: 'cli' });
    log.info('Leerling Jan de Vries');
    expect(fs.readFileSync(log.file, 'utf8')).toMatch(/INFO invalid-event-name\n$/);
  });

  it('rotates at the size limit and keeps the newest files only', () => {
    const log = createLogger({ dataDir: dir, name: 'electron', maxBytes: 200, keep: 2 });
    for (let i = 0; i < 40; i++) log.info('sync.round', { round: i, outcome: 'ok' });
    const files = fs.readdirSync(path.join(dir, 'logs')).sort();
    expect(files).toEqual(['electron.1.log', 'electron.2.log', 'electron.log']);
    for (const name of files) expect(fs.statSync(path.join(dir, 'logs', name)).size).toBeLessThanOrEqual(200);
    expect(fs.readFileSync(log.file, 'utf8')).toContain('round=39 ');
    expect(newestLogFile(path.join(dir, 'logs'))).toBe(log.file);
  });

  it('never breaks the console when the folder cannot be written', () => {
    const blocked = path.join(dir, 'file-not-folder');
    fs.writeFileSync(blocked, '');
    const log = createLogger({ dataDir: blocked, name: 'cli' });
    expect(() => log.error('app.crash', new Error('boom'))).not.toThrow();
    expect(newestLogFile(path.join(blocked, 'logs'))).toBeNull();
  });
});
