import type { Groep, Leerling, SchoolData } from '../../shared/edexml/model';

/** Fields of a pupil whose change the step-3 screen shows. Keys identify; names and class are what users check. */
const LEERLING_FIELDS = ['eckid', 'achternaam', 'voorvoegsel', 'voornamen', 'voorletters', 'roepnaam', 'geboortedatum', 'geslacht', 'jaargroep', 'vestiging', 'gebruikersnaam', 'emailadres'] as const;
const GROEP_FIELDS = ['naam', 'jaargroep', 'samengesteld'] as const;

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

function byKey<T extends { key: string }>(list: readonly T[]): Map<string, T> {
  return new Map(list.map((item) => [item.key, item]));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((v, i) => v === sortedB[i]);
}

/** What confirming `next` would change compared with `current` (null: the location has no confirmed data yet). */
export function diffSchoolData(current: SchoolData | null, next: SchoolData): SchoolDataDiff {
  const oldGroepen = byKey<Groep>(current?.groepen ?? []);
  const newGroepen = byKey<Groep>(next.groepen);
  const oldLeerlingen = byKey<Leerling>(current?.leerlingen ?? []);
  const newLeerlingen = byKey<Leerling>(next.leerlingen);
  const oldTeachers = new Set((current?.leerkrachten ?? []).map((t) => t.key));
  const newTeachers = new Set(next.leerkrachten.map((t) => t.key));

  const groepChanged: Changed[] = [];
  for (const [key, g] of newGroepen) {
    const before = oldGroepen.get(key);
    if (!before) continue;
    const fields = GROEP_FIELDS.filter((f) => before[f] !== g[f]);
    if (fields.length > 0) groepChanged.push({ key, fields });
  }
  const leerlingChanged: Changed[] = [];
  const moved: Moved[] = [];
  for (const [key, l] of newLeerlingen) {
    const before = oldLeerlingen.get(key);
    if (!before) continue;
    const fields: string[] = LEERLING_FIELDS.filter((f) => before[f] !== l[f]);
    if (!sameList(before.samengesteldeGroepen, l.samengesteldeGroepen)) fields.push('samengesteldeGroepen');
    if (before.groep !== l.groep) {
      fields.push('groep');
      moved.push({ key, from: before.groep, to: l.groep });
    }
    if (fields.length > 0) leerlingChanged.push({ key, fields });
  }
  const sorted = (keys: Iterable<string>) => [...keys].sort();
  return {
    first: current === null,
    groepen: {
      added: sorted([...newGroepen.keys()].filter((k) => !oldGroepen.has(k))),
      removed: sorted([...oldGroepen.keys()].filter((k) => !newGroepen.has(k))),
      changed: groepChanged.sort((a, b) => a.key.localeCompare(b.key)),
    },
    leerlingen: {
      added: sorted([...newLeerlingen.keys()].filter((k) => !oldLeerlingen.has(k))),
      removed: sorted([...oldLeerlingen.keys()].filter((k) => !newLeerlingen.has(k))),
      changed: leerlingChanged.sort((a, b) => a.key.localeCompare(b.key)),
      moved: moved.sort((a, b) => a.key.localeCompare(b.key)),
    },
    leerkrachten: {
      added: sorted([...newTeachers].filter((k) => !oldTeachers.has(k))),
      removed: sorted([...oldTeachers].filter((k) => !newTeachers.has(k))),
    },
  };
}
