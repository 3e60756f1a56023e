import type Database from 'better-sqlite3';
import type { KurveExport } from '../../shared/bridge/numo';
import type { SchoolData } from '../../shared/edexml/model';
import { ServiceError } from '../errors/service-error';
import { loadImport } from '../imports/store';
import { writeEdexml } from '../edexml/write';
import { requireLocation } from '../locations/locations';
import { getRegistration } from './store';
import { plural } from '../../shared/domain/names';

/**
 * The Cito import file a Somtoday school sends to Kurve (seed 004: "Cito vanuit Somtoday maakt geen gebruik van het
 * leerlingnummer of eck-id, [dus] moet jouw school een extra bestand inclusief Cito-leerling key naar Kurve sturen").
 *
 * What goes in (AVG: only what the coupling needs, plus what the EDEXML 2.1 XSD requires):
 * - `school`: schooljaar, brincode, dependancecode, schoolkey (required / identifying; aanmaakdatum, auteur and
 *   xsdversie are written by the writer);
 * - per pupil: `@key` (the Cito pupil key: what Kurve needs), `@eckid` and `gebruikersnaam` (the pupil number = Numo
 *   user name) where present — the two things Numo matches on; `achternaam`, `voorvoegsel`, `roepnaam` (the XSD
 *   requires achternaam or roepnaam; Kurve's support checks a match by name); `groep` (the class, so a mismatch can be
 *   traced per class);
 * - `groepen`: only the stamgroepen the pupils refer to (the XSD's keyref needs them), with naam and jaargroep.
 * Left out: birth date, gender, voornamen, voorletters, e-mail, jaargroep per pupil, cluster groups, vestigingen and
 * all teachers — the coupling does not use them, and the XSD does not require them.
 */
export function kurveSchoolData(data: SchoolData): SchoolData {
  const used = new Set(data.leerlingen.map((l) => l.groep).filter((g): g is string => g !== null));
  return {
    school: data.school,
    vestigingen: [],
    groepen: data.groepen.filter((g) => !g.samengesteld && used.has(g.key)),
    leerlingen: data.leerlingen.map((l) => {
      // Keep a name the XSD accepts: achternaam (with voorvoegsel) and/or roepnaam; voornamen stand in for a missing roepnaam only when there is no achternaam.
      const roepnaam = l.roepnaam ?? (l.achternaam === null ? l.voornamen : null);
      return {
        key: l.key,
        eckid: blankToNull(l.eckid),
        achternaam: l.achternaam,
        voorvoegsel: l.voorvoegsel,
        voornamen: null,
        voorletters: null,
        roepnaam,
        geboortedatum: null,
        geslacht: null,
        jaargroep: null,
        groep: l.groep,
        samengesteldeGroepen: [],
        vestiging: null,
        gebruikersnaam: blankToNull(l.gebruikersnaam),
        emailadres: null,
      };
    }),
    leerkrachten: [],
  };
}

function blankToNull(value: string | null): string | null {
  return value !== null && value.trim() !== '' ? value : null;
}

/** Letters (accents dropped), digits and dashes only: safe on Windows, in e-mail attachments and in a shell. */
export function safeFilePart(value: string, fallback: string): string {
  const cleaned = value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '');
  return cleaned === '' ? fallback : cleaned;
}

export function kurveFileName(korteSchoolnaam: string, brin6: string, schooljaar: string): string {
  return `${safeFilePart(korteSchoolnaam, 'school')}_${brin6}_${safeFilePart(schooljaar, 'schooljaar')}.xml`;
}

export const KURVE_SUPPORT_ADDRESS = 'support@kurve.nl';

export interface KurveExportOptions {
  readonly now?: Date;
  /** Instead of the registration's (the CLI's --korte-schoolnaam). */
  readonly korteSchoolnaam?: string;
}

/**
 * Builds the file and the ready-to-send message for the location's confirmed import. Refuses (in Dutch) without a
 * confirmed import, or without the korte schoolnaam (Kurve finds the school by it).
 */
export function buildKurveExport(db: Database.Database, brin6: string, options: KurveExportOptions = {}): KurveExport {
  requireLocation(db, brin6);
  const registration = getRegistration(db, brin6);
  const korteSchoolnaam = options.korteSchoolnaam?.trim() || registration?.korteSchoolnaam;
  if (!korteSchoolnaam) {
    throw new ServiceError(
      'invalid-input',
      'Vul eerst de Numo-aanmelding in, met de korte schoolnaam in Numo: Kurve vindt de school aan die naam, en hij staat in de bestandsnaam en in het bericht.',
    );
  }
  const data = loadImport(db, brin6, 'confirmed');
  if (!data) {
    throw new ServiceError('invalid-input', `Er is nog geen bevestigd bestand voor ${brin6}. Importeer en bevestig eerst het EDEXML-bestand (stap 2 en 3).`);
  }
  const reduced = kurveSchoolData(data);
  const schooljaar = data.school.schooljaar ?? '';
  const xml = writeEdexml(reduced, options.now ? { now: options.now } : {});
  const counts = {
    groepen: reduced.groepen.length,
    leerlingen: reduced.leerlingen.length,
    withEckid: reduced.leerlingen.filter((l) => l.eckid !== null).length,
    withGebruikersnaam: reduced.leerlingen.filter((l) => l.gebruikersnaam !== null).length,
  };
  const fileName = kurveFileName(korteSchoolnaam, brin6, schooljaar);
  const school = registration?.schoolnaam ?? korteSchoolnaam;
  const signature = registration ? [`${registration.voornaam} ${registration.achternaam}`, registration.schoolnaam, registration.email] : [school];
  const message = [
    'Beste medewerker van Kurve,',
    '',
    `In de bijlage stuur ik het Cito-importbestand (EDEXML) van ${school} voor de koppeling tussen Leerling in beeld VO van Cito en Numo.`,
    'Wij werken met Somtoday én Cito; het bestand bevat per leerling de Cito-leerlingkey, zodat de Cito-resultaten aan onze leerlingen in Numo gekoppeld kunnen worden.',
    '',
    `Korte schoolnaam in Numo: ${korteSchoolnaam}`,
    `BRIN: ${brin6}`,
    ...(registration ? [`Klantnummer Cito: ${registration.klantnummer}`] : []),
    `Schooljaar: ${schooljaar}`,
    `Bestand: ${fileName} (${plural(counts.leerlingen, 'leerling', 'leerlingen')} in ${plural(counts.groepen, 'klas', 'klassen')}; ${counts.withEckid} met eck-id, ${counts.withGebruikersnaam} met leerlingnummer)`,
    '',
    'Met vriendelijke groet,',
    '',
    ...signature,
  ].join('\n');
  return {
    fileName,
    xml,
    message,
    to: KURVE_SUPPORT_ADDRESS,
    subject: `Cito-importbestand voor de Numo-koppeling – ${korteSchoolnaam} (${brin6})`,
    counts,
  };
}
