import type Database from 'better-sqlite3';
import type { RemovalFacts } from '../../shared/domain/import-guard';
import { dutchNumber as nl } from '../../shared/domain/names';

/**
 * What confirming an import would change, computed in SQLite between two stored imports (the confirmed one and the
 * new pending one), so even 100,000 pupils are compared without loading them into memory. Keys only: the screen
 * looks names up when it shows a row; the report carries no personal data.
 */
export interface FieldChange {
  /** The field as the screens name it ("achternaam", "groep", "sleutel", "samengesteldeGroepen"). */
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface Changed {
  readonly key: string;
  readonly fields: readonly string[];
  /** Old → new per changed field (keys for groep and vestiging; the screen looks their names up). */
  readonly changes: readonly FieldChange[];
  /** Set when the pupil was re-keyed: the key in the confirmed data (the eck-id is the same). */
  readonly previousKey?: string;
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
    /** Includes re-keyed pupils (same eck-id, another key): one changed pupil, not one removed and one added. */
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

/** A pupil's cluster groups as one sorted, space-separated text (for alias `x` of import_leerlingen). */
const clustersOf = (x: string) =>
  `(SELECT group_concat(groep_key, ' ') FROM (SELECT groep_key FROM import_leerling_clusters WHERE import_id = ${x}.import_id AND leerling_key = ${x}.key ORDER BY groep_key))`;

/**
 * Rows of `table` paired old ↔ new (`pairing`: the join condition on `o` and `n`; or `from`, a whole FROM clause that
 * names them), with the fields that differ and their old and new values. `clusters`: compare pupils' cluster
 * memberships too.
 */
function changedRows(db: Database.Database, table: string, fields: readonly string[], pairing: string, params: unknown[], clusters: boolean, from?: string): Changed[] {
  const all = [...fields.map((f) => ({ name: f, o: `o.${f}`, n: `n.${f}` })), ...(clusters ? [{ name: 'samengesteldeGroepen', o: clustersOf('o'), n: clustersOf('n') }] : [])];
  const select = all.map((f, i) => `${f.o} AS o${i}, ${f.n} AS n${i}`).join(', ');
  const any = all.map((f) => `${f.n} IS NOT ${f.o}`).join(' OR ');
  const rows = db
    .prepare(`SELECT n.key AS key, o.key AS oldKey, ${select} FROM ${from ?? `${table} n JOIN ${table} o ON ${pairing}`} WHERE (${any}) OR o.key <> n.key ORDER BY n.key`)
    .all(...params) as Array<Record<string, string | number | null>>;
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));
  return rows.map((row) => {
    const changes: FieldChange[] = [];
    if (row['oldKey'] !== row['key']) changes.push({ field: 'sleutel', from: text(row['oldKey']), to: text(row['key']) });
    all.forEach((f, i) => {
      if (row[`o${i}`] !== row[`n${i}`]) changes.push({ field: FIELD_NAMES[f.name] ?? f.name, from: text(row[`o${i}`]), to: text(row[`n${i}`]) });
    });
    const key = String(row['key']);
    return { key, fields: changes.map((c) => c.field), changes, ...(row['oldKey'] !== row['key'] ? { previousKey: String(row['oldKey']) } : {}) };
  });
}

/**
 * Pupils with another key but the same eck-id (UWLR 2.3 makes the eck-id the primary pupil identifier): the old key
 * is gone from the new file and the new key was not in the old one, and the eck-id is unique on both sides.
 * Linear (issue 31): the pupils only one side has are found through the primary key, matched by eck-id in a hash
 * map, and eck-ids are counted in one pass per import — never a join of eck-ids without an index (that was
 * quadratic: 5,000 re-keyed pupils took 3 s, 30,000 several minutes).
 */
