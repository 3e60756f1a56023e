/**
 * Users from a CSV file (step 6): a header row with Dutch column names, any order, case and spaces ignored —
 * Voornaam, Initialen, Voorvoegsel, Achternaam, E-mailadres (required: Voornaam, Achternaam, E-mailadres), optional
 * Rol, Klassen (class names or keys of the confirmed import, separated by spaces or commas) and Toegang (ja/nee;
 * default ja when a role is given, else nee). A colleague with several roles is one row per role, with the same name,
 * e-mail and access (what the console's own export writes); the rows become one user. Delimiter detected (Dutch Excel writes `;`), UTF-8 with or without BOM
 * (a file that is not valid UTF-8 is read as Windows-1252, what Excel on Windows writes otherwise).
 *
 * Every bad row is reported with its line in the file (the header is line 1; a quoted value over several lines
 * counts them all) and a Dutch message naming the column. Modes: `check` imports nothing; `all` imports only a file
 * without problems; `valid-only` imports the rows without problems (of an address repeated in the file, the first
 * row counts, the later ones are reported).
 */
import type Database from 'better-sqlite3';
import Papa from 'papaparse';
import type { CsvImportResult, Role, UserFields } from '../../shared/bridge';
import { userFieldsSchema } from '../../shared/bridge';
import { recordAudit } from '../audit/audit';
import { requireLocation } from '../locations/locations';
import type { UploadStaging } from '../uploads/staging';
import fs from 'node:fs';
import { addUserInTransaction } from './users';
import { userWithEmail } from './store';
import { confirmedClasses } from '../imports/store';

export const MAX_CSV_ROWS = 5000;

type Column = 'voornaam' | 'initialen' | 'voorvoegsel' | 'achternaam' | 'email' | 'rol' | 'klassen' | 'toegang' | 'uitnodiging';

const COLUMN_LABEL: Record<Column, string> = {
  voornaam: 'Voornaam',
  initialen: 'Initialen',
  voorvoegsel: 'Voorvoegsel',
  achternaam: 'Achternaam',
  email: 'E-mailadres',
  rol: 'Rol',
  klassen: 'Klassen',
  toegang: 'Toegang',
  uitnodiging: 'Uitnodiging',
};
const REQUIRED: readonly Column[] = ['voornaam', 'achternaam', 'email'];
const HEADER_NAMES: Record<string, Column> = {
  voornaam: 'voornaam',
  initialen: 'initialen',
  voorletters: 'initialen',
  voorvoegsel: 'voorvoegsel',
  tussenvoegsel: 'voorvoegsel',
  achternaam: 'achternaam',
  emailadres: 'email',
  email: 'email',
  rol: 'rol',
  klassen: 'klassen',
  klas: 'klassen',
  toegang: 'toegang',
  // The console's own export (shared/domain/users-export.ts) has it, for people; it is read past.
  uitnodiging: 'uitnodiging',
};
const EXPECTED =
  'Verwacht: Voornaam, Initialen, Voorvoegsel, Achternaam, E-mailadres (verplicht: Voornaam, Achternaam en E-mailadres), en eventueel Rol, Klassen en Toegang.';

const ROLES: Record<string, Role> = {
  leerlingbegeleider: { role: 'leerlingbegeleider', classes: [] },
  'vakdocent nederlands': { role: 'vakdocent', subject: 'nederlands', classes: [] },
  'vakdocent engels': { role: 'vakdocent', subject: 'engels', classes: [] },
  'vakdocent wiskunde': { role: 'vakdocent', subject: 'wiskunde', classes: [] },
  kwaliteitsmedewerker: { role: 'kwaliteitsmedewerker' },
};

const EMPTY = {
  voornaam: 'Kolom Voornaam is leeg. Vul de voornaam in.',
  achternaam: 'Kolom Achternaam is leeg. Vul de achternaam in.',
  email: 'Kolom E-mailadres is leeg. Vul het e-mailadres in.',
} as const;

const normalise = (name: string) => name.toLowerCase().replace(/[\s\-_.]+/g, '');

/** Bytes to text: UTF-8 (BOM removed), or Windows-1252 when the bytes are not UTF-8. */
export function decodeCsv(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes);
  }
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}

export interface CsvRow {
  readonly line: number;
  readonly fields: UserFields;
  readonly access: boolean;
  readonly roles: Role[];
}

export interface CheckedCsv {
  readonly rows: number;
  readonly valid: CsvRow[];
  readonly problems: Array<{ line: number; message: string }>;
}

interface CheckContext {
  /** Class key → key, and lower-cased class name → keys (a name can be used by more than one class). */
  readonly classKeys: Set<string>;
  readonly classNames: Map<string, string[]>;
  readonly emailTaken: (email: string) => boolean;
}

