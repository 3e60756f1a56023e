/**
 * `npm run bench -- rollover` (issue 37, point 5): the plan for a new school year at a real school's size — 2,000
 * pupils in ~70 classes, 150 colleagues (mentors and subject teachers, most added from the file), next year's file with
 * realistic moves (90 % of a class moves up together, some repeat, classes split and merge, the exam classes leave,
 * new first-years arrive). Target: the plan (`rollover:get-plan`'s work) ready in under 1 s. Reference in the same
 * run: reading the evidence alone (the two imports' classes, pupils and teacher links out of SQLite).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE_NAME, openDatabase } from '../main/db/database';
import { ensureLocation } from '../main/locations/locations';
import { forgetYearEvidence, yearEvidence } from '../main/imports/years';
import { computePlan } from '../main/rollover/rollover';
import { generateEdexml } from '../tests/helpers/generate-edexml';
import { importConfirmed } from '../tests/helpers/import';
import { measure, report } from './lib';

const PUPILS = Number(process.env['BENCH_ROLLOVER_PUPILS'] ?? 2000);
const COLLEAGUES = 150;
const BRIN6 = '99ZX10';

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-rollover-'));
  const { db } = openDatabase(path.join(dir, DATABASE_FILE_NAME));
  try {
    ensureLocation(db, BRIN6, 'Bench');
    const write = (name: string, text: string) => {
      fs.writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const school = { pupils: PUPILS, seed: 37, brincode: '99ZX', dependancecode: '10' };
    importConfirmed(db, write('vorig.xml', generateEdexml({ ...school, schooljaar: '2025-2026' })), { brin6: BRIN6, sourceName: 'vorig.xml' });
    // 150 colleagues with last year's classes: every other one added from the file (its leerkracht key).
    const classes = db.prepare("SELECT g.key FROM import_groepen g JOIN imports i ON i.id = g.import_id WHERE i.brin6 = ? AND i.status = 'confirmed' AND g.samengesteld = 0").pluck().all(BRIN6) as string[];
    const insert = db.prepare(
      `INSERT INTO users (brin6, id, voornaam, initialen, voorvoegsel, achternaam, email, access, roles_json, leerkracht_key)
       VALUES (?, ?, 'Bench', 'B.', '', ?, ?, 1, ?, ?)`,
    );
    db.transaction(() => {
      for (let n = 0; n < COLLEAGUES; n++) {
        const pick = (k: number) => Array.from({ length: k }, (_, i) => classes[(n * 7 + i * 3) % classes.length]!);
        const roles = n % 3 === 0 ? [{ role: 'leerlingbegeleider', classes: pick(1) }] : [{ role: 'vakdocent', subject: 'engels', classes: pick(2 + (n % 3)) }];
        insert.run(BRIN6, crypto.randomUUID(), `Collega${n}`, `collega${n}@school.example`, JSON.stringify(roles), n % 2 === 0 ? `LK${n + 1}` : null);
      }
    })();
    importConfirmed(db, write('nieuw.xml', generateEdexml({ ...school, schooljaar: '2026-2027', nextYear: true, realisticMoves: true })), { brin6: BRIN6, sourceName: 'nieuw.xml' });

    const evidence = await measure('the evidence alone, read (reference)', 20, () => {
      forgetYearEvidence(db);
      return yearEvidence(db, BRIN6);
    });
    // After a confirm: the first ask reads the evidence; step 3's hint and the plan's screen ask again for the same pair.
    const plan = await measure(`the plan, first ask: ${PUPILS} pupils, ${classes.length} classes, ${COLLEAGUES} colleagues`, 20, () => {
      forgetYearEvidence(db);
      return computePlan(db, { brin6: BRIN6 });
    });
    const again = await measure('the plan, asked again (hint, screen, a choice)', 20, () => computePlan(db, { brin6: BRIN6 }));
    report('A new school year (rollover:get-plan)', [evidence, plan, again], evidence);
    const view = computePlan(db, { brin6: BRIN6 }).view;
    const clear = view.succession.filter((s) => s.successor).length;
    process.stdout.write(
      `plan: ${view.changes} of ${COLLEAGUES} colleagues change; ${clear} of ${view.succession.length} classes have a clear successor; ${view.seeNothing.length} would see nothing; target < 1000 ms: ${plan.medianMs < 1000 ? 'met' : 'NOT met'}\n`,
    );
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