function rekeyedPupils(db: Database.Database, oldId: number, newId: number): Array<{ from: string; to: string }> {
  const onlyIn = db.prepare(
    `SELECT a.key AS key, a.eckid AS eckid FROM import_leerlingen a WHERE a.import_id = ? AND a.eckid IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM import_leerlingen b WHERE b.import_id = ? AND b.key = a.key)`,
  );
  const gone = onlyIn.all(oldId, newId) as Array<{ key: string; eckid: string }>;
  if (gone.length === 0) return [];
  const arrived = onlyIn.all(newId, oldId) as Array<{ key: string; eckid: string }>;
  if (arrived.length === 0) return [];
  // An eck-id that occurs twice in either import identifies nobody for sure: such pupils are removed and added.
  const duplicates = db.prepare('SELECT eckid FROM import_leerlingen WHERE import_id = ? AND eckid IS NOT NULL GROUP BY eckid HAVING COUNT(*) > 1').pluck();
  const ambiguous = new Set([...(duplicates.all(oldId) as string[]), ...(duplicates.all(newId) as string[])]);
  const from = new Map<string, string>();
  for (const o of gone) if (!ambiguous.has(o.eckid)) from.set(o.eckid, o.key);
  const pairs: Array<{ from: string; to: string }> = [];
  for (const n of arrived) {
    const old = ambiguous.has(n.eckid) ? undefined : from.get(n.eckid);
    if (old !== undefined) pairs.push({ from: old, to: n.key });
  }
  return pairs.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
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
  const rekeyed = rekeyedPupils(db, oldId, newId);
  const rekeyedFrom = new Set(rekeyed.map((r) => r.from));
  const rekeyedTo = new Set(rekeyed.map((r) => r.to));
  const byKey = changedRows(db, 'import_leerlingen', LEERLING_FIELDS, 'o.import_id = ? AND o.key = n.key AND n.import_id = ?', [oldId, newId], true);
  // Every re-keyed pair in one query: the pairs as a JSON array, each side found by its primary key (CROSS JOIN keeps
  // that order: SQLite would otherwise scan the array inside both imports, a cube of the pupils).
  const byEckid =
    rekeyed.length === 0
      ? []
      : changedRows(db, 'import_leerlingen', LEERLING_FIELDS, '', [JSON.stringify(rekeyed.map((r) => [r.from, r.to])), newId, oldId], true, `json_each(?) p
           CROSS JOIN import_leerlingen n ON n.import_id = ? AND n.key = json_extract(p.value, '$[1]')
           CROSS JOIN import_leerlingen o ON o.import_id = ? AND o.key = json_extract(p.value, '$[0]')`);
  const leerlingChanged = [...byKey, ...byEckid].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const moved = leerlingChanged
    .map((c) => ({ key: c.key, change: c.changes.find((x) => x.field === 'groep') }))
    .filter((m): m is { key: string; change: FieldChange } => m.change !== undefined)
    .map((m) => ({ key: m.key, from: m.change.from, to: m.change.to }));
  const pupils = addedRemoved(db, 'import_leerlingen', oldId, newId);
  return {
    first: false,
    groepen: { ...addedRemoved(db, 'import_groepen', oldId, newId), changed: changedRows(db, 'import_groepen', GROEP_FIELDS, 'o.import_id = ? AND o.key = n.key AND n.import_id = ?', [oldId, newId], false) },
    leerlingen: {
      added: pupils.added.filter((k) => !rekeyedTo.has(k)),
      removed: pupils.removed.filter((k) => !rekeyedFrom.has(k)),
      changed: leerlingChanged,
      moved,
    },
    leerkrachten: addedRemoved(db, 'import_leerkrachten', oldId, newId),
  };
}

/** How many of each kind a diff has: what the confirm's log line, its summary and the guard need. */
export interface DiffCounts {
  readonly first: boolean;
  readonly groepen: { readonly added: number; readonly removed: number; readonly changed: number };
  readonly leerlingen: { readonly added: number; readonly removed: number; readonly changed: number; readonly moved: number };
}

export function countsOf(diff: SchoolDataDiff): DiffCounts {
  const l = diff.leerlingen;
  return { first: diff.first, groepen: { added: diff.groepen.added.length, removed: diff.groepen.removed.length, changed: diff.groepen.changed.length }, leerlingen: { added: l.added.length, removed: l.removed.length, changed: l.changed.length, moved: l.moved.length } };
}

/**
 * The counts of `diffImports`, computed in SQL without building a row per changed pupil (issue 31: confirming a file
 * of 30,000 re-keyed pupils built 30,000 rows of old → new only to count them). Equal to countsOf(diffImports(…)),
 * property-tested.
 */
