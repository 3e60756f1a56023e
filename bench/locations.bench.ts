/**
 * What switching to another location costs: the four calls the renderer makes (`settings:set-last-location`,
 * `locations:get-progress`, `import:get-state`, `roster:get-classes`) with two locations of 30,000 pupils each (a
 * confirmed import and a matching roster from the service), through the real dispatcher in-process and over the
 * browser-mode HTTP transport. "Cold" writes one row first so nothing computed earlier is reused; "unchanged" is a
 * switch back and forth with no write in between. The reference is a bare SQLite read in the same run (counting one
 * location's pupils).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/app/services';
import { startBrowserServer } from '../main/browser/server';
import { createDispatcher } from '../main/bridge/registry';
import { measure, report } from './lib';
import { LOCATIONS, TODAY, prepareLocations } from './locations-setup';

const PUPILS = Number(process.env['BENCH_LOCATION_PUPILS'] ?? 30_000);

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-locations-'));
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench', today: () => TODAY });
  const db = services.database!.db;
  const server = await startBrowserServer({ dispatch: createDispatcher(services.handlers), rendererDir: dir, uploads: services.uploads });
  try {
    prepareLocations(db, PUPILS, dir);
    const dispatch = createDispatcher(services.handlers);
    const trusted = { trusted: true };
    const check = async (method: string, input: unknown) => {
      const result = await dispatch(method, input, trusted);
      if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
      return result.value;
    };
    const roster = (await check('roster:get-classes', { brin6: '99ZX10' })) as { totals: { classes: number; mismatched: number; pupilsInImport: number } };
    const progress = (await check('locations:get-progress', { brin6: '99ZX10' })) as { steps: Array<{ state: string }> };
    process.stdout.write(
      `setup: ${LOCATIONS.length} locations × ${roster.totals.pupilsInImport} pupils, ${roster.totals.classes} classes each, ${roster.totals.mismatched} mismatched; steps ${progress.steps.map((s) => s.state).join('/')}\n`,
    );

    const importId = db.prepare("SELECT id FROM imports WHERE brin6 = '99ZX10' AND status = 'confirmed'").pluck().get() as number;
    const count = db.prepare('SELECT COUNT(*) FROM import_leerlingen WHERE import_id = ?').pluck();
    const reference = await measure(`bare SQLite read (count ${PUPILS} pupils)`, 200, () => count.get(importId));

    let n = 0;
    const nextBrin6 = () => LOCATIONS[n++ % LOCATIONS.length]!.brin6;
    // Cold: a one-row write first, so nothing computed earlier can be reused (as after a sync round or an edit).
    const touch = db.prepare('UPDATE locations SET name = name WHERE brin6 = ?');
    const calls = ['settings:set-last-location', 'locations:get-progress', 'import:get-state', 'roster:get-classes'] as const;
    const inProcess = [];
    for (const method of calls) {
      inProcess.push(
        await measure(`in-process ${method} (cold)`, 60, () => {
          const brin6 = nextBrin6();
          touch.run(brin6);
          return check(method, { brin6 });
        }),
      );
    }
    inProcess.push(
      await measure('in-process location switch, all four (cold)', 40, async () => {
        const brin6 = nextBrin6();
        touch.run(brin6);
        await Promise.all(calls.map((method) => check(method, { brin6 })));
      }),
    );
    inProcess.push(
      await measure('in-process location switch, all four (unchanged)', 40, async () => {
        const brin6 = nextBrin6();
        await Promise.all(calls.map((method) => check(method, { brin6 })));
      }),
    );

    const post = async (method: string, input: unknown) => {
      const res = await fetch(`${server.origin}/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ input }),
      });
      const body = (await res.json()) as { ok: boolean };
      if (!body.ok) throw new Error(`${method}: HTTP ${res.status}`);
      return body;
    };
    const overHttp = [];
    for (const method of calls) {
      overHttp.push(
        await measure(`HTTP ${method} (cold)`, 60, () => {
          const brin6 = nextBrin6();
          touch.run(brin6);
          return post(method, { brin6 });
        }),
      );
    }
    overHttp.push(
      await measure('HTTP location switch, all four (cold)', 40, async () => {
        const brin6 = nextBrin6();
        touch.run(brin6);
        await Promise.all(calls.map((method) => post(method, { brin6 })));
      }),
    );
    overHttp.push(
      await measure('HTTP location switch, all four (unchanged)', 40, async () => {
        const brin6 = nextBrin6();
        await Promise.all(calls.map((method) => post(method, { brin6 })));
      }),
    );
    report('Location switch, two locations of 30,000 pupils', [reference, ...inProcess, ...overHttp], reference);
  } finally {
    await server.close();
    services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
