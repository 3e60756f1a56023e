import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import type { OpenedDatabase } from '../../../main/db/database';
import { diffImports } from '../../../main/imports/diff';
import { analyseBytes, analyseFile } from '../../../main/edexml/engine';
import { importFile } from '../../../main/imports/import';
import { importConfirmed } from '../../helpers/import';
import { discardPendingImport, importId, importMeta, loadImport, storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { importHistory, restoreImport } from '../../../main/imports/history';
import { writeEdexml } from '../../../main/edexml/write';
import type { SchoolData } from '../../../shared/edexml/model';
import { generateEdexml } from '../../helpers/generate-edexml';
import { runCliHere } from '../../helpers/cli';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { xmllintMany } from '../../helpers/xmllint';

const XSD21 = path.resolve(import.meta.dirname, '../../../../shared/edexml/xsd-2.1-open-schooljaar/EDEXML.structuur.xsd');
const EXAMPLE = path.resolve(import.meta.dirname, '../../../../shared/edexml/examples/EDEXML.Voorbeeld.2.1.xml');

function dataOf(text: string): SchoolData {
  const a = analyseBytes(Buffer.from(text), { keepModel: true, today: new Date('2025-10-01') });
  if (!a.data) throw new Error(JSON.stringify(a.findings));
  return a.data;
}

/** Order-insensitive form, for comparing what went in with what came out. */
function normal(data: SchoolData) {
  const byKey = <T extends { key: string }>(list: readonly T[]) => [...list].sort((a, b) => a.key.localeCompare(b.key));
  return {
    school: { ...data.school, xsdversie: null },
    vestigingen: byKey(data.vestigingen),
    groepen: byKey(data.groepen),
    leerlingen: byKey(data.leerlingen).map((l) => ({ ...l, samengesteldeGroepen: [...l.samengesteldeGroepen].sort() })),
    leerkrachten: byKey(data.leerkrachten).map((t) => ({ ...t, groepen: byKey(t.groepen) })),
  };
}

describe('storing imports per location: pending until confirmed', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let db: Database.Database;
  const first = generateEdexml({ pupils: 90, seed: 1 });
  beforeEach(() => {
    dir = makeTempDir();
    opened = openDatabase(path.join(dir, 'cache.sqlite'));
    db = opened.db;
  });
  afterEach(() => {
    db.close();
    removeTempDir(dir);
  });

  it('stores pending data, keeps the confirmed data in force, and swaps on confirm', () => {
    const a = dataOf(first);
    storePendingImport(db, '99ZX10', a, { sourceName: 'a.xml', summary: {} });
    expect(loadImport(db, '99ZX10', 'confirmed')).toBeNull();
    expect(normal(loadImport(db, '99ZX10', 'pending')!)).toEqual(normal({ ...a }));
    expect(confirmPendingImport(db, '99ZX10')).toBe(true);
    expect(loadImport(db, '99ZX10', 'pending')).toBeNull();

    const b = dataOf(generateEdexml({ pupils: 120, seed: 1 }));
    storePendingImport(db, '99ZX10', b, { sourceName: 'b.xml', summary: { n: 120 } });
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(90);
    expect(importMeta(db, '99ZX10', 'pending')).toMatchObject({ sourceName: 'b.xml', summary: { n: 120 } });
    expect(confirmPendingImport(db, '99ZX10')).toBe(true);
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(120);
    // The replaced import is kept as history (restorable), not deleted.
    expect(db.prepare('SELECT status, COUNT(*) AS n FROM imports GROUP BY status ORDER BY status').all()).toEqual([{ status: 'confirmed', n: 1 }, { status: 'previous', n: 1 }]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM import_leerlingen').get()).toEqual({ n: 210 });
    expect(confirmPendingImport(db, '99ZX10')).toBe(false);
  });

  it('history: the last 5 confirmed imports keep their data, older ones only their summary; restore makes an earlier one pending again', () => {
    const files = Array.from({ length: 8 }, (_, n) => dataOf(generateEdexml({ pupils: 30 + n, seed: 1 })));
    files.forEach((data, n) => {
      storePendingImport(db, '99ZX10', data, { sourceName: `v${n + 1}.xml`, summary: { counts: { leerlingen: 30 + n, groepen: 1 } } });
      confirmPendingImport(db, '99ZX10', { now: new Date(Date.UTC(2025, 8, 1 + n)) });
    });
    const history = importHistory(db, '99ZX10');
    expect(history.map((h) => [h.file, h.current, h.restorable, h.added, h.removed])).toEqual([
      ['v8.xml', true, false, 1, 0],
      ['v7.xml', false, true, 1, 0],
      ['v6.xml', false, true, 1, 0],
      ['v5.xml', false, true, 1, 0],
      ['v4.xml', false, true, 1, 0],
      ['v3.xml', false, false, 1, 0],
      ['v2.xml', false, false, 1, 0],
      ['v1.xml', false, false, 30, 0],
    ]);
    // Purged: no pupil of v1–v3 is stored any more (AVG), only their summaries.
    expect(db.prepare("SELECT COUNT(*) FROM import_leerlingen l JOIN imports i ON i.id = l.import_id WHERE i.purged_at IS NOT NULL").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM import_leerlingen').pluck().get()).toBe(37 + 36 + 35 + 34 + 33);

    restoreImport(db, '99ZX10', null);
    expect(loadImport(db, '99ZX10', 'pending')!.leerlingen).toHaveLength(36);
    expect(normal(loadImport(db, '99ZX10', 'pending')!)).toEqual(normal(files[6]!));
    expect(() => restoreImport(db, '99ZX10', history.at(-1)!.id)).toThrow(/bewaart de console geen leerlinggegevens meer/);
    expect(() => restoreImport(db, '99ZX10', history[0]!.id)).toThrow(/al de bevestigde/);
    confirmPendingImport(db, '99ZX10');
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(36);
    expect(importHistory(db, '99ZX10')[0]).toMatchObject({ file: 'v7.xml', current: true, added: 0, removed: 1 });
  });

  it('keeps locations apart', () => {
    storePendingImport(db, '99ZX10', dataOf(first), { sourceName: 'a.xml', summary: {} });
    storePendingImport(db, '99ZX11', dataOf(generateEdexml({ pupils: 10, seed: 2, dependancecode: '11' })), { sourceName: 'b.xml', summary: {} });
    expect(loadImport(db, '99ZX10', 'pending')!.leerlingen).toHaveLength(90);
    expect(loadImport(db, '99ZX11', 'pending')!.leerlingen).toHaveLength(10);
    expect(discardPendingImport(db, '99ZX11')).toBe(true);
    expect(loadImport(db, '99ZX10', 'pending')!.leerlingen).toHaveLength(90);
  });

  it('a failure half-way through storing leaves the previous data intact', () => {
    const a = dataOf(first);
    storePendingImport(db, '99ZX10', a, { sourceName: 'a.xml', summary: {} });
    confirmPendingImport(db, '99ZX10');
    storePendingImport(db, '99ZX10', a, { sourceName: 'pending.xml', summary: {} });
    const bigger = dataOf(generateEdexml({ pupils: 12000, seed: 9 }));
    let chunks = 0;
    expect(() =>
      storePendingImport(db, '99ZX10', bigger, {
        sourceName: 'b.xml',
        summary: {},
        onRows: () => {
          chunks++;
          if (chunks === 2) throw new Error('stroom uitgevallen');
        },
      }),
    ).toThrow('stroom uitgevallen');
    expect(chunks).toBe(2);
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(90);
    expect(importMeta(db, '99ZX10', 'pending')?.sourceName).toBe('pending.xml');
    expect(db.prepare('SELECT COUNT(*) AS n FROM import_leerlingen').get()).toEqual({ n: 180 });
  });

  it('a failure during confirm (a real SQLite error) keeps both imports as they were', () => {
    const a = dataOf(first);
    storePendingImport(db, '99ZX10', a, { sourceName: 'a.xml', summary: {} });
    confirmPendingImport(db, '99ZX10');
    storePendingImport(db, '99ZX10', dataOf(generateEdexml({ pupils: 30, seed: 4 })), { sourceName: 'b.xml', summary: {} });
    db.exec("CREATE TEMP TRIGGER boom BEFORE UPDATE OF status ON imports BEGIN SELECT RAISE(ABORT, 'schijf vol'); END");
    expect(() => confirmPendingImport(db, '99ZX10', { allowRemovals: true })).toThrow('schijf vol');
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(90);
    expect(loadImport(db, '99ZX10', 'pending')!.leerlingen).toHaveLength(30);
  });

  it('imports from a file: a blocked file stores nothing; an accepted one reports the diff', () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, first);
    const wrong = importFile(db, file, { brin6: '99ZX11', sourceName: 'school.xml' });
    expect(wrong.ok).toBe(false);
    expect(db.prepare('SELECT COUNT(*) AS n FROM imports').get()).toEqual({ n: 0 });
    const report = importConfirmed(db, file, { brin6: '99ZX10', sourceName: 'school.xml' });
    expect(report).toMatchObject({ ok: true, stored: 'confirmed', diff: { first: true } });
    const moved = first.replace('<groep key="K0001"/>', '<groep key="K0002"/>');
    fs.writeFileSync(file, moved);
    const second = importFile(db, file, { brin6: '99ZX10', sourceName: 'school.xml' });
    expect(second.stored).toBe('pending');
    expect(second.diff?.leerlingen.moved).toEqual([{ key: '00100000', from: 'K0001', to: 'K0002' }]);
    // Step 2 of the window asks for no diff in the report (step 3 asks for it with names): the same pending import,
    // the same diff when asked for, but none built for the report.
    const quiet = importFile(db, file, { brin6: '99ZX10', sourceName: 'school.xml', reportDiff: false });
    // It is another pending import (ids are never used twice), so only its id differs.
    expect(quiet).toEqual({ ...second, diff: undefined, importId: second.importId! + 1 });
    expect(quiet).not.toHaveProperty('diff');
    expect(diffImports(db, importId(db, '99ZX10', 'confirmed'), importId(db, '99ZX10', 'pending')!)).toEqual(second.diff);
    // A file that turns out to be blocked at its very end rolls back everything it streamed in.
    fs.writeFileSync(file, first.replace('</EDEX>', '<onbekend/></EDEX>'));
    const blocked = importFile(db, file, { brin6: '99ZX10', sourceName: 'kapot.xml' });
    expect(blocked.ok).toBe(false);
    expect(blocked.stored).toBeUndefined();
    expect(importMeta(db, '99ZX10', 'pending')?.sourceName).toBe('school.xml');
    expect(loadImport(db, '99ZX10', 'pending')!.leerlingen[0]?.groep).toBe('K0002');
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(90);
  });

  it('a file with a duplicate pupil key is refused with that finding (not a database error), and changes nothing', () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, first);
    importConfirmed(db, file, { brin6: '99ZX10', sourceName: 'school.xml' });
    const keys = [...first.matchAll(/<leerling key="([^"]+)"/g)].map((m) => m[1]!);
    fs.writeFileSync(file, first.replace(`<leerling key="${keys[1]}"`, `<leerling key="${keys[0]}"`));
    const report = importFile(db, file, { brin6: '99ZX10', sourceName: 'dubbel.xml' });
    expect(report.ok).toBe(false);
    expect(report.findings.filter((f) => f.severity === 'error').map((f) => f.message).join('\n')).toContain(`'${keys[0]}' komt twee keer voor`);
    expect(importMeta(db, '99ZX10', 'pending')).toBeNull();
    expect(loadImport(db, '99ZX10', 'confirmed')!.leerlingen).toHaveLength(90);
  });
});

