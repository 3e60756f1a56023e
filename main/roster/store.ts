import type Database from 'better-sqlite3';
import type { Roster, RosterClass, RosterPupil } from '../../shared/bridge';
import { checkReadiness } from '../../shared/domain/check';
import { importId, pupilNameSql } from '../imports/store';
import { schoolDataDeliveredAt, uploadState } from '../imports/upload';
import { setSyncMarks, syncMark } from '../sync';

/**
 * The central service's classes and pupils per location (steps 4 and 5) and their comparison with the confirmed
 * import. Every query is scoped to one BRIN6; the renderer never filters another location's rows away itself.
 */

export interface RemoteClass {
  readonly key: string;
  readonly naam: string;
  readonly jaargroep: string | null;
  readonly samengesteld: boolean;
  readonly leerlingen: number;
}

export interface RemotePupil {
  readonly key: string;
  readonly achternaam: string | null;
  readonly voorvoegsel: string | null;
  readonly roepnaam: string | null;
  readonly groep: string | null;
}

/** Replaces this location's roster with what the service sent, in one transaction, and stamps the fetch. */
/** This capability's sync mark (main/sync/marks.ts): when the roster was fetched. */
const ROSTER = 'roster';

export function replaceRoster(db: Database.Database, brin6: string, classes: readonly RemoteClass[], pupils: readonly RemotePupil[], at: Date = new Date()): void {
  const insertClass = db.prepare('INSERT OR REPLACE INTO remote_classes (brin6, key, naam, jaargroep, samengesteld, leerlingen) VALUES (?, ?, ?, ?, ?, ?)');
  const insertPupil = db.prepare('INSERT OR REPLACE INTO remote_pupils (brin6, key, achternaam, voorvoegsel, roepnaam, groep) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.prepare('DELETE FROM remote_classes WHERE brin6 = ?').run(brin6);
    db.prepare('DELETE FROM remote_pupils WHERE brin6 = ?').run(brin6);
    for (const c of classes) insertClass.run(brin6, c.key, c.naam, c.jaargroep, c.samengesteld ? 1 : 0, c.leerlingen);
    for (const p of pupils) insertPupil.run(brin6, p.key, p.achternaam, p.voorvoegsel, p.roepnaam, p.groep);
    setSyncMarks(db, brin6, ROSTER, { 'fetched-at': at.toISOString() });
  }).immediate();
}

export function rosterFetchedAt(db: Database.Database, brin6: string): string | null {
  return syncMark(db, brin6, ROSTER, 'fetched-at');
}

/**
 * Whether a sync round should download the roster: only once the confirmed import is delivered, and then when it
 * was never fetched, when an upload was delivered since the last fetch, or when the user asked (`explicit`).
 * So the 30-second background rounds do not download 100,000 pupils when nothing changed.
 */
export function rosterDue(db: Database.Database, brin6: string, explicit: boolean): boolean {
  if (uploadState(db, brin6) !== 'delivered') return false;
  const fetched = rosterFetchedAt(db, brin6);
  const delivered = schoolDataDeliveredAt(db, brin6);
  if (!fetched) return true;
  if (delivered && delivered > fetched) return true;
  return explicit;
}


function confirmedImportId(db: Database.Database, brin6: string): number | null {
  return importId(db, brin6, 'confirmed');
}

const EMPTY_TOTALS = { classes: 0, mismatched: 0, pupilsInImport: 0, pupilsAtService: 0 };

/**
 * Step 5, per class: pupils in the confirmed import and at the service, and how many are missing or extra. A
 * samengestelde groep (cluster) is compared by count only: the service does not say who is in which cluster.
 */
