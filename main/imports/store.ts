import type Database from 'better-sqlite3';
import type { Groep, Leerkracht, Leerling, SchoolData, SchoolIdentification, Vestiging } from '../../shared/edexml/model';
import type { ModelSink } from '../edexml/model/builder';
import { ensureLocation, renamePlaceholder } from '../locations/locations';
import { ServiceError } from '../errors/service-error';
import type { UnmatchablePupil } from '../../shared/bridge/numo';

/** What the console remembers about an import besides the data: counts, findings, dropped kinds (JSON). */
export interface ImportMeta {
  readonly id: number;
  readonly brin6: string;
  readonly status: 'pending' | 'confirmed';
  readonly sourceName: string;
  readonly importedAt: string;
  readonly confirmedAt: string | null;
  readonly schooljaar: string;
  readonly summary: unknown;
}

export interface StoreOptions {
  readonly sourceName: string;
  readonly summary?: unknown;
  readonly now?: Date;
  /** Called after each chunk of rows, inside the transaction (progress; tests use it to fail half-way). */
  readonly onRows?: (rowsWritten: number) => void;
  /** The caller confirms right after (the CLI's `import --confirm`): hold the pending import until then (HOLD_MS). */
  readonly hold?: boolean;
}

/** How long a held pending import refuses another file at most (a command that died releases it this way). */
export const HOLD_MS = 2 * 60 * 1000;

const CHUNK = 5000;

/** A pending import being written: records go in through `sink` as they are read. */
export interface PendingImportWriter {
  readonly id: number;
  readonly sink: ModelSink;
  /** Records the school identification and summary once the whole file has been read. */
  finish(school: SchoolIdentification, summary: unknown): void;
}

/**
 * Starts this location's new *pending* import, replacing an earlier pending one. Call inside a transaction: the
 * caller commits when the whole file was read without blocking findings and rolls back otherwise, so an import is
 * all there or none of it is. The confirmed data stays in force until `confirmPendingImport`.
 */
