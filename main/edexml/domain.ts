import type { Finding } from '../../shared/edexml/findings';
import type { SchoolIdentification } from '../../shared/edexml/model';
import type { ModelBuilder } from './model/builder';

export interface DomainOptions {
  /** The location the file is imported for; a file of another BRIN6 is blocked. */
  readonly targetBrin6?: string;
  /** For the school-year check; defaults to now. */
  readonly today?: Date;
}

import { schoolYearOf } from '../../shared/domain/school-year';
import { plural } from '../../shared/domain/names';

export { schoolYearOf };

function domain(severity: Finding['severity'], code: string, message: string): Finding {
  return { severity, code, line: 0, column: 0, message };
}


/**
 * Rules of the console beyond the XSD (step 3 of the step plan): the file must belong to this location and
 * school year, and should look like a VO school's. Line 0: they concern the file as a whole.
 */
export function domainFindings(school: SchoolIdentification, builder: ModelBuilder, options: DomainOptions): Finding[] {
  const out: Finding[] = [];
  if (school.instellingsnummer) {
    out.push(domain('error', 'domain.flemish-school',
      `Dit bestand is van een Vlaamse school (instellingsnummer ${school.instellingsnummer}, geen BRIN). Het Cito Volgsysteem VO werkt met Nederlandse BRIN-codes; gebruik het EDEXML-bestand van je Nederlandse schoollocatie.`));
  } else if (!school.brincode && !school.schoolkey) {
    out.push(domain('error', 'domain.no-school-id',
      'Het bestand noemt geen BRIN-code en geen schoolkey, dus de console weet niet bij welke school het hoort. Exporteer het opnieuw met de schoolgegevens erin.'));
  }
  if (options.targetBrin6 && school.brin6 && school.brin6 !== options.targetBrin6) {
    out.push(domain('error', 'domain.other-location',
      `Dit bestand is van BRIN6 ${school.brin6}, maar je importeert voor ${options.targetBrin6}. Gebruik per locatie het eigen bestand en het eigen account (stappenplan: meerdere schoollocaties), of kies eerst locatie ${school.brin6}.`));
  }
  if (school.schooljaar) {
    const m = /^(\d{4})-(\d{4})$/.exec(school.schooljaar);
    if (!m || Number(m[2]) !== Number(m[1]) + 1) {
      out.push(domain('error', 'domain.schooljaar',
        `Schooljaar '${school.schooljaar}' bestaat niet: de twee jaren moeten op elkaar volgen, bijvoorbeeld 2025-2026. Exporteer het bestand opnieuw.`));
    } else {
      const current = schoolYearOf(options.today ?? new Date());
      const start = Number(current.slice(0, 4));
      const next = `${start + 1}-${start + 2}`;
      if (school.schooljaar !== current && school.schooljaar !== next) {
        out.push(domain('warning', 'domain.schooljaar-other',
          `Het bestand is van schooljaar ${school.schooljaar}, niet van het huidige schooljaar ${current}. Klopt dat? Meestal is een nieuwe export uit je leerlingadministratie nodig.`));
      }
    }
  }
  const s = builder.stats;
  if (s.leerlingenZonderGroep > 0) {
    out.push(domain('warning', 'domain.pupils-without-class',
      s.leerlingenZonderGroep === 1
        ? '1 leerling staat in geen enkele klas. Deze leerling verschijnt niet in de planner en in geen rapportage van een klas. Koppel hem of haar in je leerlingadministratie aan een klas en exporteer opnieuw.'
        : `${plural(s.leerlingenZonderGroep, 'leerling staat', 'leerlingen staan')} in geen enkele klas. Zij verschijnen niet in de planner en in geen rapportage van een klas. Koppel ze in je leerlingadministratie aan een klas en exporteer opnieuw.`));
  }
  const empty = s.groepKeys.filter((k) => !s.referencedGroepen.has(k)).length;
  if (empty > 0) {
    out.push(domain('warning', 'domain.empty-classes',
      `${plural(empty, 'klas heeft', 'klassen hebben')} geen leerlingen. Dat kan kloppen (bijvoorbeeld een nieuwe klas); anders ontbreken er leerlingen in het bestand.`));
  }
  if (s.nonVoGroepen + s.nonVoLeerlingen > 0) {
    const parts = [
      s.nonVoGroepen > 0 ? plural(s.nonVoGroepen, 'klas', 'klassen') : null,
      s.nonVoLeerlingen > 0 ? plural(s.nonVoLeerlingen, 'leerling', 'leerlingen') : null,
    ].filter(Boolean);
    out.push(domain('warning', 'domain.non-vo-jaargroep',
      `${parts.join(' en ')} met een jaargroep buiten het voortgezet onderwijs (VO is 11 tot en met 16). Controleer of dit het bestand van je VO-locatie is.`));
  }
  return out;
}
