import type { Leerling } from '../../shared/edexml/model';

/** What the streaming worker sends per record; pupils as flat arrays of values (cheaper to copy between threads). */
export type RecordKind = 'vestiging' | 'groep' | 'leerling' | 'leerkracht';

export function encodeLeerling(l: Leerling): Array<string | null> {
  return [l.key, l.eckid, l.achternaam, l.voorvoegsel, l.voornamen, l.voorletters, l.roepnaam, l.geboortedatum, l.geslacht, l.jaargroep,
    l.groep, l.vestiging, l.gebruikersnaam, l.emailadres, ...l.samengesteldeGroepen];
}

export function decodeLeerling(v: ReadonlyArray<string | null>): Leerling {
  return {
    key: v[0]!, eckid: v[1] ?? null, achternaam: v[2] ?? null, voorvoegsel: v[3] ?? null, voornamen: v[4] ?? null,
    voorletters: v[5] ?? null, roepnaam: v[6] ?? null, geboortedatum: v[7] ?? null, geslacht: v[8] ?? null, jaargroep: v[9] ?? null,
    groep: v[10] ?? null, vestiging: v[11] ?? null, gebruikersnaam: v[12] ?? null, emailadres: v[13] ?? null,
    samengesteldeGroepen: v.slice(14) as string[],
  };
}
