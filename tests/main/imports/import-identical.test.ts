import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { ImportState } from '../../../shared/bridge';
import { IDENTICAL_MESSAGE } from '../../../shared/bridge';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { runCli } from '../../../main/cli/cli';
import { loadImport, storePendingImport } from '../../../main/imports/store';
import { sameData } from '../../../main/imports/diff';
import { schoolYearOf } from '../../../shared/domain/school-year';

/**
 * Issue 31, point 5: a file identical to the confirmed one says "Dit bestand is gelijk aan de bevestigde gegevens"
 * and offers nothing to confirm — no pending import, no history entry, no queued upload; an earlier pending file stays.
 */
const A = '99ZX10';
const school = (pupils: number, seed: number) => generateEdexml({ pupils, seed, brincode: A.slice(0, 4), dependancecode: A.slice(4), schooljaar: schoolYearOf(new Date()) });

describe('a file identical to the confirmed data', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call } = bridgeCaller(() => dispatch);
  const importText = async (text: string, name: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call<{ kind: string; importId?: number; report: { counts: { leerlingen: number } } }>('import:start', { brin6: A, uploadId: staged.value.uploadId });
  };
  const kept = () => services.database!.db.prepare('SELECT COUNT(*) FROM imports').pluck().get() as number;
  const uploads = () => services.database!.db.prepare("SELECT COUNT(*) FROM outbox WHERE route_id = 'putSchoolData'").pluck().get() as number;

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('step 2: nothing to confirm, nothing stored; a file that differs in one pupil is stored as usual; an earlier pending file stays', async () => {
    const text = school(150, 7);
    const first = await importText(text, 'r100.xml');
    await call('import:confirm', { brin6: A, importId: first.importId });
    const before = { imports: kept(), uploads: uploads(), history: (await call<unknown[]>('import:list-history', { brin6: A })).length };

    const again = await importText(text, 'r100-opnieuw.xml');
    expect(again).toMatchObject({ kind: 'identical', report: { counts: { leerlingen: 150 } } });
    expect(again.importId).toBeUndefined();
    const state = await call<ImportState>('import:get-state', { brin6: A });
    expect(state.pending).toBeNull();
    expect(state.confirmed).toMatchObject({ sourceName: 'r100.xml' });
    expect({ imports: kept(), uploads: uploads(), history: (await call<unknown[]>('import:list-history', { brin6: A })).length }).toEqual(before);

    // One pupil's roepnaam differs: a real change, stored for review.
    const changed = text.replace(/<roepnaam>([^<]+)<\/roepnaam>/, '<roepnaam>$1x</roepnaam>');
    expect(changed).not.toBe(text);
    const other = await importText(changed, 'r101.xml');
    expect(other.kind).toBe('stored');
    // The identical file again: the pending r101 is not thrown away.
    expect((await importText(text, 'r100-derde.xml')).kind).toBe('identical');
    expect((await call<ImportState>('import:get-state', { brin6: A })).pending).toMatchObject({ sourceName: 'r101.xml' });
  });

  it('"identical" means every stored column of every content table: any one value changed, or a row more or less, is a change', async () => {
    const db = services.database!.db;
    const text = school(60, 11);
    const first = await importText(text, 'a.xml');
    await call('import:confirm', { brin6: A, importId: first.importId });
    const confirmed = db.prepare("SELECT id FROM imports WHERE status = 'confirmed'").pluck().get() as number;
    // The same data as a pending import, stored directly (no identity check on the way in).
    const data = loadImport(db, A, 'confirmed')!;
    const pending = storePendingImport(db, A, data, { sourceName: 'b.xml', summary: {} });
    expect(sameData(db, confirmed, pending)).toBe(true);
    let cases = 0;
    const tables = ['import_vestigingen', 'import_groepen', 'import_leerlingen', 'import_leerling_clusters', 'import_leerkrachten', 'import_leerkracht_groepen'];
    for (const table of tables) {
      const columns = db.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE name <> 'import_id'`).pluck().all() as string[];
      // The first row of the pending copy (these tables have no rowid): matched on all its values.
      const first = `import_id = ? AND (${columns.join(', ')}) IS (SELECT ${columns.join(', ')} FROM ${table} WHERE import_id = ? LIMIT 1)`;
      for (const column of columns) {
        const changes = db.transaction(() => {
          const n = db.prepare(`UPDATE ${table} SET ${column} = CASE WHEN typeof(${column}) = 'integer' THEN 1 - ${column} ELSE coalesce(${column}, '') || '~' END WHERE ${first}`).run(pending, pending).changes;
          const same = sameData(db, confirmed, pending);
          throw Object.assign(new Error('rollback'), { n, same });
        });
        try {
          changes();
        } catch (error) {
          if ((error as Error).message !== 'rollback') throw error;
          const { n, same } = error as { n: number; same: boolean };
          if (n === 0) continue; // this import has no such rows
          expect(same, `${table}.${column} changed`).toBe(false);
          cases++;
        }
      }
      const dropped = db.transaction(() => {
        const n = db.prepare(`DELETE FROM ${table} WHERE ${first}`).run(pending, pending).changes;
        throw Object.assign(new Error('rollback'), { n, same: sameData(db, confirmed, pending) });
      });
      try {
        dropped();
      } catch (error) {
        if ((error as Error).message !== 'rollback') throw error;
        const { n, same } = error as { n: number; same: boolean };
        if (n > 0) expect(same, `a row less in ${table}`).toBe(false);
      }
    }
    expect(cases).toBeGreaterThan(30);
    expect(sameData(db, confirmed, pending)).toBe(true);
  });

  it('CLI: import --confirm of the same file twice: the second says so, exits 0, and spends no kept import', async () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, school(80, 3));
    const out: string[] = [];
    const io = { stdout: (s: string) => void out.push(s), stderr: (s: string) => void out.push(s), version: '1.0.0', defaultDataDir: dir };
    services.close();
    const first = await runCli(['import', file, '--brin6', A, '--confirm', '--data-dir', dir], io);
    expect(first, out.join('')).toBe(0);
    out.length = 0;
    expect(await runCli(['import', file, '--brin6', A, '--confirm', '--data-dir', dir], io)).toBe(0);
    expect(out.join('')).toContain(IDENTICAL_MESSAGE);
    out.length = 0;
    expect(await runCli(['history', '--brin6', A, '--json', '--data-dir', dir], io)).toBe(0);
    expect((JSON.parse(out.join('')) as { imports: unknown[] }).imports).toHaveLength(1);
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
  });
});
