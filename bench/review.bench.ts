/**
 * Steps 2 and 3 of a school that changed its student administration (issue 31, point 4): the new file keeps every
 * pupil's eck-id under a new key. In the app (browser mode's services, the import thread warm), through the bridge:
 * reading the file and confirming it (`import:start` + `import:confirm`, what `cli import --confirm` does) over the
 * old file, against the same for the same file into an empty location; the diff step 3 shows (`import:get-diff`);
 * and how long `app:get-info` waits when it is asked every 10 ms meanwhile.
 * Targets: re-keyed ≤ 1.5× the empty location (medians, one run), a bridge call meanwhile ≤ 100 ms.
 * `BENCH_REVIEW_PUPILS` sets the size (default 30000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateEdexml } from '../tests/helpers/generate-edexml';
import { addLocation } from '../main/accounts/accounts';
import { createServices } from '../main/app/services';
import { createDispatcher } from '../main/bridge/registry';
import type { Dispatch } from '../main/bridge/registry';
import { schoolYearOf } from '../shared/domain/school-year';
import { runCli } from '../main/cli/cli';

const PUPILS = Number(process.env['BENCH_REVIEW_PUPILS'] ?? 30000);
const ROUNDS = 3;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `work` while asking app:get-info every 10 ms; the work's time and the slowest answer meanwhile. */
async function whileAsking(dispatch: Dispatch, work: () => Promise<void>): Promise<{ ms: number; slowest: number }> {
  let running = true;
  let slowest = 0;
  const asker = (async () => {
    while (running) {
      const asked = performance.now();
      await dispatch('app:get-info', undefined, { trusted: true });
      slowest = Math.max(slowest, performance.now() - asked);
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  running = false;
  await asker;
  return { ms, slowest };
}

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-review-'));
  const schooljaar = schoolYearOf(new Date());
  // A file names its location's BRIN6 (another one's is refused), so each location gets its own copy.
  const file = (brin6: string, pupilKeyBase?: number) =>
    Buffer.from(generateEdexml({ pupils: PUPILS, seed: 11, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4), schooljaar, ...(pupilKeyBase ? { pupilKeyBase } : {}) }));
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench' });
  const dispatch = createDispatcher(services.handlers);
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input, { trusted: true });
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const store = async (brin6: string, bytes: Buffer): Promise<number> => {
    const upload = services.uploads.fromBytes('school.xml', bytes);
    return (await call<{ importId: number }>('import:start', { brin6, uploadId: upload.uploadId })).importId;
  };
  try {
    const empty: number[] = [];
    const rekey: number[] = [];
    const diffs: number[] = [];
    let slowest = 0;
    for (let round = 0; round < ROUNDS; round++) {
      // Into an empty location: a first import, nothing to compare.
      const fresh = `99ZX${String(20 + round)}`;
      addLocation(services.database!.db, { brin6: fresh, name: `Leeg ${round}`, username: '' });
      const freshFile = file(fresh);
      const a = await whileAsking(dispatch, async () => void (await call('import:confirm', { brin6: fresh, importId: await store(fresh, freshFile) })));
      empty.push(a.ms);
      // The same pupils under new keys over the confirmed old file: step 3's diff, then the confirm.
      const brin6 = `99ZX${String(40 + round)}`;
      addLocation(services.database!.db, { brin6, name: `Overgestapt ${round}`, username: '' });
      await call('import:confirm', { brin6, importId: await store(brin6, file(brin6)) });
      const rekeyedFile = file(brin6, 700000);
      let newId = 0;
      const c = await whileAsking(dispatch, async () => {
        newId = await store(brin6, rekeyedFile);
        await call('import:confirm', { brin6, importId: newId });
      });
      rekey.push(c.ms);
      // Step 3's diff of the same file (stored again: the confirmed one is now the re-keyed one, so the old again).
      await store(brin6, file(brin6));
      let changed = 0;
      const d = await whileAsking(dispatch, async () => {
        changed = (await call<{ leerlingen: { changed: { total: number } } }>('import:get-diff', { brin6 })).leerlingen.changed.total;
      });
      if (changed !== PUPILS) throw new Error(`expected ${PUPILS} re-keyed pupils, the diff says ${changed}`);
      diffs.push(d.ms);
      slowest = Math.max(slowest, a.slowest, d.slowest, c.slowest);
    }
    const ratio = median(rekey) / median(empty);
    process.stdout.write(`\n## Steps 2–3 of ${PUPILS.toLocaleString('en')} re-keyed pupils, through the bridge (medians of ${ROUNDS})\n`);
    process.stdout.write(`import:start + import:confirm, empty location       ${median(empty).toFixed(0).padStart(6)} ms (reference)\n`);
    process.stdout.write(`import:start + import:confirm, over the old file    ${median(rekey).toFixed(0).padStart(6)} ms = ${ratio.toFixed(2)}× the reference (target ≤ 1.5×: ${ratio <= 1.5 ? 'gehaald' : 'NIET gehaald'})\n`);
    process.stdout.write(`import:get-diff (step 3), every pupil re-keyed      ${median(diffs).toFixed(0).padStart(6)} ms\n`);
    process.stdout.write(`app:get-info asked every 10 ms meanwhile: slowest answer ${slowest.toFixed(1)} ms (target ≤ 100 ms: ${slowest <= 100 ? 'gehaald' : 'NIET gehaald'})\n`);
  } finally {
    services.close();
  }
  try {
    // The CLI as IT scripts it (`import --confirm`, text report), in this process, on its own data folder.
    const cliDir = path.join(dir, 'cli');
    const io = { stdout: () => {}, stderr: (t: string) => void process.stderr.write(t), version: '0.0.0-bench', defaultDataDir: cliDir };
    const cli = async (...args: string[]) => {
      const code = await runCli([...args, '--data-dir', cliDir], io);
      if (code !== 0) throw new Error(`cli ${args.join(' ')}: exit ${code}`);
    };
    const empty: number[] = [];
    const rekey: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const fresh = `99ZX${String(60 + round)}`;
      const brin6 = `99ZX${String(80 + round)}`;
      for (const b of [fresh, brin6]) await cli('locations', 'add', b, '--name', b);
      const write = (name: string, bytes: Buffer) => {
        const f = path.join(dir, name);
        fs.writeFileSync(f, bytes);
        return f;
      };
      const freshFile = write(`${fresh}.xml`, file(fresh));
      await cli('import', write(`${brin6}-oud.xml`, file(brin6)), '--brin6', brin6, '--confirm');
      const rekeyedFile = write(`${brin6}-nieuw.xml`, file(brin6, 700000));
      let start = performance.now();
      await cli('import', freshFile, '--brin6', fresh, '--confirm');
      empty.push(performance.now() - start);
      start = performance.now();
      await cli('import', rekeyedFile, '--brin6', brin6, '--confirm');
      rekey.push(performance.now() - start);
    }
    const ratio = median(rekey) / median(empty);
    process.stdout.write(`\n## cli import --confirm (text report), ${PUPILS.toLocaleString('en')} pupils (medians of ${ROUNDS})\n`);
    process.stdout.write(`into an empty location                              ${median(empty).toFixed(0).padStart(6)} ms (reference)\n`);
    process.stdout.write(`every pupil re-keyed, over the old file             ${median(rekey).toFixed(0).padStart(6)} ms = ${ratio.toFixed(2)}× the reference (target ≤ 1.5×: ${ratio <= 1.5 ? 'gehaald' : 'NIET gehaald'})\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
