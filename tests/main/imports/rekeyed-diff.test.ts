import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../main/db/database';
import { countsOf, diffCounts, diffImports } from '../../../main/imports/diff';
import { importId, storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import type { SchoolData } from '../../../shared/edexml/model';
import { propertySeed, seededRandom } from '../../helpers/random';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/**
 * Re-keyed pupils (a school that changed its student administration keeps eck-ids, gets new keys), issue 31 point 4:
 * the linear match (hash map on eck-ids) against the definition, computed naively here, on generated imports — keys
 * kept, changed or dropped, eck-ids missing, shared by two pupils, or moved to another pupil.
 */
type Pupil = SchoolData['leerlingen'][number];

function pupil(key: string, eckid: string | null, achternaam = 'Jansen'): Pupil {
  return {
    key, eckid, achternaam, voorvoegsel: null, voornamen: 'Sam', voorletters: null, roepnaam: null, geboortedatum: '2012-05-01', geslacht: null,
    jaargroep: '1', groep: null, vestiging: null, gebruikersnaam: null, emailadres: null, samengesteldeGroepen: [],
  } as Pupil;
}

function data(leerlingen: Pupil[]): SchoolData {
  return { school: { brin6: '99ZX10', schoolkey: 'SK', schooljaar: '2026-2027', xsdversie: '2.1' }, vestigingen: [], groepen: [], leerlingen, leerkrachten: [] } as unknown as SchoolData;
}

/** The definition: old-only key and new-only key with the same eck-id, that eck-id once in each whole import. */
function naive(before: Pupil[], after: Pupil[]): Array<{ from: string; to: string }> {
  const beforeKeys = new Set(before.map((p) => p.key));
  const afterKeys = new Set(after.map((p) => p.key));
  const once = (list: Pupil[], eckid: string) => list.filter((p) => p.eckid === eckid).length === 1;
  const pairs: Array<{ from: string; to: string }> = [];
  for (const n of after) {
    if (!n.eckid || beforeKeys.has(n.key)) continue;
    for (const o of before) {
      if (o.eckid === n.eckid && !afterKeys.has(o.key) && once(before, n.eckid) && once(after, n.eckid)) pairs.push({ from: o.key, to: n.key });
    }
  }
  return pairs.sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0));
}

describe('re-keyed pupils: one changed pupil each, matched in linear time', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir();
  });
  afterAll(() => removeTempDir(dir));

  it('generated imports (fixed seed): the same pairs as the definition, and the rest as added or removed', () => {
    const random = seededRandom(propertySeed(20261207));
    for (let round = 0; round < 150; round++) {
      const { db } = openDatabase(path.join(dir, `r${round}.sqlite`));
      try {
        const size = 1 + random.int(30);
        const eck = () => (random.next() < 0.15 ? null : `eck-${random.int(size + 5)}`);
        const before = Array.from({ length: size }, (_, i) => pupil(`k${i}`, eck()));
        const after = before
          .filter(() => random.next() > 0.1)
          .map((p) => {
            const r = random.next();
            if (r < 0.4) return pupil(`n${p.key}`, p.eckid, random.next() < 0.3 ? 'Bakker' : 'Jansen'); // re-keyed
            if (r < 0.5) return pupil(p.key, eck()); // eck-id changed
            return pupil(p.key, p.eckid);
          });
        for (let extra = random.int(4); extra > 0; extra--) after.push(pupil(`x${round}-${extra}`, eck()));
        const unique = (list: Pupil[]) => [...new Map(list.map((p) => [p.key, p])).values()];
        // Some pupils move to another class (under the same key or a new one): counted as moved either way.
        for (const p of after) if (random.next() < 0.2) (p as { groep: string | null }).groep = random.next() < 0.5 ? 'K1' : null;
        const b = unique(before);
        const a = unique(after);
        storePendingImport(db, '99ZX10', data(b), { sourceName: 'oud.xml' });
        confirmPendingImport(db, '99ZX10');
        const newId = storePendingImport(db, '99ZX10', data(a), { sourceName: 'nieuw.xml' });
        const diff = diffImports(db, importId(db, '99ZX10', 'confirmed'), newId);
        const what = `seed ${random.seed}, round ${round}: ${JSON.stringify({ b: b.map((p) => [p.key, p.eckid]), a: a.map((p) => [p.key, p.eckid]) })}`;
        const expected = naive(b, a);
        const got = diff.leerlingen.changed.filter((c) => c.previousKey !== undefined).map((c) => ({ from: c.previousKey!, to: c.key }));
        expect(got, what).toEqual(expected);
        // What a confirm counts in SQL is what the full diff lists.
        expect(diffCounts(db, importId(db, '99ZX10', 'confirmed'), newId), what).toEqual(countsOf(diff));
        const from = new Set(expected.map((p) => p.from));
        const to = new Set(expected.map((p) => p.to));
        const beforeKeys = new Set(b.map((p) => p.key));
        const afterKeys = new Set(a.map((p) => p.key));
        expect([...diff.leerlingen.removed].sort(), what).toEqual(b.filter((p) => !afterKeys.has(p.key) && !from.has(p.key)).map((p) => p.key).sort());
        expect([...diff.leerlingen.added].sort(), what).toEqual(a.filter((p) => !beforeKeys.has(p.key) && !to.has(p.key)).map((p) => p.key).sort());
        // A re-keyed pupil whose name changed too says both.
        for (const c of diff.leerlingen.changed.filter((x) => x.previousKey !== undefined)) {
          const old = b.find((p) => p.key === c.previousKey)!;
          const now = a.find((p) => p.key === c.key)!;
          expect(c.fields.includes('achternaam'), what).toBe(old.achternaam !== now.achternaam);
          expect(c.fields[0], what).toBe('sleutel');
        }
      } finally {
        db.close();
      }
    }
  });
});