/** Reads and checks the whole file; nothing is stored. */
export function checkCsv(text: string, ctx: CheckContext): CheckedCsv {
  const parsed = Papa.parse<string[]>(text, { header: false, skipEmptyLines: false, delimitersToGuess: [';', ',', '\t', '|'] });
  const records = parsed.data;
  const problems: Array<{ line: number; message: string }> = [];
  // Line of each record: 1 + the lines of every record before it (a quoted value may hold line breaks).
  const lines: number[] = [];
  let line = 1;
  for (const record of records) {
    lines.push(line);
    line += 1 + record.reduce((n, field) => n + (field.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
  }
  const header = records[0];
  if (!header || header.every((h) => h.trim() === '')) {
    return { rows: 0, valid: [], problems: [{ line: 1, message: `Het bestand heeft geen kopregel. Zet de kolomnamen op de eerste regel. ${EXPECTED}` }] };
  }
  const columns = new Map<Column, number>();
  const unknown: string[] = [];
  const twice: string[] = [];
  header.forEach((name, index) => {
    const column = HEADER_NAMES[normalise(name)];
    if (name.trim() === '') return;
    if (!column) unknown.push(name.trim());
    else if (columns.has(column)) twice.push(name.trim());
    else columns.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !columns.has(c));
  if (missing.length > 0 || unknown.length > 0 || twice.length > 0) {
    const parts = [
      missing.length > 0 ? `De kopregel mist ${missing.map((c) => `de kolom ${COLUMN_LABEL[c]}`).join(', ')}.` : '',
      unknown.length > 0 ? `Onbekende kolom ${unknown.map((u) => `"${u}"`).join(', ')}.` : '',
      twice.length > 0 ? `Kolom ${twice.map((u) => `"${u}"`).join(', ')} staat er twee keer in.` : '',
    ].filter((p) => p !== '');
    return { rows: records.slice(1).filter((r) => r.some((f) => f.trim() !== '')).length, valid: [], problems: [{ line: 1, message: `${parts.join(' ')} ${EXPECTED}` }] };
  }

  const body = records.map((r, i) => ({ record: r, line: lines[i]! })).slice(1).filter(({ record }) => record.some((f) => f.trim() !== ''));
  if (body.length > MAX_CSV_ROWS) {
    return {
      rows: body.length,
      valid: [],
      problems: [{ line: 1, message: `Het bestand heeft ${body.length} regels met gebruikers; de console leest er hoogstens ${MAX_CSV_ROWS} per keer. Splits het bestand in delen.` }],
    };
  }
  const seen = new Map<string, CsvRow>();
  const valid: CsvRow[] = [];
  for (const { record, line: at } of body) {
    const value = (c: Column) => (columns.has(c) ? (record[columns.get(c)!] ?? '').trim() : '');
    const rowProblems: string[] = [];
    const raw = { voornaam: value('voornaam'), initialen: value('initialen'), voorvoegsel: value('voorvoegsel'), achternaam: value('achternaam'), email: value('email') };
    for (const c of ['voornaam', 'achternaam', 'email'] as const) {
      if (raw[c] === '') rowProblems.push(EMPTY[c]);
    }
    const fields = userFieldsSchema.safeParse(raw);
    if (!fields.success) {
      for (const issue of fields.error.issues) {
        const c = issue.path[0] as keyof UserFields;
        if (raw[c] === '') continue; // already said: empty
        rowProblems.push(c === 'email' ? `Kolom E-mailadres: "${raw.email}" is geen geldig e-mailadres. Vul een adres in zoals j.jansen@school.nl.` : `Kolom ${COLUMN_LABEL[c]}: ${issue.message}`);
      }
    }
    const email = raw.email.toLowerCase();
    // Another row of a colleague already read: a further role of the same person (same name and access), else a clash.
    const earlier = fields.success ? seen.get(email) : undefined;
    if (fields.success && earlier === undefined && ctx.emailTaken(email)) {
      rowProblems.push(`Kolom E-mailadres: er is al een gebruiker met ${raw.email} in deze locatie. Haal de regel weg, of pas die gebruiker aan in de lijst.`);
    }
    const roleText = value('rol');
    const roleBase = roleText === '' ? null : ROLES[roleText.toLowerCase().replace(/\s+/g, ' ')];
    if (roleText !== '' && !roleBase) {
      rowProblems.push(`Kolom Rol: "${roleText}" is geen bekende rol. Kies leerlingbegeleider, vakdocent nederlands, vakdocent engels, vakdocent wiskunde of kwaliteitsmedewerker.`);
    }
    // "3BA, 4 HA" (the export: names that may hold a space) or "3BA 4HA" (typed by hand).
    const classCell = value('klassen');
    const classTexts = (/[,;]/.test(classCell) ? classCell.split(/\s*[,;]\s*/) : classCell.split(/\s+/)).filter((k) => k !== '');
    const classes: string[] = [];
    if (classTexts.length > 0) {
      if (roleText === '') rowProblems.push('Kolom Klassen is ingevuld, maar kolom Rol niet. Vul de rol in waarvoor deze klassen gelden.');
      else if (roleBase?.role === 'kwaliteitsmedewerker') rowProblems.push('Kolom Klassen: een kwaliteitsmedewerker ziet alle klassen. Laat Klassen leeg bij deze rol.');
      for (const text of classTexts) {
        const byName = ctx.classNames.get(text.toLowerCase()) ?? [];
        if (ctx.classKeys.has(text)) classes.push(text);
        else if (byName.length === 1) classes.push(byName[0]!);
        else if (byName.length > 1) rowProblems.push(`Kolom Klassen: er zijn ${byName.length} klassen met de naam "${text}". Gebruik de klassleutel (${byName.join(', ')}).`);
        else if (ctx.classKeys.size === 0) rowProblems.push(`Kolom Klassen: klas "${text}" is onbekend; er is nog geen bevestigd bestand met klassen. Bevestig eerst het EDEXML-bestand (stap 3), of laat Klassen leeg.`);
        else rowProblems.push(`Kolom Klassen: klas "${text}" staat niet in het bevestigde bestand. Gebruik de naam of sleutel van een klas uit stap 4.`);
      }
    }
    const accessText = value('toegang').toLowerCase();
    if (accessText !== '' && accessText !== 'ja' && accessText !== 'nee') rowProblems.push(`Kolom Toegang: "${value('toegang')}" is geen ja of nee. Vul ja of nee in.`);
    const roles: Role[] = roleBase ? [roleBase.role === 'kwaliteitsmedewerker' ? roleBase : { ...roleBase, classes: [...new Set(classes)] }] : [];
    const access = accessText === '' ? roles.length > 0 : accessText === 'ja';
    if (earlier !== undefined) rowProblems.push(...sameColleague(earlier, { ...fields.data!, email }, access, roles, raw.email));
    for (const message of rowProblems) problems.push({ line: at, message });
    if (rowProblems.length > 0 || !fields.success) continue;
    if (earlier !== undefined) earlier.roles.push(...roles);
    else {
      const row: CsvRow = { line: at, fields: { ...fields.data, email }, access, roles };
      seen.set(email, row);
      valid.push(row);
    }
  }
  return { rows: body.length, valid, problems };
}

/** A further row of a colleague read before: the same person and access, and a role they do not have yet. */
function sameColleague(earlier: CsvRow, fields: UserFields, access: boolean, roles: readonly Role[], shown: string): string[] {
  const differs = (Object.keys(fields) as Array<keyof UserFields>).some((k) => fields[k] !== earlier.fields[k]);
  if (differs) return [`Kolom E-mailadres: ${shown} staat ook op regel ${earlier.line}, met een andere naam. Eén e-mailadres is één collega: maak de namen gelijk of gebruik een ander adres.`];
  if (roles.length === 0) return [`Kolom E-mailadres: ${shown} staat ook op regel ${earlier.line}. Een collega staat op meer regels alleen met een rol per regel; vul de rol in of haal de regel weg.`];
  if (access !== earlier.access) return [`Kolom Toegang: ${shown} heeft op regel ${earlier.line} een andere toegang. Vul bij elke regel van deze collega hetzelfde in.`];
  if (earlier.roles.some((r) => roleKey(r) === roleKey(roles[0]!))) return [`Kolom Rol: ${shown} heeft deze rol al op regel ${earlier.line}. Zet de klassen van één rol op één regel.`];
  return [];
}

const roleKey = (r: Role) => (r.role === 'vakdocent' ? `vakdocent ${r.subject}` : r.role);

/** Checks the file for this location and, per mode, adds the users (one transaction for all). */
export function importUsersCsv(db: Database.Database, brin6: string, bytes: Uint8Array, mode: 'check' | 'all' | 'valid-only', sourceName = 'CSV-bestand'): CsvImportResult {
  requireLocation(db, brin6);
  const classes = confirmedClasses(db, brin6);
  const classNames = new Map<string, string[]>();
  for (const c of classes) classNames.set(c.naam.toLowerCase(), [...(classNames.get(c.naam.toLowerCase()) ?? []), c.key]);
  const checked = checkCsv(decodeCsv(bytes), {
    classKeys: new Set(classes.map((c) => c.key)),
    classNames,
    emailTaken: (email) => userWithEmail(db, brin6, email) !== null,
  });
  const importing = mode === 'valid-only' || (mode === 'all' && checked.problems.length === 0);
  let imported = 0;
  if (importing && checked.valid.length > 0) {
    db.transaction(() => {
      for (const row of checked.valid) addUserInTransaction(db, brin6, row.fields, { access: row.access, roles: row.roles });
      recordAudit(db, brin6, 'Gebruikers geïmporteerd', `${checked.valid.length} gebruiker${checked.valid.length === 1 ? '' : 's'} uit ${sourceName}`);
    }).immediate();
    imported = checked.valid.length;
  }
  return { rows: checked.rows, valid: checked.valid.length, problems: checked.problems, imported };
}

/** `users:import-csv`: takes the staged upload like `import:start` does, and always removes it afterwards. */
export function importCsvUpload(db: Database.Database, uploads: UploadStaging, brin6: string, uploadId: string, mode: 'check' | 'all' | 'valid-only'): CsvImportResult {
  requireLocation(db, brin6);
  const upload = uploads.get(uploadId);
  try {
    return importUsersCsv(db, brin6, fs.readFileSync(upload.file), mode, upload.name);
  } finally {
    uploads.remove(uploadId);
  }
}
