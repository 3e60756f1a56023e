/**
 * Shared set-up of the location benches: two locations, each with a confirmed import of `pupils` generated pupils and
 * the service's roster as if fetched after delivery (the same classes and pupils, written directly), so step 5 is
 * all green. Not a bench itself (bench/run.ts runs *.bench.ts only).
 */
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { importConfirmed } from '../tests/helpers/import';
import { recordSchoolDataDelivered } from '../main/imports/upload';
import { setSyncMarks } from '../main/sync';
import { addLocation } from '../main/accounts/accounts';
import { generateEdexml } from '../tests/helpers/generate-edexml';

export const LOCATIONS = [
  { brin6: '99ZX10', dependancecode: '10' },
  { brin6: '99ZX11', dependancecode: '11' },
] as const;
export const TODAY = new Date('2025-10-01T12:00:00Z');

export function prepareLocations(db: Database.Database, pupils: number, dir: string): void {
  for (const { brin6, dependancecode } of LOCATIONS) {
    addLocation(db, { brin6, name: `Bench ${brin6}`, username: '' });
    const file = path.join(dir, `${brin6}.xml`);
    fs.writeFileSync(file, generateEdexml({ pupils, dependancecode, seed: Number(dependancecode) }));
    const imported = importConfirmed(db, file, { brin6, sourceName: `${brin6}.xml`, today: TODAY });
    if (!imported.ok) throw new Error(`bench import failed: ${JSON.stringify(imported.findings.slice(0, 3))}`);
    // The service's roster as if fetched after delivery: the same classes and pupils, written directly.
    db.transaction(() => {
      const importId = db.prepare("SELECT id FROM imports WHERE brin6 = ? AND status = 'confirmed'").pluck().get(brin6) as number;
      db.prepare(`INSERT INTO remote_classes (brin6, key, naam, jaargroep, samengesteld, leerlingen)
                  SELECT ?, g.key, g.naam, g.jaargroep, g.samengesteld,
                         CASE g.samengesteld WHEN 1 THEN (SELECT COUNT(*) FROM import_leerling_clusters c WHERE c.import_id = g.import_id AND c.groep_key = g.key)
                              ELSE (SELECT COUNT(*) FROM import_leerlingen l WHERE l.import_id = g.import_id AND l.groep_key = g.key) END
                  FROM import_groepen g WHERE g.import_id = ?`).run(brin6, importId);
      db.prepare(`INSERT INTO remote_pupils (brin6, key, achternaam, voorvoegsel, roepnaam, groep)
                  SELECT ?, key, achternaam, voorvoegsel, roepnaam, groep_key FROM import_leerlingen WHERE import_id = ?`).run(brin6, importId);
      db.prepare("DELETE FROM outbox WHERE brin6 = ? AND route_id = 'putSchoolData'").run(brin6);
      recordSchoolDataDelivered(db, brin6, importId, new Date('2025-10-01T12:00:00.000Z'));
      setSyncMarks(db, brin6, 'roster', { 'fetched-at': '2025-10-01T12:01:00.000Z' });
    })();
  }
}
