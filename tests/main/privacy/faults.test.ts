import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { DISK_FULL_MESSAGE, READ_ONLY_MESSAGE, faultOf } from '../../../main/errors/faults';
import { logEventOf } from '../../../main/cli/common';
import { bridgeCaller } from '../../helpers/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * Issue 34, point 5: faults of the PC in Dutch, with nothing lost. The disk is filled for real, inside SQLite: a
 * database that may not grow (`max_page_count`) answers SQLITE_FULL exactly as a full disk does; a connection that may
 * not write (`query_only`) answers SQLITE_READONLY as a read-only folder does.
 */
describe('a full disk, a read-only folder, an empty database file', () => {
  let dir: string;
  let services: Services;
  const { call, refused } = bridgeCaller(() => createDispatcher(services.handlers, () => {}));
  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('disk full: "De schijf is vol: er is niets gewijzigd…", and nothing changed', async () => {
    const db = services.database!.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const dispatch = createDispatcher(services.handlers, () => {});
    let error = null;
    for (let i = 0; i < 2000 && !error; i++) {
      const result = await dispatch('users:add', { brin6: '99ZX10', user: { voornaam: `Voornaam${i}`, initialen: 'A.B.', voorvoegsel: 'van der', achternaam: `Achternaam${i}`, email: `collega.nummer.${i}@school.example` } }, { trusted: true });
      if (!result.ok) error = result.error;
    }
    expect(error).toMatchObject({ code: 'unavailable', message: DISK_FULL_MESSAGE });
    db.pragma('max_page_count = 1073741823');
    // The refused one left nothing half: every user that is there has its audit line.
    const users = db.prepare("SELECT COUNT(*) FROM users WHERE brin6 = '99ZX10'").pluck().get() as number;
    const added = db.prepare("SELECT COUNT(*) FROM audit_log WHERE brin6 = '99ZX10' AND action = 'Gebruiker toegevoegd'").pluck().get() as number;
    expect(added).toBe(users);
  });

  it('read-only: the Dutch message with what to do, not "attempt to write a readonly database"', async () => {
    services.database!.db.pragma('query_only = ON');
    const error = await refused('locations:add', { brin6: '99ZX11', name: 'Dependance', username: '' });
    expect(error).toMatchObject({ code: 'unavailable', message: READ_ONLY_MESSAGE });
    services.database!.db.pragma('query_only = OFF');
    // What only reads still answers.
    expect(await call('locations:list-all')).toHaveLength(1);
  });

  it('recognises the codes of Node and SQLite, also as a cause', () => {
    expect(faultOf({ code: 'ENOSPC' })).toBe('disk-full');
    expect(faultOf(Object.assign(new Error('x'), { cause: { code: 'EROFS' } }))).toBe('read-only');
    expect(faultOf({ code: 'SQLITE_READONLY_DBMOVED' })).toBe('read-only');
    expect(faultOf(new Error('something else'))).toBeNull();
  });

  it('internal errors of the CLI are logged under their method\'s name (not "invalid-event-name")', () => {
    expect(logEventOf('import:start')).toBe('import.start');
    expect(logEventOf('cli:push-with-token')).toBe('cli.push-with-token');
  });
});

describe('a zero-byte database file', () => {
  it('is refused with what to do, and stays exactly as it was (no empty console over it)', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'beheerconsole.sqlite');
      fs.writeFileSync(file, '');
      const services = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
      try {
        expect(services.database).toBeNull();
        expect(services.getInfo().notices).toContainEqual({ level: 'error', message: expect.stringContaining('is leeg (0 bytes)') });
      } finally {
        services.close();
      }
      expect(fs.statSync(file).size).toBe(0);
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
    } finally {
      removeTempDir(dir);
    }
  });
});

describe('the command line names a settings file it moved aside', () => {
  it('"LET OP: …" on stderr, as the window shows it at its top; the command still runs', async () => {
    const { runCliHere } = await import('../../helpers/cli');
    const dir = makeTempDir();
    try {
      fs.writeFileSync(path.join(dir, 'config.json'), '{ dit is geen json');
      const run = await runCliHere(['locations', 'list', '--data-dir', dir]);
      expect(run.status).toBe(0);
      expect(run.stderr).toMatch(/^LET OP: .*config\.json/m);
    } finally {
      removeTempDir(dir);
    }
  });
});

describe('a read-only data folder: what only reads still works', () => {
  it('the database is read from a private copy with every change refused; the folder itself is never written', async () => {
    const { openReadOnlyCopy } = await import('../../../main/db/read-only');
    const { keyFileStore } = await import('../../../main/db/key');
    const crypto = await import('node:crypto');
    const dir = makeTempDir();
    try {
      const services = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
      await bridgeCaller(() => createDispatcher(services.handlers)).call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
      services.close();
      const file = path.join(dir, 'beheerconsole.sqlite');
      const before = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
      const copy = openReadOnlyCopy(file, keyFileStore(dir).load());
      try {
        expect(path.dirname(copy.file)).not.toBe(dir);
        if (process.platform !== 'win32') expect(fs.statSync(path.dirname(copy.file)).mode & 0o777).toBe(0o700);
        expect(copy.db.prepare('SELECT name FROM locations').pluck().all()).toEqual(['Het Lyceum']);
        let refusedWith: unknown = null;
        try {
          copy.db.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX11', 'X')").run();
        } catch (error) {
          refusedWith = error;
        }
        expect(faultOf(refusedWith)).toBe('read-only');
      } finally {
        copy.db.close();
      }
      expect(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex')).toBe(before);
    } finally {
      removeTempDir(dir);
    }
  });
});
