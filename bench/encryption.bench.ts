/**
 * What encryption at rest costs (issue 34): the same work on a plain cache and on an encrypted one (SQLCipher through
 * better-sqlite3-multiple-ciphers, main/db/cipher.ts), interleaved in one run. Import: a file of 30,000 pupils read
 * into the pending import and confirmed (`import:start` + `import:confirm` through the dispatcher, on the import
 * thread as in the app). Switch: the four calls the renderer makes when the admin switches location, cold (a one-row
 * write first). The plain cache is the reference.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/app/services';
import type { Services } from '../main/app/services';
import { createDispatcher } from '../main/bridge/registry';
import { receiveUpload } from '../main/uploads/receive';
import { generateEdexml } from '../tests/helpers/generate-edexml';
import { fromSamples, report } from './lib';

const PUPILS = Number(process.env['BENCH_ENCRYPTION_PUPILS'] ?? 30_000);
const RUNS = Number(process.env['BENCH_ENCRYPTION_RUNS'] ?? 5);
const TODAY = new Date('2026-10-01T12:00:00Z');
const A = '99ZX10';

interface Console {
  readonly services: Services;
  call(method: string, input: unknown): Promise<unknown>;
}

function open(dir: string, encrypted: boolean): Console {
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench', today: () => TODAY, ...(encrypted ? {} : { databaseKeys: null }) });
  const dispatch = createDispatcher(services.handlers);
  return {
    services,
    async call(method, input) {
      const result = await dispatch(method, input, { trusted: true });
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    },
  };
}

async function importOnce(c: Console, xml: Uint8Array): Promise<number> {
  const start = performance.now();
  const staged = receiveUpload(c.services.uploads, true, 'school.xml', xml);
  if (!staged.ok) throw new Error(staged.error.message);
  const outcome = (await c.call('import:start', { brin6: A, uploadId: staged.value.uploadId })) as { kind: string; importId?: number };
  if (outcome.kind !== 'stored') throw new Error(`import:start: ${outcome.kind}`);
  const diff = (await c.call('import:get-diff', { brin6: A })) as { importId: number; guard: { needed: boolean; confirmText: string | null } };
  await c.call('import:confirm', { brin6: A, importId: diff.importId, ...(diff.guard.needed ? { acknowledge: diff.guard.confirmText } : {}) });
  return performance.now() - start;
}

export async function run(): Promise<void> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-encryption-'));
  const plain = open(path.join(root, 'plain'), false);
  const encrypted = open(path.join(root, 'encrypted'), true);
  try {
    for (const c of [plain, encrypted]) {
      await c.call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
      await c.call('locations:add', { brin6: '99ZX11', name: 'Havo', username: '' });
    }
    // Every run a slightly other file (one pupil's name), so none is "identical" to the one confirmed before.
    const files = Array.from({ length: RUNS + 1 }, (_, i) =>
      new TextEncoder().encode(generateEdexml({ pupils: PUPILS, seed: 3, schooljaar: '2026-2027' }).replace('<achternaam>', `<achternaam>R${i} `)),
    );
    const imports = { plain: [] as number[], encrypted: [] as number[] };
    for (let i = 0; i <= RUNS; i++) {
      const p = await importOnce(plain, files[i]!);
      const e = await importOnce(encrypted, files[i]!);
      if (i > 0) {
        imports.plain.push(p);
        imports.encrypted.push(e);
      }
    }
    const plainImport = fromSamples(`import + confirm, ${PUPILS} pupils, plain cache`, imports.plain);
    report('Import, plain against encrypted (interleaved)', [plainImport, fromSamples(`import + confirm, ${PUPILS} pupils, encrypted cache`, imports.encrypted)], plainImport);

    const switches = { plain: [] as number[], encrypted: [] as number[] };
    const once = async (c: Console, n: number) => {
      const brin6 = n % 2 === 0 ? A : '99ZX11';
      c.services.database!.db.prepare('UPDATE locations SET name = name WHERE brin6 = ?').run(brin6);
      const start = performance.now();
      await c.call('settings:set-last-location', { brin6 });
      await c.call('locations:get-progress', { brin6 });
      await c.call('import:get-state', { brin6 });
      await c.call('roster:get-classes', { brin6 });
      return performance.now() - start;
    };
    for (let n = 0; n < 43; n++) {
      const p = await once(plain, n);
      const e = await once(encrypted, n);
      if (n >= 3) {
        switches.plain.push(p);
        switches.encrypted.push(e);
      }
    }
    const plainSwitch = fromSamples('location switch, all four calls (cold), plain cache', switches.plain);
    report('Location switch, plain against encrypted (interleaved)', [plainSwitch, fromSamples('location switch, all four calls (cold), encrypted cache', switches.encrypted)], plainSwitch);
  } finally {
    plain.services.close();
    encrypted.services.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}
