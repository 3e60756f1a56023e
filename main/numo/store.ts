import type Database from 'better-sqlite3';
import type { NumoRegistration, NumoRegistrationInput } from '../../shared/bridge/numo';
import { aanhefSchema, numoLevelSchema, numoRegistrationInputSchema } from '../../shared/bridge/numo';

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

