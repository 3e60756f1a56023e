import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { encryptPlainDatabase, encryptingCopy, fileKind } from '../../../main/db/cipher';
import { DATABASE_FILE_NAME, openDatabase } from '../../../main/db/database';
import { KEY_FILE_NAME, newDatabaseKey } from '../../../main/db/key';
import { receiveUpload } from '../../../main/uploads/receive';
import type { ImportDiff, UserView } from '../../../shared/bridge';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { until } from '../../helpers/poll';
import { stillReadable } from '../../helpers/data-folder';

const A = '99ZX10';
const TODAY = new Date('2026-10-01T12:00:00Z');
const hash = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function fill(dataDir: string, databaseKeys?: null) {
  const services = createServices({ dataDir, mode: 'browser', version: '1.0.0', today: () => TODAY, ...(databaseKeys === null ? { databaseKeys } : {}) });
  const { call } = bridgeCaller(() => createDispatcher(services.handlers));
  await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
  const xml = generateEdexml({ pupils: 200, seed: 5, schooljaar: '2026-2027' });
  const staged = receiveUpload(services.uploads, true, 'school.xml', new TextEncoder().encode(xml));
  if (!staged.ok) throw new Error(staged.error.message);
  await call('import:start', { brin6: A, uploadId: staged.value.uploadId });
  await call('import:confirm', { brin6: A, importId: (await call<ImportDiff>('import:get-diff', { brin6: A })).importId });
  const user = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Xandrijn', initialen: '', voorvoegsel: '', achternaam: 'Zwartveldt', email: 'x.zwartveldt@lyceum.example' } });
  services.close();
  // The import thread closes its own connection a moment later (the last one to close folds the log into the file).
  await until(() => !fs.existsSync(path.join(dataDir, `${DATABASE_FILE_NAME}-wal`)), 'the last connection closed');
  const eckids = [...xml.matchAll(/eckid="([^"]+)"/g)].map((m) => m[1]!);
  return { traces: [...eckids, 'Zwartveldt', 'x.zwartveldt@lyceum.example'], userId: user.id };
}

const found = stillReadable;

/** Issue 34, point 3: encrypted at rest (SQLCipher through better-sqlite3-multiple-ciphers), the key per data folder. */
describe('the cache is encrypted at rest', () => {
  it('nothing of the pupils or colleagues is readable in the data folder; the key file is 0600; reopened, all is there', async () => {
    const dir = makeTempDir();
    try {
      const { traces } = await fill(dir);
      expect(found(dir, traces)).toEqual([]);
      const file = path.join(dir, DATABASE_FILE_NAME);
      expect(fileKind(file)).toBe('other');
      const keyFile = path.join(dir, KEY_FILE_NAME);
      expect(fs.readFileSync(keyFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      if (process.platform !== 'win32') expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      const again = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
      try {
        const { call } = bridgeCaller(() => createDispatcher(again.handlers));
        expect((await call<UserView[]>('users:list', { brin6: A })).map((u) => u.achternaam)).toEqual(['Zwartveldt']);
      } finally {
        again.close();
      }
    } finally {
      removeTempDir(dir);
    }
  });

  it('a wrong key or a missing key: a Dutch message, the file untouched, never a new empty console over it', async () => {
    const dir = makeTempDir();
    try {
      await fill(dir);
      const file = path.join(dir, DATABASE_FILE_NAME);
      const keyFile = path.join(dir, KEY_FILE_NAME);
      const before = hash(file);
      const right = fs.readFileSync(keyFile, 'utf8');
      fs.writeFileSync(keyFile, `${newDatabaseKey()}\n`);
      const wrong = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
      expect(wrong.database).toBeNull();
      expect(wrong.getInfo().notices).toContainEqual({ level: 'error', message: expect.stringContaining('kan met de sleutel van deze console niet worden geopend') });
      wrong.close();
      fs.rmSync(keyFile);
      const missing = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
      expect(missing.database).toBeNull();
      expect(missing.getInfo().notices).toContainEqual({ level: 'error', message: expect.stringContaining('versleuteld met een sleutel die hier ontbreekt') });
      missing.close();
      expect(fs.existsSync(keyFile)).toBe(false); // no new key made for a file it could not belong to
      expect(hash(file)).toBe(before);
      fs.writeFileSync(keyFile, right);
      const back = createServices({ dataDir: dir, mode: 'cli', version: '1.0.0' });
      expect(back.database).not.toBeNull();
      back.close();
    } finally {
      removeTempDir(dir);
    }
  });

  it('a plain database from before is encrypted once, with every row, and nothing plain is left beside it', async () => {
    const dir = makeTempDir();
    try {
      const { traces } = await fill(dir, null);
      expect(found(dir, traces).length).toBeGreaterThan(100);
      const services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
      try {
        const { call } = bridgeCaller(() => createDispatcher(services.handlers));
        expect((await call<UserView[]>('users:list', { brin6: A })).map((u) => u.achternaam)).toEqual(['Zwartveldt']);
        expect((await call<{ confirmed: { counts: { leerlingen: number } } }>('import:get-state', { brin6: A })).confirmed.counts.leerlingen).toBe(200);
      } finally {
        services.close();
      }
      expect(found(dir, traces)).toEqual([]);
      expect(fs.existsSync(encryptingCopy(path.join(dir, DATABASE_FILE_NAME)))).toBe(false);
    } finally {
      removeTempDir(dir);
    }
  });

  it('a migration cut short: a verified encrypted copy takes the place of a half-overwritten file; a broken copy is dropped', () => {
    const dir = makeTempDir();
    try {
      const key = newDatabaseKey();
      const file = path.join(dir, DATABASE_FILE_NAME);
      const plain = openDatabase(file);
      plain.db.exec("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'Het Lyceum')");
      plain.db.close();
      // Crash after the copy was verified and while the plain file was being overwritten.
      const copy = path.join(dir, 'x.sqlite');
      fs.copyFileSync(file, copy);
      encryptPlainDatabase((f) => new Database(f), copy, key);
      fs.renameSync(copy, encryptingCopy(file));
      fs.writeFileSync(file, Buffer.alloc(4096));
      const recovered = openDatabase(file, undefined, { key });
      expect(recovered.db.prepare('SELECT name FROM locations').pluck().all()).toEqual(['Het Lyceum']);
      recovered.db.close();
      expect(fs.existsSync(encryptingCopy(file))).toBe(false);
      // A copy that does not verify (a crash while encrypting it): dropped; the file in force stays.
      fs.writeFileSync(encryptingCopy(file), 'half');
      const kept = openDatabase(file, undefined, { key });
      expect(kept.db.prepare('SELECT name FROM locations').pluck().all()).toEqual(['Het Lyceum']);
      kept.db.close();
      expect(fs.existsSync(encryptingCopy(file))).toBe(false);
    } finally {
      removeTempDir(dir);
    }
  });
});