export function diffCounts(db: Database.Database, oldId: number | null, newId: number): DiffCounts {
  const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
  const only = (table: string) => `SELECT COUNT(*) FROM ${table} n WHERE n.import_id = ? AND NOT EXISTS (SELECT 1 FROM ${table} o WHERE o.import_id = ? AND o.key = n.key)`;
  if (oldId === null) {
    return {
      first: true,
      groepen: { added: count('SELECT COUNT(*) FROM import_groepen WHERE import_id = ?', newId), removed: 0, changed: 0 },
      leerlingen: { added: count('SELECT COUNT(*) FROM import_leerlingen WHERE import_id = ?', newId), removed: 0, changed: 0, moved: 0 },
    };
  }
  const rekeyed = rekeyedPupils(db, oldId, newId);
  const fields = [...LEERLING_FIELDS.map((f) => `n.${f} IS NOT o.${f}`), `${clustersOf('n')} IS NOT ${clustersOf('o')}`].join(' OR ');
  const byKey = 'import_leerlingen n JOIN import_leerlingen o ON o.import_id = ? AND o.key = n.key AND n.import_id = ?';
  const pairs = `json_each(?) p
     CROSS JOIN import_leerlingen n ON n.import_id = ? AND n.key = json_extract(p.value, '$[1]')
     CROSS JOIN import_leerlingen o ON o.import_id = ? AND o.key = json_extract(p.value, '$[0]')`;
  const pairList = JSON.stringify(rekeyed.map((r) => [r.from, r.to]));
  return {
    first: false,
    groepen: {
      added: count(only('import_groepen'), newId, oldId),
      removed: count(only('import_groepen'), oldId, newId),
      changed: count(
        `SELECT COUNT(*) FROM import_groepen n JOIN import_groepen o ON o.import_id = ? AND o.key = n.key AND n.import_id = ? WHERE ${GROEP_FIELDS.map((f) => `n.${f} IS NOT o.${f}`).join(' OR ')}`,
        oldId,
        newId,
      ),
    },
    leerlingen: {
      added: count(only('import_leerlingen'), newId, oldId) - rekeyed.length,
      removed: count(only('import_leerlingen'), oldId, newId) - rekeyed.length,
      // A re-keyed pupil is changed (its key is), whatever else changed.
      changed: count(`SELECT COUNT(*) FROM ${byKey} WHERE ${fields}`, oldId, newId) + rekeyed.length,
      moved:
        count(`SELECT COUNT(*) FROM ${byKey} WHERE n.groep_key IS NOT o.groep_key`, oldId, newId) +
        (rekeyed.length === 0 ? 0 : count(`SELECT COUNT(*) FROM ${pairs} WHERE n.groep_key IS NOT o.groep_key`, pairList, newId, oldId)),
    },
  };
}

/**
 * What the guard against destructive files needs to know of confirming `newId` over `oldId`: counts, in SQL, and per
 * class of the confirmed data how many pupils leave (matched by key, else eck-id, as the diff does) — keys only.
 */