describe('diff between confirmed and new data (in SQLite)', () => {
  function diffOf(before: SchoolData | null, after: SchoolData) {
    const dir = makeTempDir();
    const db = openDatabase(path.join(dir, 'd.sqlite')).db;
    try {
      if (before) {
        storePendingImport(db, '99ZX10', before, { sourceName: 'a.xml' });
        confirmPendingImport(db, '99ZX10');
      }
      const newId = storePendingImport(db, '99ZX10', after, { sourceName: 'b.xml' });
      return diffImports(db, importId(db, '99ZX10', 'confirmed'), newId);
    } finally {
      db.close();
      removeTempDir(dir);
    }
  }

  it('names added, removed, changed and moved pupils and classes', () => {
    const before = dataOf(generateEdexml({ pupils: 56, seed: 5 }));
    const text = generateEdexml({ pupils: 56, seed: 5 })
      .replace(/<leerling key="00100001"[\s\S]*?<\/leerling>\n/, '')
      .replace('<naam>1A</naam>', '<naam>1A-nieuw</naam>')
      .replace('<achternaam>', '<achternaam>X')
      .replace('<groep key="K0002"/>', '<groep key="K0001"/>')
      .replace('\t\t\t<samengestelde_groepen>\n\t\t\t\t<samengestelde_groep key="CL0001"/>\n\t\t\t</samengestelde_groepen>\n', '');
    const d = diffOf(before, dataOf(text));
    expect(d.first).toBe(false);
    expect(d.leerlingen.removed).toEqual(['00100001']);
    expect(d.leerlingen.added).toEqual([]);
    expect(d.leerlingen.changed.find((c) => c.key === '00100000')?.fields).toEqual(['achternaam', 'samengesteldeGroepen']);
    expect(d.leerlingen.changed.find((c) => c.key === '00100003')?.fields).toEqual(['groep']);
    expect(d.groepen.changed).toEqual([{ key: 'K0001', fields: ['naam'], changes: [{ field: 'naam', from: '1A', to: '1A-nieuw' }] }]);
    expect(d.leerlingen.moved).toEqual([{ key: '00100003', from: 'K0002', to: 'K0001' }]);
    // Old → new for every changed field.
    const achternaam = before.leerlingen.find((l) => l.key === '00100000')!.achternaam;
    expect(d.leerlingen.changed.find((c) => c.key === '00100000')?.changes).toEqual([
      { field: 'achternaam', from: achternaam, to: `X${achternaam}` },
      { field: 'samengesteldeGroepen', from: 'CL0001', to: null },
    ]);
    expect(d.leerlingen.changed.find((c) => c.key === '00100003')?.changes).toEqual([{ field: 'groep', from: 'K0002', to: 'K0001' }]);
    const first = diffOf(null, before);
    expect(first.first).toBe(true);
    expect(first.leerlingen.added).toHaveLength(56);
    const same = diffOf(before, before);
    // A pupil with a new key but the same eck-id is one changed pupil ("sleutel"), not one removed and one added.
    const rekeyed = generateEdexml({ pupils: 56, seed: 5 }).replace('<leerling key="00100004"', '<leerling key="L-NIEUW-4"');
    const r = diffOf(before, dataOf(rekeyed));
    expect(r.leerlingen.added).toEqual([]);
    expect(r.leerlingen.removed).toEqual([]);
    expect(r.leerlingen.changed).toEqual([{ key: 'L-NIEUW-4', previousKey: '00100004', fields: ['sleutel'], changes: [{ field: 'sleutel', from: '00100004', to: 'L-NIEUW-4' }] }]);
    // Without an eck-id (EDEXML 2.0) there is nothing to match on: removed and added.
    const old20 = dataOf(generateEdexml({ pupils: 20, seed: 5, version: '2.0' }));
    const r20 = diffOf(old20, dataOf(generateEdexml({ pupils: 20, seed: 5, version: '2.0' }).replace('<leerling key="00100004"', '<leerling key="L-NIEUW-4"')));
    expect([r20.leerlingen.added, r20.leerlingen.removed]).toEqual([['L-NIEUW-4'], ['00100004']]);
    expect(same.leerlingen).toEqual({ added: [], removed: [], changed: [], moved: [] });
    expect(same.groepen).toEqual({ added: [], removed: [], changed: [] });
  });
});