export function rosterClasses(db: Database.Database, brin6: string): Roster {
  // A location switch asks for this twice (progress and step 5): computed once while nothing was written since.
  // total_changes() counts this connection's writes, data_version moves when another connection (the import worker)
  // commits; together they say "the database is as it was".
  const stamp = `${db.prepare('SELECT total_changes()').pluck().get() as number}:${db.pragma('data_version', { simple: true }) as number}`;
  let memo = rosterMemo.get(db);
  if (!memo) rosterMemo.set(db, (memo = new Map()));
  const cached = memo.get(brin6);
  if (cached?.stamp === stamp) return cached.roster;
  const roster = computeRosterClasses(db, brin6);
  memo.set(brin6, { stamp, roster });
  return roster;
}

const rosterMemo = new WeakMap<Database.Database, Map<string, { stamp: string; roster: Roster }>>();

function computeRosterClasses(db: Database.Database, brin6: string): Roster {
  const importId = confirmedImportId(db, brin6);
  const fetchedAt = rosterFetchedAt(db, brin6);
  const hasConfirmedImport = importId !== null;
  const readiness = checkReadiness({ hasConfirmedImport, upload: uploadState(db, brin6), fetchedAt, deliveredAt: schoolDataDeliveredAt(db, brin6) });
  const base = { brin6, fetchedAt, hasConfirmedImport, readiness };
  if (importId === null || fetchedAt === null) return { ...base, classes: [], totals: EMPTY_TOTALS };

  type Info = { key: string; naam: string; jaargroep: string | null; samengesteld: number };
  const importClasses = db.prepare('SELECT key, naam, jaargroep, samengesteld FROM import_groepen WHERE import_id = ?').all(importId) as Info[];
  const remoteClasses = db.prepare('SELECT key, naam, jaargroep, samengesteld, leerlingen FROM remote_classes WHERE brin6 = ?').all(brin6) as Array<Info & { leerlingen: number }>;
  // Stamgroep: members and those the service lacks (not there, or in another class).
  const stam = new Map(
    (db.prepare(
      `SELECT l.groep_key AS key, COUNT(*) AS n, SUM(r.key IS NULL OR r.groep IS NOT l.groep_key) AS missing
       FROM import_leerlingen l LEFT JOIN remote_pupils r ON r.brin6 = ? AND r.key = l.key
       WHERE l.import_id = ? AND l.groep_key IS NOT NULL GROUP BY l.groep_key`,
    ).all(brin6, importId) as Array<{ key: string; n: number; missing: number }>).map((r) => [r.key, r]),
  );
  const clusters = new Map(
    (db.prepare('SELECT groep_key AS key, COUNT(*) AS n FROM import_leerling_clusters WHERE import_id = ? GROUP BY groep_key').all(importId) as Array<{ key: string; n: number }>).map(
      (r) => [r.key, r.n],
    ),
  );
  const extra = new Map(
    (db.prepare(
      `SELECT r.groep AS key, SUM(l.key IS NULL OR l.groep_key IS NOT r.groep) AS extra
       FROM remote_pupils r LEFT JOIN import_leerlingen l ON l.import_id = ? AND l.key = r.key
       WHERE r.brin6 = ? AND r.groep IS NOT NULL GROUP BY r.groep`,
    ).all(importId, brin6) as Array<{ key: string; extra: number }>).map((r) => [r.key, r.extra]),
  );

  const byKey = new Map<string, { info: Info; inImport: boolean; atService: number | null }>();
  for (const c of importClasses) byKey.set(c.key, { info: c, inImport: true, atService: null });
  for (const c of remoteClasses) {
    const known = byKey.get(c.key);
    if (known) known.atService = c.leerlingen;
    else byKey.set(c.key, { info: c, inImport: false, atService: c.leerlingen });
  }
  const classes: RosterClass[] = [];
  for (const { info, inImport: present, atService } of byKey.values()) {
    const samengesteld = info.samengesteld === 1;
    const inImport = present ? (samengesteld ? (clusters.get(info.key) ?? 0) : (stam.get(info.key)?.n ?? 0)) : null;
    let missing: number;
    let extraCount: number;
    if (samengesteld) {
      missing = Math.max(0, (inImport ?? 0) - (atService ?? 0));
      extraCount = Math.max(0, (atService ?? 0) - (inImport ?? 0));
    } else {
      missing = present ? (stam.get(info.key)?.missing ?? 0) : 0;
      extraCount = atService === null ? 0 : (extra.get(info.key) ?? 0);
    }
    const status: RosterClass['status'] =
      inImport === null ? 'only-service' : atService === null ? 'only-import' : missing > 0 || extraCount > 0 || inImport !== atService ? 'mismatch' : 'ok';
    classes.push({ key: info.key, naam: info.naam, jaargroep: info.jaargroep, samengesteld, inImport, atService, missing, extra: extraCount, status });
  }
  const collator = new Intl.Collator('nl', { numeric: true, sensitivity: 'base' });
  classes.sort((a, b) => Number(a.samengesteld) - Number(b.samengesteld) || collator.compare(a.naam, b.naam) || (a.key < b.key ? -1 : 1));
  const pupilsInImport = db.prepare('SELECT COUNT(*) FROM import_leerlingen WHERE import_id = ?').pluck().get(importId) as number;
  const pupilsAtService = db.prepare('SELECT COUNT(*) FROM remote_pupils WHERE brin6 = ?').pluck().get(brin6) as number;
  return {
    ...base,
    classes,
    totals: { classes: classes.length, mismatched: classes.filter((c) => c.status !== 'ok').length, pupilsInImport, pupilsAtService },
  };
}