export function beginPendingImport(db: Database.Database, brin6: string, options: StoreOptions): PendingImportWriter {
  if (!db.inTransaction) throw new Error('beginPendingImport must run inside a transaction');
  const now = (options.now ?? new Date()).toISOString();
  const placeholderName = `Locatie ${brin6}`;
  ensureLocation(db, brin6, placeholderName);
  // Another command stored a file to confirm right away and has not yet: never replace it under its feet.
  const held = db.prepare("SELECT source_name AS sourceName, held_until AS heldUntil FROM imports WHERE brin6 = ? AND status = 'pending' AND held_until > ?").get(brin6, now) as
    | { sourceName: string; heldUntil: string }
    | undefined;
  if (held) {
    throw new ServiceError(
      'invalid-input',
      `Een ander programma bevestigt op dit moment ${held.sourceName} voor ${brin6}; dit bestand is niet ingelezen, zodat dat bestand niet ongemerkt wordt vervangen. Probeer het over een minuut opnieuw.`,
    );
  }
  db.prepare("DELETE FROM imports WHERE brin6 = ? AND status = 'pending'").run(brin6);
  const heldUntil = options.hold ? new Date(Date.parse(now) + HOLD_MS).toISOString() : null;
  const id = Number(
    db
      .prepare(`INSERT INTO imports (brin6, status, schooljaar, source_name, imported_at, summary_json, held_until) VALUES (?, 'pending', '', ?, ?, '{}', ?)`)
      .run(brin6, options.sourceName, now, heldUntil).lastInsertRowid,
  );
  const insertLeerling = db.prepare(`INSERT OR IGNORE INTO import_leerlingen (import_id, key, eckid, achternaam, voorvoegsel, voornamen, voorletters,
      roepnaam, geboortedatum, geslacht, jaargroep, groep_key, vestiging_key, gebruikersnaam, emailadres)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCluster = db.prepare('INSERT OR IGNORE INTO import_leerling_clusters (import_id, leerling_key, groep_key) VALUES (?, ?, ?)');
  const insertGroep = db.prepare('INSERT OR IGNORE INTO import_groepen (import_id, key, naam, jaargroep, samengesteld) VALUES (?, ?, ?, ?, ?)');
  const insertVestiging = db.prepare('INSERT OR IGNORE INTO import_vestigingen (import_id, key, naam) VALUES (?, ?, ?)');
  const insertLeerkracht = db.prepare(`INSERT OR IGNORE INTO import_leerkrachten (import_id, key, eckid, achternaam, voorvoegsel, voornamen,
      voorletters, roepnaam, gebruikersnaam, emailadres, rollen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertLeerkrachtGroep = db.prepare(
    'INSERT OR IGNORE INTO import_leerkracht_groepen (import_id, leerkracht_key, groep_key, samengesteld) VALUES (?, ?, ?, ?)',
  );
  // OR IGNORE: a file with a duplicate key is read to the end so its findings can be reported (the XSD's key rules
  // make that a blocking finding, and the transaction is rolled back); the row store must not throw first.
  let rows = 0;
  let firstVestiging: string | null = null;
  const tick = () => {
    rows++;
    if (rows % CHUNK === 0) options.onRows?.(rows);
  };
  const sink: ModelSink = {
    vestiging(v) {
      firstVestiging ??= v.naam;
      insertVestiging.run(id, v.key, v.naam);
      tick();
    },
    groep(g) {
      insertGroep.run(id, g.key, g.naam, g.jaargroep, g.samengesteld ? 1 : 0);
      tick();
    },
    leerling(l) {
      insertLeerling.run(id, l.key, l.eckid, l.achternaam, l.voorvoegsel, l.voornamen, l.voorletters, l.roepnaam, l.geboortedatum,
        l.geslacht, l.jaargroep, l.groep, l.vestiging, l.gebruikersnaam, l.emailadres);
      for (const c of l.samengesteldeGroepen) insertCluster.run(id, l.key, c);
      tick();
    },
    leerkracht(t) {
      insertLeerkracht.run(id, t.key, t.eckid, t.achternaam, t.voorvoegsel, t.voornamen, t.voorletters, t.roepnaam, t.gebruikersnaam,
        t.emailadres, JSON.stringify(t.rollen));
      for (const g of t.groepen) insertLeerkrachtGroep.run(id, t.key, g.key, g.samengesteld ? 1 : 0);
      tick();
    },
  };
  return {
    id,
    sink,
    finish(school, summary) {
      db.prepare('UPDATE imports SET schooljaar = ?, schoolkey = ?, xsdversie = ?, summary_json = ? WHERE id = ?').run(
        school.schooljaar ?? '', school.schoolkey, school.xsdversie, JSON.stringify(summary ?? {}), id,
      );
      if (firstVestiging) renamePlaceholder(db, brin6, placeholderName, firstVestiging);
      options.onRows?.(rows);
    },
  };
}

/** Stores already-read school data as the pending import, in one transaction (tests, and data from elsewhere). */
export function storePendingImport(db: Database.Database, brin6: string, data: SchoolData, options: StoreOptions): number {
  return db.transaction(() => {
    const writer = beginPendingImport(db, brin6, options);
    for (const v of data.vestigingen) writer.sink.vestiging(v);
    for (const g of data.groepen) writer.sink.groep(g);
    for (const l of data.leerlingen) writer.sink.leerling(l);
    for (const t of data.leerkrachten) writer.sink.leerkracht(t);
    writer.finish(data.school, options.summary);
    return writer.id;
  }).immediate();
}

/**
 * A pupil's display name in SQL — roepnaam (or voornamen), voorvoegsel, achternaam — for alias `p` of
 * import_leerlingen (or, without voornamen, of remote_pupils, which has none). Every screen names pupils this way.
 */
export function pupilNameSql(p: string, withVoornamen = true): string {
  const first = withVoornamen ? `COALESCE(NULLIF(${p}.roepnaam, ''), NULLIF(${p}.voornamen, ''), '')` : `COALESCE(NULLIF(${p}.roepnaam, ''), '')`;
  return `TRIM(${first} || COALESCE(' ' || NULLIF(${p}.voorvoegsel, ''), '') || COALESCE(' ' || NULLIF(${p}.achternaam, ''), ''))`;
}

/** The id of this location's pending or confirmed import, or null. */
export function importId(db: Database.Database, brin6: string, status: 'pending' | 'confirmed'): number | null {
  const row = db.prepare('SELECT id FROM imports WHERE brin6 = ? AND status = ?').get(brin6, status) as { id: number } | undefined;
  return row?.id ?? null;
}

/** What the confirm of the import in force removed, when the guard asked for a second confirmation (else null). */
export function lastGuardedRemoval(db: Database.Database, brin6: string): { removedPupils: number; confirmedPupils: number; percent: number; sourceName: string; confirmedAt: string } | null {
  const row = db
    .prepare(
      `SELECT json_extract(summary_json, '$.removal') AS removal, source_name AS sourceName, confirmed_at AS confirmedAt FROM imports
       WHERE brin6 = ? AND status = 'confirmed' AND json_extract(summary_json, '$.removal.guarded') = 1`,
    )
    .get(brin6) as { removal: string; sourceName: string; confirmedAt: string } | undefined;
  if (!row) return null;
  const removal = JSON.parse(row.removal) as { removedPupils: number; confirmedPupils: number; percent: number };
  return { ...removal, sourceName: row.sourceName, confirmedAt: row.confirmedAt };
}

export function discardPendingImport(db: Database.Database, brin6: string): boolean {
  return db.prepare("DELETE FROM imports WHERE brin6 = ? AND status = 'pending'").run(brin6).changes > 0;
}

export function importMeta(db: Database.Database, brin6: string, status: 'pending' | 'confirmed'): ImportMeta | null {
  const row = db
    .prepare(`SELECT id, brin6, status, source_name AS sourceName, imported_at AS importedAt, confirmed_at AS confirmedAt, schooljaar,
                     summary_json AS summaryJson FROM imports WHERE brin6 = ? AND status = ?`)
    .get(brin6, status) as (Omit<ImportMeta, 'summary'> & { summaryJson: string }) | undefined;
  if (!row) return null;
  const { summaryJson, ...meta } = row;
  return { ...meta, summary: JSON.parse(summaryJson) as unknown };
}

/** Reads one stored import back as school data (for the diff, the export and the screens). */
export function loadImport(db: Database.Database, brin6: string, status: 'pending' | 'confirmed'): SchoolData | null {
  const head = db
    .prepare('SELECT id, schooljaar, schoolkey, xsdversie FROM imports WHERE brin6 = ? AND status = ?')
    .get(brin6, status) as { id: number; schooljaar: string; schoolkey: string | null; xsdversie: string | null } | undefined;
  if (!head) return null;
  const id = head.id;
  const vestigingen = db.prepare('SELECT key, naam FROM import_vestigingen WHERE import_id = ? ORDER BY key').all(id) as Vestiging[];
  const groepen = (
    db.prepare('SELECT key, naam, jaargroep, samengesteld FROM import_groepen WHERE import_id = ? ORDER BY key').all(id) as Array<
      Omit<Groep, 'samengesteld'> & { samengesteld: number }
    >
  ).map((g) => ({ ...g, samengesteld: g.samengesteld === 1 }));
  const clusters = new Map<string, string[]>();
  for (const c of db.prepare('SELECT leerling_key, groep_key FROM import_leerling_clusters WHERE import_id = ? ORDER BY leerling_key, groep_key').iterate(id) as Iterable<{ leerling_key: string; groep_key: string }>) {
    const list = clusters.get(c.leerling_key);
    if (list) list.push(c.groep_key);
    else clusters.set(c.leerling_key, [c.groep_key]);
  }
  const leerlingen = (
    db.prepare(`SELECT key, eckid, achternaam, voorvoegsel, voornamen, voorletters, roepnaam, geboortedatum, geslacht, jaargroep,
                       groep_key AS groep, vestiging_key AS vestiging, gebruikersnaam, emailadres
                FROM import_leerlingen WHERE import_id = ? ORDER BY key`).all(id) as Array<Omit<Leerling, 'samengesteldeGroepen'>>
  ).map((l) => ({ ...l, samengesteldeGroepen: clusters.get(l.key) ?? [] }));
  const teacherGroups = new Map<string, Array<{ key: string; samengesteld: boolean }>>();
  for (const g of db.prepare('SELECT leerkracht_key, groep_key, samengesteld FROM import_leerkracht_groepen WHERE import_id = ? ORDER BY leerkracht_key, groep_key').iterate(id) as Iterable<{ leerkracht_key: string; groep_key: string; samengesteld: number }>) {
    const list = teacherGroups.get(g.leerkracht_key) ?? [];
    list.push({ key: g.groep_key, samengesteld: g.samengesteld === 1 });
    teacherGroups.set(g.leerkracht_key, list);
  }
  const leerkrachten = (
    db.prepare(`SELECT key, eckid, achternaam, voorvoegsel, voornamen, voorletters, roepnaam, gebruikersnaam, emailadres, rollen
                FROM import_leerkrachten WHERE import_id = ? ORDER BY key`).all(id) as Array<Omit<Leerkracht, 'rollen' | 'groepen'> & { rollen: string }>
  ).map((t) => ({ ...t, rollen: JSON.parse(t.rollen) as string[], groepen: teacherGroups.get(t.key) ?? [] }));
  const brin6Row = db.prepare('SELECT brin6 FROM imports WHERE id = ?').get(id) as { brin6: string };
  return {
    school: {
      schooljaar: head.schooljaar,
      brincode: brin6Row.brin6.slice(0, 4),
      dependancecode: brin6Row.brin6.slice(4),
      brin6: brin6Row.brin6,
      schoolkey: head.schoolkey,
      instellingsnummer: null,
      xsdversie: head.xsdversie,
    },
    vestigingen,
    groepen,
    leerlingen,
    leerkrachten,
  };
}

export interface ImportClass {
  readonly key: string;
  readonly naam: string;
  readonly jaargroep: string | null;
  readonly samengesteld: boolean;
}

export function confirmedClasses(db: Database.Database, brin6: string): ImportClass[] {
  return (
    db
      .prepare(
        `SELECT g.key, g.naam, g.jaargroep, g.samengesteld FROM import_groepen g JOIN imports i ON i.id = g.import_id
         WHERE i.brin6 = ? AND i.status = 'confirmed' ORDER BY g.samengesteld, g.naam COLLATE NOCASE, g.key`,
      )
      .all(brin6) as Array<Omit<ImportClass, 'samengesteld'> & { samengesteld: number }>
  ).map((g) => ({ ...g, samengesteld: g.samengesteld === 1 }));
}

/**
 * Names of classes that are not in the confirmed file, from the newest earlier file (confirmed before, or the one
 * pending) that had them: a role naming a dropped class shows "3BA", never its key.
 */
export function formerClassNames(db: Database.Database, brin6: string, keys: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  if (keys.length === 0) return names;
  const find = db.prepare('SELECT g.naam FROM import_groepen g JOIN imports i ON i.id = g.import_id WHERE i.brin6 = ? AND g.key = ? ORDER BY i.id DESC LIMIT 1').pluck();
  for (const key of new Set(keys)) {
    const naam = find.get(brin6, key) as string | undefined;
    if (naam !== undefined) names.set(key, naam);
  }
  return names;
}

export interface ImportTeacher {
  readonly key: string;
  readonly voornamen: string | null;
  readonly voorletters: string | null;
  readonly roepnaam: string | null;
  readonly voorvoegsel: string | null;
  readonly achternaam: string | null;
  readonly emailadres: string | null;
  readonly classes: string[];
}

export function confirmedTeachers(db: Database.Database, brin6: string): ImportTeacher[] {
  const rows = db
    .prepare(
      `SELECT t.key, t.voornamen, t.voorletters, t.roepnaam, t.voorvoegsel, t.achternaam, t.emailadres,
              (SELECT json_group_array(groep_key) FROM (SELECT groep_key FROM import_leerkracht_groepen lg
                WHERE lg.import_id = t.import_id AND lg.leerkracht_key = t.key ORDER BY groep_key)) AS classes
       FROM import_leerkrachten t JOIN imports i ON i.id = t.import_id
       WHERE i.brin6 = ? AND i.status = 'confirmed' ORDER BY t.achternaam COLLATE NOCASE, t.key`,
    )
    .all(brin6) as Array<Omit<ImportTeacher, 'classes'> & { classes: string }>;
  return rows.map((r) => ({ ...r, classes: JSON.parse(r.classes) as string[] }));
}

export interface MatchingCounts {
  readonly schooljaar: string | null;
  readonly hasConfirmedImport: boolean;
  readonly pupils: number;
  readonly withGebruikersnaam: number;
  readonly withEckid: number;
  readonly withNeither: number;
}

/** Pupils of the confirmed import by what Numo can match them on (a blank value counts as absent). */
export function matchingCounts(db: Database.Database, brin6: string): MatchingCounts {
  const head = db.prepare("SELECT id, schooljaar FROM imports WHERE brin6 = ? AND status = 'confirmed'").get(brin6) as { id: number; schooljaar: string } | undefined;
  if (!head) return { schooljaar: null, hasConfirmedImport: false, pupils: 0, withGebruikersnaam: 0, withEckid: 0, withNeither: 0 };
  const c = db
    .prepare(
      `SELECT COUNT(*) AS pupils,
              COALESCE(SUM(TRIM(COALESCE(gebruikersnaam, '')) <> ''), 0) AS withGebruikersnaam,
              COALESCE(SUM(TRIM(COALESCE(eckid, '')) <> ''), 0) AS withEckid,
              COALESCE(SUM(TRIM(COALESCE(gebruikersnaam, '')) = '' AND TRIM(COALESCE(eckid, '')) = ''), 0) AS withNeither
       FROM import_leerlingen WHERE import_id = ?`,
    )
    .get(head.id) as { pupils: number; withGebruikersnaam: number; withEckid: number; withNeither: number };
  return { schooljaar: head.schooljaar, hasConfirmedImport: true, ...c };
}

/** The pupils Numo cannot match (no pupil number, no eck-id), by class and name, at most `limit`. */
export function unmatchablePupils(db: Database.Database, brin6: string, limit: number): UnmatchablePupil[] {
  const rows = db
    .prepare(
      `SELECT l.key AS key, ${pupilNameSql('l')} AS name, g.naam AS groep
       FROM imports i JOIN import_leerlingen l ON l.import_id = i.id
       LEFT JOIN import_groepen g ON g.import_id = i.id AND g.key = l.groep_key
       WHERE i.brin6 = ? AND i.status = 'confirmed'
         AND TRIM(COALESCE(l.gebruikersnaam, '')) = '' AND TRIM(COALESCE(l.eckid, '')) = ''
       ORDER BY g.naam IS NULL, g.naam, l.achternaam, l.roepnaam, l.key
       LIMIT ?`,
    )
    .all(brin6, limit) as Array<{ key: string; name: string; groep: string | null }>;
  return rows.map((r) => ({ key: r.key, name: r.name || r.key, groep: r.groep }));
}