describe('writing EDEXML 2.1', () => {
  it('round-trips: read → store → write → xmllint validates → read gives the same data', () => {
    const dir = makeTempDir();
    try {
      const sources = [
        fs.readFileSync(EXAMPLE, 'utf8'),
        generateEdexml({ pupils: 200, seed: 11 }),
        generateEdexml({ pupils: 20, seed: 12, version: '2.0' }),
      ];
      const db = openDatabase(path.join(dir, 'c.sqlite')).db;
      const files: string[] = [];
      const originals: SchoolData[] = [];
      sources.forEach((text, i) => {
        const data = analyseBytes(Buffer.from(text), { keepModel: true }).data!;
        const brin6 = data.school.brin6!;
        storePendingImport(db, brin6, data, { sourceName: `s${i}.xml`, summary: {} });
        confirmPendingImport(db, brin6, { allowRemovals: true }); // each file replaces the last: not the guard's subject here
        const file = path.join(dir, `out${i}.xml`);
        fs.writeFileSync(file, writeEdexml(loadImport(db, brin6, 'confirmed')!));
        files.push(file);
        originals.push(data);
      });
      db.close();
      const verdicts = xmllintMany(XSD21, files);
      files.forEach((file, i) => {
        expect(verdicts.get(file), file).toMatchObject({ valid: true });
        const again = analyseFile(file, { keepModel: true });
        expect(again.ok).toBe(true);
        expect(normal(again.data!)).toEqual(normal(originals[i]!));
      });
    } finally {
      removeTempDir(dir);
    }
  });

  it('escapes &, <, > and quotes in names and keys', () => {
    const text = generateEdexml({ pupils: 3, seed: 2 }).replace(/<achternaam>[^<]*</, '<achternaam>Jansen &amp; &lt;Zn&gt; "q" \'s<');
    const data = dataOf(text);
    const out = writeEdexml(data);
    expect(dataOf(out).leerlingen[0]?.achternaam).toBe('Jansen & <Zn> "q" \'s');
  });
});