type PupilRow = { key: string; name: string; achternaam: string | null; groep: string | null; groepNaam: string | null; status: RosterPupil['status'] };

function sortPupils(rows: PupilRow[]): RosterPupil[] {
  const collator = new Intl.Collator('nl', { sensitivity: 'base', numeric: true });
  rows.sort((a, b) => collator.compare(a.achternaam ?? '', b.achternaam ?? '') || collator.compare(a.name, b.name) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rows.map(({ key, name, groep, groepNaam, status }) => ({ key, name, groep, groepNaam, status }));
}

/**
 * One class: the import's pupils (ok when the service has them in the same class, else missing) and the service's
 * pupils of that class the import does not have there (extra). For a samengestelde groep the import's members, ok
 * when the service has the pupil at all.
 */
export function rosterClassPupils(db: Database.Database, brin6: string, classKey: string): RosterPupil[] {
  const importId = confirmedImportId(db, brin6) ?? -1;
  const samengesteld =
    (db.prepare('SELECT samengesteld FROM import_groepen WHERE import_id = ? AND key = ?').pluck().get(importId, classKey) as number | undefined) ??
    (db.prepare('SELECT samengesteld FROM remote_classes WHERE brin6 = ? AND key = ?').pluck().get(brin6, classKey) as number | undefined);
  if (samengesteld === undefined) return [];
  const groepNaam = `COALESCE((SELECT naam FROM import_groepen g WHERE g.import_id = @importId AND g.key = ${'%GROEP%'}),
                              (SELECT naam FROM remote_classes c WHERE c.brin6 = @brin6 AND c.key = ${'%GROEP%'}))`;
  const params = { importId, brin6, classKey };
  if (samengesteld === 1) {
    const rows = db
      .prepare(
        `SELECT l.key AS key, ${pupilNameSql('l')} AS name, l.achternaam AS achternaam, l.groep_key AS groep,
                ${groepNaam.replaceAll('%GROEP%', 'l.groep_key')} AS groepNaam,
                CASE WHEN EXISTS (SELECT 1 FROM remote_pupils r WHERE r.brin6 = @brin6 AND r.key = l.key) THEN 'ok' ELSE 'missing' END AS status
         FROM import_leerling_clusters m JOIN import_leerlingen l ON l.import_id = m.import_id AND l.key = m.leerling_key
         WHERE m.import_id = @importId AND m.groep_key = @classKey`,
      )
      .all(params) as PupilRow[];
    return sortPupils(rows);
  }
  const fromImport = db
    .prepare(
      `SELECT l.key AS key, ${pupilNameSql('l')} AS name, l.achternaam AS achternaam, l.groep_key AS groep,
              ${groepNaam.replaceAll('%GROEP%', 'l.groep_key')} AS groepNaam,
              CASE WHEN EXISTS (SELECT 1 FROM remote_pupils r WHERE r.brin6 = @brin6 AND r.key = l.key AND r.groep = l.groep_key) THEN 'ok' ELSE 'missing' END AS status
       FROM import_leerlingen l WHERE l.import_id = @importId AND l.groep_key = @classKey`,
    )
    .all(params) as PupilRow[];
  const fromService = db
    .prepare(
      `SELECT r.key AS key, ${pupilNameSql('r', false)} AS name, r.achternaam AS achternaam, r.groep AS groep,
              ${groepNaam.replaceAll('%GROEP%', 'r.groep')} AS groepNaam, 'extra' AS status
       FROM remote_pupils r WHERE r.brin6 = @brin6 AND r.groep = @classKey
         AND NOT EXISTS (SELECT 1 FROM import_leerlingen l WHERE l.import_id = @importId AND l.key = r.key AND l.groep_key = r.groep)`,
    )
    .all(params) as PupilRow[];
  return sortPupils([...fromImport, ...fromService]);
}

export const SEARCH_LIMIT = 200;

/** `LIKE` pattern for "contains", with the wildcards in the query itself taken literally. */
export function containsPattern(query: string): string {
  return `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Pupils by name or key across the confirmed import and the service (at most 200), each key once: the import's row
 * (ok, or missing when the service lacks it in that class), or the service's when the import lacks the pupil (extra).
 */
export function searchPupils(db: Database.Database, brin6: string, query: string): RosterPupil[] {
  const params = { importId: confirmedImportId(db, brin6) ?? -1, brin6, pattern: containsPattern(query.trim()), limit: SEARCH_LIMIT };
  const fromImport = db
    .prepare(
      `SELECT l.key AS key, ${pupilNameSql('l')} AS name, l.achternaam AS achternaam, l.groep_key AS groep,
              (SELECT naam FROM import_groepen g WHERE g.import_id = l.import_id AND g.key = l.groep_key) AS groepNaam,
              CASE WHEN EXISTS (SELECT 1 FROM remote_pupils r WHERE r.brin6 = @brin6 AND r.key = l.key AND r.groep IS l.groep_key) THEN 'ok' ELSE 'missing' END AS status
       FROM import_leerlingen l
       WHERE l.import_id = @importId
         AND (l.key LIKE @pattern ESCAPE '\\' OR ${pupilNameSql('l')} LIKE @pattern ESCAPE '\\'
              OR l.voornamen LIKE @pattern ESCAPE '\\' OR l.achternaam LIKE @pattern ESCAPE '\\')
       LIMIT @limit`,
    )
    .all(params) as PupilRow[];
  const fromService = db
    .prepare(
      `SELECT r.key AS key, ${pupilNameSql('r', false)} AS name, r.achternaam AS achternaam, r.groep AS groep,
              (SELECT naam FROM remote_classes c WHERE c.brin6 = r.brin6 AND c.key = r.groep) AS groepNaam, 'extra' AS status
       FROM remote_pupils r
       WHERE r.brin6 = @brin6
         AND NOT EXISTS (SELECT 1 FROM import_leerlingen l WHERE l.import_id = @importId AND l.key = r.key)
         AND (r.key LIKE @pattern ESCAPE '\\' OR ${pupilNameSql('r', false)} LIKE @pattern ESCAPE '\\' OR r.achternaam LIKE @pattern ESCAPE '\\')
       LIMIT @limit`,
    )
    .all(params) as PupilRow[];
  return sortPupils([...fromImport, ...fromService]).slice(0, SEARCH_LIMIT);
}
