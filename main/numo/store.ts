import type Database from 'better-sqlite3';
import type { NumoRegistration, NumoRegistrationInput, UnmatchablePupil } from '../../shared/bridge/numo';
import { aanhefSchema, numoLevelSchema, numoRegistrationInputSchema } from '../../shared/bridge/numo';
import { pupilNameSql } from '../edexml/store';

/** SQL of the Numo capability: the registration per location, and matching figures over the confirmed import. */

interface Row {
  brin6: string;
  klantnummer: string;
  schoolnaam: string;
  aanhef: string;
  voornaam: string;
  achternaam: string;
  email: string;
  maximum_niveau: string;
  korte_schoolnaam: string;
  terugstuuroptie: number;
  updated_at: string;
}

export function getRegistration(db: Database.Database, brin6: string): NumoRegistration | null {
  const r = db.prepare('SELECT * FROM numo_registrations WHERE brin6 = ?').get(brin6) as Row | undefined;
  if (!r) return null;
  return {
    brin6: r.brin6,
    klantnummer: r.klantnummer,
    schoolnaam: r.schoolnaam,
    aanhef: aanhefSchema.parse(r.aanhef),
    voornaam: r.voornaam,
    achternaam: r.achternaam,
    email: r.email,
    maximumNiveau: numoLevelSchema.parse(r.maximum_niveau),
    korteSchoolnaam: r.korte_schoolnaam,
    terugstuuroptie: r.terugstuuroptie,
    updatedAt: r.updated_at,
  };
}

export function upsertRegistration(db: Database.Database, brin6: string, reg: NumoRegistrationInput, updatedAt: string): void {
  db.prepare(
    `INSERT INTO numo_registrations (brin6, klantnummer, schoolnaam, aanhef, voornaam, achternaam, email, maximum_niveau, korte_schoolnaam, terugstuuroptie, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (brin6) DO UPDATE SET klantnummer = excluded.klantnummer, schoolnaam = excluded.schoolnaam, aanhef = excluded.aanhef,
       voornaam = excluded.voornaam, achternaam = excluded.achternaam, email = excluded.email, maximum_niveau = excluded.maximum_niveau,
       korte_schoolnaam = excluded.korte_schoolnaam, terugstuuroptie = excluded.terugstuuroptie, updated_at = excluded.updated_at`,
  ).run(
    brin6, reg.klantnummer, reg.schoolnaam, reg.aanhef, reg.voornaam, reg.achternaam, reg.email, reg.maximumNiveau, reg.korteSchoolnaam,
    reg.terugstuuroptie, updatedAt,
  );
}

/** The API's representation (`numoSchema`, without version) of a registration. */
export function toApiNumo(reg: NumoRegistrationInput): Record<string, unknown> {
  return {
    klantnummer: reg.klantnummer,
    schoolnaam: reg.schoolnaam,
    aanhef: reg.aanhef,
    voornaam: reg.voornaam,
    achternaam: reg.achternaam,
    email: reg.email,
    maximumNiveau: reg.maximumNiveau,
    korteSchoolnaam: reg.korteSchoolnaam,
    terugstuuroptie: reg.terugstuuroptie,
  };
}

/**
 * The service's copy replaces the local registration (sync, when nothing of ours is queued). A copy that this
 * console's rules would not accept (another client wrote it) is left out rather than stored half.
 */
export function adoptRemoteNumo(db: Database.Database, brin6: string, content: Record<string, unknown>): void {
  const parsed = numoRegistrationInputSchema.safeParse(content);
  if (parsed.success) upsertRegistration(db, brin6, parsed.data, new Date().toISOString());
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
