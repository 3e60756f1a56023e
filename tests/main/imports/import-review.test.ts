import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import type { ImportDiff, ImportState } from '../../../shared/bridge';
import { bridgeCaller } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { cliProcess } from '../../helpers/cli-process';
import { schoolYearOf } from '../../../shared/domain/school-year';

/**
 * Issue 31, point 1: what the admin reviewed is what is confirmed — also when a second process (the CLI takes no
 * single-instance lock) reads another file for the same location in between. Real processes, real SQLite files.
 */
const A = '99ZX10';
const school = (pupils: number, seed: number) => generateEdexml({ pupils, seed, brincode: A.slice(0, 4), dependancecode: A.slice(4), schooljaar: schoolYearOf(new Date()) });


describe('confirm exactly what was reviewed', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call, refused } = bridgeCaller(() => dispatch);
  const importText = async (text: string, name: string, hold = false) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call<{ kind: string; importId: number }>('import:start', { brin6: A, uploadId: staged.value.uploadId, ...(hold ? { hold: true } : {}) });
  };

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

  it('the window reviewed r101; the CLI read r102 meanwhile: confirming changes nothing, says so, and shows r102 for review', async () => {
    const first = await importText(school(120, 1), 'r100.xml');
    await call('import:confirm', { brin6: A, importId: first.importId });
    await importText(school(30, 2), 'r101.xml');
    const reviewed = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(reviewed.guard.needed).toBe(true);
    // A second process reads another file for the same location (the CLI, no --confirm).
    const other = path.join(dir, 'r102.xml');
    fs.writeFileSync(other, school(25, 3));
    const cli = await cliProcess(['import', other, '--brin6', A], dir);
    expect(cli.code, cli.stderr).toBe(0);
    // The admin types the number the screen showed for r101 and confirms: refused, with which file is there now.
    const error = await refused('import:confirm', { brin6: A, importId: reviewed.importId, acknowledge: reviewed.guard.confirmText });
    expect(error.message).toMatch(/^Er is intussen een ander bestand ingelezen \(r102\.xml, \d\d:\d\d\)\. Controleer dat eerst/);
    expect(error.issues).toEqual([expect.objectContaining({ path: ['importId'] })]);
    const state = await call<ImportState>('import:get-state', { brin6: A });
    expect(state.confirmed).toMatchObject({ sourceName: 'r100.xml', counts: { leerlingen: 120 } });
    expect(state.pending).toMatchObject({ sourceName: 'r102.xml' });
    expect(services.database!.db.prepare("SELECT COUNT(*) FROM outbox WHERE route_id = 'putSchoolData'").pluck().get()).toBe(1);
    // r102 reviewed in its turn: its own id confirms it.
    const now = await call<ImportDiff>('import:get-diff', { brin6: A });
    await call('import:confirm', { brin6: A, importId: now.importId, acknowledge: now.guard.confirmText });
    expect((await call<ImportState>('import:get-state', { brin6: A })).confirmed).toMatchObject({ sourceName: 'r102.xml', counts: { leerlingen: 25 } });
    // Confirming the same review twice: already confirmed, nothing happens again.
    expect((await refused('import:confirm', { brin6: A, importId: now.importId })).message).toContain('al bevestigd');
  }, 60_000);

  it('a file held by a command that confirms right after is never replaced under it; the hold ends with its confirm, or on its own', async () => {
    const held = await importText(school(40, 4), 'cli.xml', true);
    const error = await refused('import:start', { brin6: A, uploadId: receiveOk(services, 'venster.xml', school(41, 5)) });
    expect(error.message).toBe(`Een ander programma bevestigt op dit moment cli.xml voor ${A}; dit bestand is niet ingelezen, zodat dat bestand niet ongemerkt wordt vervangen. Probeer het over een minuut opnieuw.`);
    expect((await call<ImportState>('import:get-state', { brin6: A })).pending).toMatchObject({ id: held.importId, sourceName: 'cli.xml' });
    await call('import:confirm', { brin6: A, importId: held.importId });
    await importText(school(41, 5), 'venster.xml');
    // A command that died: its hold runs out (two minutes), then the window may read another file.
    const died = await importText(school(42, 6), 'gestorven.xml', true);
    services.database!.db.prepare('UPDATE imports SET held_until = ? WHERE id = ?').run(new Date(Date.now() - 1000).toISOString(), died.importId);
    expect((await importText(school(43, 7), 'daarna.xml')).kind).toBe('stored');
  }, 60_000);

  it('two `cli import --confirm` at once: each says what became of its own file — confirmed, or refused with why; never the other\'s', async () => {
    services.close();
    for (let round = 0; round < 3; round++) {
      const files = ['a', 'b'].map((name) => {
        const file = path.join(dir, `${name}${round}.xml`);
        fs.writeFileSync(file, school(1500, 10 + round * 2 + (name === 'a' ? 0 : 1)));
        return file;
      });
      const runs = await Promise.all(files.map((file) => cliProcess(['import', file, '--brin6', A, '--confirm', '--allow-removals'], dir)));
      const history = await cliProcess(['history', '--brin6', A, '--json'], dir);
      const confirmedFiles = (JSON.parse(history.stdout) as { imports: Array<{ file: string }> }).imports.map((i) => i.file);
      runs.forEach((run, i) => {
        const name = path.basename(files[i]!);
        const what = `round ${round}, ${name}: exit ${run.code}\n${run.stdout}\n${run.stderr}`;
        if (run.code === 0) {
          expect(run.stdout, what).toContain('bevestigd');
          expect(confirmedFiles, what).toContain(name);
        } else {
          expect(run.code, what).toBe(1);
          expect(run.stderr, what).toMatch(/Een ander programma bevestigt op dit moment|Er is intussen een ander bestand ingelezen/);
          expect(confirmedFiles, what).not.toContain(name);
        }
      });
      expect(runs.some((r) => r.code === 0)).toBe(true);
    }
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
  }, 120_000);
});

function receiveOk(services: Services, name: string, text: string): string {
  const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
  if (!staged.ok) throw new Error(staged.error.message);
  return staged.value.uploadId;
}
