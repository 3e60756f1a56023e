import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import type { ImportDiff } from '../../../shared/bridge';
import { bridgeCaller, importThroughBridge, reviewedImportId } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { runCliHere } from '../../helpers/cli';
import fs from 'node:fs';
import path from 'node:path';

const A = '99ZX10';

/**
 * Issue 37, point 0: the guard speaks of pupils who leave. A next-year file renames every class and moves nearly every
 * pupil up; only the exam classes leave. Measured from outside, the guard tripped on every such file (it counted
 * pupils in removed classes). Now it asks nothing and says who left, from which jaargroep.
 */
describe('a file of the next school year: no typed confirmation for pupils who moved up; the leavers said', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call } = bridgeCaller(() => dispatch);
  const importText = (text: string, name: string) => importThroughBridge(services.uploads, call, A, text, name);

  beforeEach(async () => {
    dir = makeTempDir();
    // September 2026: the new school year has begun; last year's data were confirmed then (typed as another year).
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => new Date('2026-09-01T12:00:00Z') });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
    await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2025-2026' }), 'vorig-jaar.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), acknowledgeYear: '2025-2026' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('next year\'s file: every class renamed, the sixth-years gone — confirmed without typing; the leavers named by jaargroep', async () => {
    await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2026-2027', nextYear: true }), 'nieuw-jaar.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.groepen.removed.total).toBeGreaterThan(15); // every class has a new key
    expect(diff.guard.needed).toBe(false);
    expect(diff.guard.expectedLeavers).toBeGreaterThan(60);
    expect(diff.guard.leavers).toMatch(/^Vertrokken: \d+ leerlingen, uit eindexamenklassen \(jaargroep 16: \d+(, jaargroep \d+: \d+)?\)\.$/);
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
  });

  it('the same pupils gone within one school year are not expected: still a typed confirmation', async () => {
    // The next-year file's pupils, but said to be of the same year: nobody's leaving is expected.
    await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2025-2026', nextYear: true }), 'zelfde-jaar.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.guard).toMatchObject({ needed: true, kind: 'removal', expectedLeavers: 0 });
    expect(diff.guard.reasons[0]).toMatch(/^\d+ van 600 leerlingen \(\d+ %\) verdwijnen bij de centrale dienst\.$/);
    expect(diff.guard.leavers).toMatch(/^Vertrokken: \d+ leerlingen \(jaargroep 16: \d+/);
  });

  it('the CLI: `import --confirm` of next year\'s file needs no --allow-removals and prints who left', async () => {
    const cliDir = makeTempDir();
    try {
      const files = { old: path.join(cliDir, 'vorig-jaar.xml'), next: path.join(cliDir, 'nieuw-jaar.xml') };
      fs.writeFileSync(files.old, generateEdexml({ pupils: 600, seed: 3, schooljaar: '2025-2026' }));
      fs.writeFileSync(files.next, generateEdexml({ pupils: 600, seed: 3, schooljaar: '2026-2027', nextYear: true }));
      const data = path.join(cliDir, 'data');
      expect((await runCliHere(['locations', 'add', A, '--name', 'Het Lyceum', '--data-dir', data])).status).toBe(0);
      expect((await runCliHere(['import', files.old, '--brin6', A, '--confirm', '--allow-other-year', '--data-dir', data])).status).toBe(0);
      const next = await runCliHere(['import', files.next, '--brin6', A, '--confirm', '--allow-other-year', '--data-dir', data]);
      expect(next.status, next.stderr).toBe(0);
      expect(next.stdout).toMatch(/Vertrokken: \d+ leerlingen, uit eindexamenklassen \(jaargroep 16: \d+/);
    } finally {
      removeTempDir(cliDir);
    }
  });
});
