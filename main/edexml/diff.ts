import type Database from 'better-sqlite3';
import type { RemovalFacts } from '../../shared/domain/import-guard';

/**
 * What confirming an import would change, computed in SQLite between two stored imports (the confirmed one and the
 * new pending one), so even 100,000 pupils are compared without loading them into memory. Keys only: the screen
 * looks names up when it shows a row; the report carries no personal data.
 */
export interface Changed {
  readonly key: string;
  readonly fields: readonly string[];
}

export interface Moved {
  readonly key: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface SchoolDataDiff {
  /** No confirmed data yet: everything is new. */
  readonly first: boolean;
  readonly groepen: { readonly added: readonly string[]; readonly removed: readonly string[]; readonly changed: readonly Changed[] };
  readonly leerlingen: {
    readonly added: readonly string[];
    readonly removed: readonly string[];
    readonly changed: readonly Changed[];
    /** Pupils whose class (groep) changed. */
    readonly moved: readonly Moved[];
  };
  readonly leerkrachten: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

/** Pupil fields compared (their change is shown in step 3); the class is reported as a move as well. */
const LEERLING_FIELDS = ['eckid', 'achternaam', 'voorvoegsel', 'voornamen', 'voorletters', 'roepnaam', 'geboortedatum', 'geslacht', 'jaargroep', 'vestiging_key', 'gebruikersnaam', 'emailadres', 'groep_key'] as const;
const GROEP_FIELDS = ['naam', 'jaargroep', 'samengesteld'] as const;
const FIELD_NAMES: Record<string, string> = { vestiging_key: 'vestiging', groep_key: 'groep' };

function keys(db: Database.Database, sql: string, a: number, b: number): string[] {
  return (db.prepare(sql).pluck().all(a, b) as string[]);
}

function addedRemoved(db: Database.Database, table: string, oldId: number, newId: number) {
  const only = `SELECT n.key FROM ${table} n WHERE n.import_id = ? AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.import_id = ? AND o.key = n.key) ORDER BY n.key`;
  return { added: keys(db, only, newId, oldId), removed: keys(db, only, oldId, newId) };
}

function changed(db: Database.Database, table: string, fields: readonly string[], oldId: number, newId: number, extra = ''): Changed[] {
  const flags = fields.map((f) => `(n.${f} IS NOT o.${f}) AS ${f}`).join(', ');
  const any = fields.map((f) => `n.${f} IS NOT o.${f}`).join(' OR ');
  const rows = db
    .prepare(`SELECT n.key AS key, ${flags}${extra ? `, ${extra}` : ''} FROM ${table} n JOIN ${table} o ON o.import_id = ? AND o.key = n.key
              WHERE n.import_id = ? AND (${any}${extra ? ` OR ${extra.replace(/ AS \w+$/, '')}` : ''}) ORDER BY n.key`)
    .all(oldId, newId) as Array<Record<string, string | number>>;
  return rows.map((row) => ({
    key: String(row['key']),
    fields: [...fields, ...(extra ? ['samengesteldeGroepen'] : [])].filter((f) => row[f === 'samengesteldeGroepen' ? 'clusters' : f] === 1).map((f) => FIELD_NAMES[f] ?? f),
  }));
}

export function diffImports(db: Database.Database, oldId: number | null, newId: number): SchoolDataDiff {
  if (oldId === null) {
    const all = (table: string) => db.prepare(`SELECT key FROM ${table} WHERE import_id = ? ORDER BY key`).pluck().all(newId) as string[];
    return {
      first: true,
      groepen: { added: all('import_groepen'), removed: [], changed: [] },
      leerlingen: { added: all('import_leerlingen'), removed: [], changed: [], moved: [] },
      leerkrachten: { added: all('import_leerkrachten'), removed: [] },
    };
  }
  // Cluster memberships differ when the two sorted lists differ.
  const clusters = `((SELECT group_concat(groep_key, ' ') FROM (SELECT groep_key FROM import_leerling_clusters WHERE import_id = n.import_id AND leerling_key = n.key ORDER BY groep_key))
      IS NOT (SELECT group_concat(groep_key, ' ') FROM (SELECT groep_key FROM import_leerling_clusters WHERE import_id = o.import_id AND leerling_key = o.key ORDER BY groep_key))) AS clusters`;
  const leerlingChanged = changed(db, 'import_leerlingen', LEERLING_FIELDS, oldId, newId, clusters);
  const moved = db
    .prepare(`SELECT n.key AS key, o.groep_key AS "from", n.groep_key AS "to" FROM import_leerlingen n
              JOIN import_leerlingen o ON o.import_id = ? AND o.key = n.key
              WHERE n.import_id = ? AND n.groep_key IS NOT o.groep_key ORDER BY n.key`)
    .all(oldId, newId) as Moved[];
  return {
    first: false,
    groepen: { ...addedRemoved(db, 'import_groepen', oldId, newId), changed: changed(db, 'import_groepen', GROEP_FIELDS, oldId, newId) },
    leerlingen: { ...addedRemoved(db, 'import_leerlingen', oldId, newId), changed: leerlingChanged, moved },
    leerkrachten: addedRemoved(db, 'import_leerkrachten', oldId, newId),
  };
}

/** What the guard against destructive files needs to know of confirming `newId` over `oldId` (counts only, in SQL). */
export function removalFacts(db: Database.Database, oldId: number | null, newId: number): RemovalFacts {
  const schoolkey = (id: number | null) => (id === null ? null : ((db.prepare('SELECT schoolkey FROM imports WHERE id = ?').pluck().get(id) as string | null | undefined) ?? null));
  if (oldId === null) {
    return { confirmedPupils: 0, removedPupils: 0, pupilsInRemovedClasses: 0, removedClasses: 0, schoolkeyBefore: null, schoolkeyAfter: schoolkey(newId) };
  }
  const count = (sql: string) => db.prepare(sql).pluck().get(oldId, newId) as number;
  return {
    confirmedPupils: db.prepare('SELECT COUNT(*) FROM import_leerlingen WHERE import_id = ?').pluck().get(oldId) as number,
    removedPupils: count('SELECT COUNT(*) FROM import_leerlingen o WHERE o.import_id = ? AND NOT EXISTS (SELECT 1 FROM import_leerlingen n WHERE n.import_id = ? AND n.key = o.key)'),
    removedClasses: count('SELECT COUNT(*) FROM import_groepen o WHERE o.import_id = ? AND o.samengesteld = 0 AND NOT EXISTS (SELECT 1 FROM import_groepen n WHERE n.import_id = ? AND n.key = o.key)'),
    pupilsInRemovedClasses: db
      .prepare(
        `SELECT COUNT(*) FROM import_leerlingen o WHERE o.import_id = ? AND o.groep_key IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM import_groepen n WHERE n.import_id = ? AND n.key = o.groep_key)`,
      )
      .pluck()
      .get(oldId, newId) as number,
    schoolkeyBefore: schoolkey(oldId),
    schoolkeyAfter: schoolkey(newId),
  };
}

/** "9 nieuw, 1.804 verwijderd, 3 gewijzigd, 2 naar een andere klas": the pupils' side of a diff, for the log. */
export function diffSummary(diff: SchoolDataDiff): string {
  const l = diff.leerlingen;
  const nl = (n: number) => n.toLocaleString('nl-NL');
  return `leerlingen ${nl(l.added.length)} nieuw, ${nl(l.removed.length)} verwijderd, ${nl(l.changed.length)} gewijzigd, ${nl(l.moved.length)} naar een andere klas; klassen ${nl(diff.groepen.added.length)} nieuw, ${nl(diff.groepen.removed.length)} verwijderd`;
}
