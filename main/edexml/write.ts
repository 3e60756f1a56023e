import { XMLBuilder } from 'fast-xml-parser';
import type { PersonName, SchoolData } from '../../shared/edexml/model';

/** Element order of the XSD's name group; absent values are left out. */
function names(p: PersonName) {
  return {
    ...(p.achternaam !== null ? { achternaam: p.achternaam } : {}),
    ...(p.voorvoegsel !== null && p.achternaam !== null ? { voorvoegsel: p.voorvoegsel } : {}),
    ...(p.voornamen !== null && p.achternaam !== null ? { voornamen: p.voornamen } : {}),
    ...(p.voorletters !== null && p.achternaam !== null ? { 'voorletters-1': p.voorletters } : {}),
    ...(p.roepnaam !== null ? { roepnaam: p.roepnaam } : {}),
  };
}

function opt<K extends string>(key: K, value: string | null): Partial<Record<K, string>> {
  return value === null ? {} : ({ [key]: value } as Record<K, string>);
}

/**
 * Writes stored school data as EDEXML 2.1 (fast-xml-parser's builder). The output validates against the official
 * XSD (tested with xmllint) and holds only what the console keeps: this is the Cito import file that a Somtoday
 * school sends to Kurve, with the Cito pupil key.
 */
export function writeEdexml(data: SchoolData, options: { now?: Date } = {}): string {
  const now = (options.now ?? new Date()).toISOString().slice(0, 19);
  const school = data.school;
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    EDEX: {
      school: {
        schooljaar: school.schooljaar ?? '',
        ...(school.brincode !== null
          ? { brincode: school.brincode, ...opt('dependancecode', school.dependancecode), ...opt('schoolkey', school.schoolkey) }
          : opt('schoolkey', school.schoolkey)),
        aanmaakdatum: now,
        auteur: 'Beheerconsole',
        xsdversie: '2.1',
      },
      ...(data.vestigingen.length > 0
        ? { vestigingen: { vestiging: data.vestigingen.map((v) => ({ '@_key': v.key, naam: v.naam })) } }
        : {}),
      ...(data.groepen.length > 0
        ? {
            groepen: {
              groep: data.groepen.filter((g) => !g.samengesteld).map((g) => ({ '@_key': g.key, naam: g.naam, jaargroep: g.jaargroep ?? '' })),
              samengestelde_groep: data.groepen.filter((g) => g.samengesteld).map((g) => ({ '@_key': g.key, naam: g.naam })),
            },
          }
        : {}),
      leerlingen: {
        leerling: data.leerlingen.map((l) => ({
          '@_key': l.key,
          ...(l.eckid !== null ? { '@_eckid': l.eckid } : {}),
          ...names(l),
          ...opt('geboortedatum', l.geboortedatum),
          ...opt('geslacht', l.geslacht),
          ...opt('jaargroep', l.jaargroep),
          ...(l.groep !== null ? { groep: { '@_key': l.groep } } : {}),
          ...(l.samengesteldeGroepen.length > 0
            ? { samengestelde_groepen: { samengestelde_groep: l.samengesteldeGroepen.map((key) => ({ '@_key': key })) } }
            : {}),
          ...(l.vestiging !== null ? { vestiging: { '@_key': l.vestiging } } : {}),
          ...opt('gebruikersnaam', l.gebruikersnaam),
          ...opt('emailadres', l.emailadres),
        })),
      },
      ...(data.leerkrachten.length > 0
        ? {
            leerkrachten: {
              leerkracht: data.leerkrachten.map((t) => ({
                '@_key': t.key,
                ...(t.eckid !== null ? { '@_eckid': t.eckid } : {}),
                ...names(t),
                ...opt('gebruikersnaam', t.gebruikersnaam),
                ...opt('emailadres', t.emailadres),
                ...(t.rollen.length > 0 ? { rol: t.rollen } : {}),
                ...(t.groepen.length > 0
                  ? {
                      groepen: {
                        groep: t.groepen.filter((g) => !g.samengesteld).map((g) => ({ '@_key': g.key })),
                        samengestelde_groep: t.groepen.filter((g) => g.samengesteld).map((g) => ({ '@_key': g.key })),
                      },
                    }
                  : {}),
              })),
            },
          }
        : {}),
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    indentBy: '\t',
    suppressEmptyNode: true,
    processEntities: true,
  });
  return builder.build(doc) as string;
}