describe('CLI import and export from a clean data folder', () => {
  it('imports with --confirm, exports valid EDEXML, and blocks another location with exit 1', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, generateEdexml({ pupils: 40, seed: 3 }));
      const run = (args: string[]) => runCliHere([...args, '--data-dir', path.join(dir, 'data')]);
      // Like the window: a location must be added before a file is imported into it; nothing is created silently.
      const unknown = await run(['import', file, '--brin6', '99ZX10', '--confirm']);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('Locatie 99ZX10 staat niet in deze console. Voeg haar eerst toe: npm run cli -- locations add 99ZX10 --name');
      expect(JSON.parse((await run(['locations', 'list', '--json'])).stdout)).toEqual({ locations: [] });
      expect((await run(['locations', 'add', '99ZX10', '--name', 'Het Lyceum'])).status).toBe(0);
      const imported = await run(['import', file, '--brin6', '99ZX10', '--confirm', '--allow-other-year', '--json']);
      expect(imported.status).toBe(0);
      const report = JSON.parse(imported.stdout);
      expect(report).toMatchObject({ ok: true, version: '2.1', school: { brin6: '99ZX10' }, counts: { leerlingen: 40 }, stored: 'confirmed' });
      expect(report.diff.first).toBe(true);
      expect((await run(['locations', 'add', '99ZX11', '--name', 'Dependance'])).status).toBe(0);
      const blocked = await run(['import', file, '--brin6', '99ZX11']);
      expect(blocked.status).toBe(1);
      expect(blocked.stderr).toContain('99ZX11');
      const out = path.join(dir, 'cito-import.xml');
      const exported = await run(['export', out, '--brin6', '99ZX10']);
      expect(exported.status).toBe(0);
      expect(xmllintMany(XSD21, [out]).get(out)).toMatchObject({ valid: true });
      const usage = await run(['import', file, '--brin6', 'abc']);
      expect(usage.status).toBe(2);
      expect(usage.stderr).toContain('geen Brin6-code');
      const validate = await run(['validate', path.join(dir, 'bestaat-niet.xml'), '--json']);
      expect(validate.status).toBe(2);
      expect(JSON.parse(validate.stdout).findings[0].code).toBe('io.unreadable');
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);
});