export function removalFacts(db: Database.Database, oldId: number | null, newId: number, diff?: SchoolDataDiff | DiffCounts): RemovalFacts {
  const school = (id: number | null) => (id === null ? null : ((db.prepare('SELECT schoolkey, schooljaar FROM imports WHERE id = ?').get(id) as { schoolkey: string | null; schooljaar: string | null } | undefined) ?? null));
  if (oldId === null) {
    return { confirmedPupils: 0, removedPupils: 0, pupilsInRemovedClasses: 0, removedClasses: 0, schoolkeyBefore: null, schoolkeyAfter: school(newId)?.schoolkey ?? null };
  }
  const rekeyed = new Set(rekeyedPupils(db, oldId, newId).map((p) => p.from));
  // The pupils who leave: not in the new file by key, and not re-keyed (same eck-id under another key).
  const gone = (
    db
      .prepare('SELECT o.key AS key, o.groep_key AS classKey FROM import_leerlingen o WHERE o.import_id = ? AND NOT EXISTS (SELECT 1 FROM import_leerlingen n WHERE n.import_id = ? AND n.key = o.key)')
      .all(oldId, newId) as Array<{ key: string; classKey: string | null }>
  ).filter((p) => !rekeyed.has(p.key));
  const removedClassKeys = new Set(
    db.prepare('SELECT o.key FROM import_groepen o WHERE o.import_id = ? AND o.samengesteld = 0 AND NOT EXISTS (SELECT 1 FROM import_groepen n WHERE n.import_id = ? AND n.key = o.key)').pluck().all(oldId, newId) as string[],
  );
  const leftBy = new Map<string | null, number>();
  for (const p of gone) leftBy.set(p.classKey, (leftBy.get(p.classKey) ?? 0) + 1);
  const classes = db
    .prepare(
      `SELECT o.groep_key AS classKey, COALESCE(MAX(g.jaargroep), MAX(o.jaargroep)) AS jaargroep, COUNT(*) AS total
       FROM import_leerlingen o LEFT JOIN import_groepen g ON g.import_id = o.import_id AND g.key = o.groep_key
       WHERE o.import_id = ? GROUP BY o.groep_key`,
    )
    .all(oldId) as Array<{ classKey: string | null; jaargroep: string | null; total: number }>;
  const before = school(oldId);
  const after = school(newId);
  const startYear = (schooljaar: string | null | undefined) => Number(/^(\d{4})/.exec(schooljaar ?? '')?.[1] ?? NaN);
  return {
    confirmedPupils: db.prepare('SELECT COUNT(*) FROM import_leerlingen WHERE import_id = ?').pluck().get(oldId) as number,
    // Re-keyed pupils (same eck-id) are not removed; the diff, when given, already counted them out.
    removedPupils: (diff ? (typeof diff.leerlingen.removed === 'number' ? diff.leerlingen.removed : diff.leerlingen.removed.length) : undefined) ?? gone.length,
    removedClasses: removedClassKeys.size,
    // Only pupils who leave with their class: a class whose pupils went on into other classes removes nobody.
    pupilsInRemovedClasses: gone.filter((p) => p.classKey !== null && removedClassKeys.has(p.classKey)).length,
    schoolkeyBefore: before?.schoolkey ?? null,
    schoolkeyAfter: after?.schoolkey ?? null,
    nextYear: startYear(after?.schooljaar) > startYear(before?.schooljaar),
    leaverGroups: classes.map((c) => ({ ...c, left: leftBy.get(c.classKey) ?? 0 })),
  };
}

/** "9 nieuw, 1.804 verwijderd, 3 gewijzigd, 2 naar een andere klas": the pupils' side of a diff, for the log. */
export function diffSummary(counts: DiffCounts): string {
  const l = counts.leerlingen;
  return `leerlingen ${nl(l.added)} nieuw, ${nl(l.removed)} verwijderd, ${nl(l.changed)} gewijzigd, ${nl(l.moved)} naar een andere klas; klassen ${nl(counts.groepen.added)} nieuw, ${nl(counts.groepen.removed)} verwijderd`;
}

/** Every table that holds an import's content (beside `imports`' own school fields). */
const CONTENT_TABLES = ['import_vestigingen', 'import_groepen', 'import_leerlingen', 'import_leerling_clusters', 'import_leerkrachten', 'import_leerkracht_groepen'] as const;

/**
 * Whether two imports hold exactly the same data (issue 31: a file identical to the confirmed one offers nothing to
 * confirm). Per content table, the same number of rows and none of one missing from the other (EXCEPT, every column
 * but the import id — read from the table, so a column added later counts too); and the same school year and schoolkey.
 */
export function sameData(db: Database.Database, oneId: number, otherId: number): boolean {
  const school = db.prepare('SELECT schooljaar, schoolkey FROM imports WHERE id = ?');
  if (JSON.stringify(school.get(oneId)) !== JSON.stringify(school.get(otherId))) return false;
  return CONTENT_TABLES.every((table) => {
    const columns = (db.prepare(`SELECT name FROM pragma_table_info('${table}') WHERE name <> 'import_id'`).pluck().all() as string[]).join(', ');
    const rows = db.prepare(`SELECT COUNT(*) FROM ${table} WHERE import_id = ?`).pluck();
    if (rows.get(oneId) !== rows.get(otherId)) return false;
    return db.prepare(`SELECT 1 FROM (SELECT ${columns} FROM ${table} WHERE import_id = ? EXCEPT SELECT ${columns} FROM ${table} WHERE import_id = ?) LIMIT 1`).get(oneId, otherId) === undefined;
  });
}
