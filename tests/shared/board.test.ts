import { describe, expect, it } from 'vitest';
import { attentionReasons, boardCsv, filterRows, matchesQuery, needsAttention, rankLocations, searchKey, sortRows } from '../../shared/domain/board';
import type { BoardRow, SortKey } from '../../shared/domain/board';
import { propertySeed, seededRandom } from '../helpers/random';
import type { Random } from '../helpers/random';

const STEP_IDS = ['sign-in', 'import', 'confirm-school', 'load-planner', 'check-availability'] as const;

function row(overrides: Partial<BoardRow> = {}): BoardRow {
  return {
    brin6: '99ZX10',
    name: 'Het Lyceum',
    username: 'ria',
    steps: STEP_IDS.map((id) => ({ id, state: 'done' as const, note: 'Klaar.' })),
    signedIn: true,
    pending: 0,
    failed: 0,
    conflicts: 0,
    delayed: 0,
    lastSuccessAt: '2026-12-01T10:00:00.000Z',
    schooljaar: '2026-2027',
    schoolYearCurrent: true,
    warnings: [],
    readiness: { ready: true, gaps: [] },
    ...overrides,
  };
}

/** The readiness answer main gives for these steps (each step not done is a gap of its own severity). */
function gapsOf(steps: BoardRow['steps']): BoardRow['readiness'] {
  const gaps = steps.filter((s) => s.state !== 'done').map((s) => ({ step: s.id, text: s.note, severity: s.state as 'attention' | 'todo' }));
  return { ready: gaps.length === 0, gaps };
}

const NAMES = ['Het Lyceum', 'Sint-Jozef College', 'École Française', 'De Breul', 'Het Baarnsch Lyceum', 'Montessori Lyceum', 'Stedelijk Gymnasium', 'Oost'];

function randomRow(r: Random, i: number): BoardRow {
  const steps = STEP_IDS.map((id) => ({ id, state: r.pick(['done', 'attention', 'todo'] as const), note: 'Notitie.' }));
  return row({
    readiness: gapsOf(steps),
    brin6: `${String(10 + r.int(90))}${'ABCDEFGHJKLMNPRSTUVWXZ'[r.int(22)]}${'ABCDEFGHJKLMNPRSTUVWXZ'[r.int(22)]}${String(i).padStart(2, '0')}`,
    name: `${r.pick(NAMES)}${r.next() < 0.3 ? ` ${r.int(9)}` : ''}`,
    steps,
    signedIn: r.next() < 0.6,
    pending: r.next() < 0.5 ? 0 : r.int(40),
    failed: r.next() < 0.8 ? 0 : r.int(3),
    conflicts: r.next() < 0.85 ? 0 : r.int(2),
    delayed: r.next() < 0.85 ? 0 : r.int(4),
    lastSuccessAt: r.next() < 0.3 ? null : `2026-11-${String(1 + r.int(28)).padStart(2, '0')}T0${r.int(10)}:00:00.000Z`,
    ...(r.next() < 0.2 ? { schooljaar: null, schoolYearCurrent: null } : { schooljaar: r.pick(['2025-2026', '2026-2027']), schoolYearCurrent: r.next() < 0.7 }),
  });
}

describe('a school board\'s overview: attention, search, sort, CSV, switcher', () => {
  it('names each reason a location needs attention, and none for a location in order', () => {
    expect(attentionReasons(row())).toEqual([]);
    expect(needsAttention(row({ pending: 5 }))).toBe(false); // signed in: they go out
    expect(
      attentionReasons(
        row({
          steps: [{ id: 'sign-in', state: 'attention', note: 'Niet meer aangemeld.' }, ...row().steps.slice(1)],
          readiness: {
            ready: false,
            gaps: [
              { step: 'sign-in', text: 'Niet meer aangemeld.', severity: 'attention' },
              { step: 'confirm-school', text: 'Bestand van schooljaar 2025-2026.', severity: 'attention' },
              { step: 'invite', text: '2 gebruikers nog niet uitgenodigd.', severity: 'todo' },
            ],
          },
          signedIn: false,
          pending: 3,
          failed: 1,
          conflicts: 2,
          delayed: 4,
          schooljaar: '2025-2026',
          schoolYearCurrent: false,
        }),
      ),
    ).toEqual([
      'Stap 1: Niet meer aangemeld.',
      'Stap 3: Bestand van schooljaar 2025-2026.',
      '1 wijziging geweigerd',
      '2 conflicten',
      '4 wijzigingen vertraagd',
      'Niet aangemeld terwijl 3 wijzigingen wachten',
    ]);
  });

  it('finds a location by BRIN6 or name, without regard to case, accents, spaces or hyphens', () => {
    expect(matchesQuery(row({ brin6: '99ZX10' }), '99 zx 10')).toBe(true);
    expect(matchesQuery(row({ name: 'Sint-Jozef College' }), 'sint jozef')).toBe(true);
    expect(matchesQuery(row({ name: 'École Française' }), 'ecole')).toBe(true);
    expect(matchesQuery(row({ name: 'De Breul' }), 'lyceum')).toBe(false);
    expect(searchKey('  A-b_c.D ')).toBe('abcd');
  });

  it('properties: filter keeps exactly the matching rows in order; sort is a stable permutation in column order', () => {
    const seed = propertySeed(1803);
    const r = seededRandom(seed);
    const keys: SortKey[] = ['brin6', 'name', 'steps', 'account', 'pending', 'problems', 'lastSuccessAt', 'schooljaar', 'attention'];
    for (let round = 0; round < 300; round++) {
      const rows = Array.from({ length: 1 + r.int(60) }, (_, i) => randomRow(r, i));
      const query = r.pick(['', 'lyceum', 'sint', r.pick(rows).brin6.slice(0, 3).toLowerCase(), 'zzz']);
      const attentionOnly = r.next() < 0.5;
      const filtered = filterRows(rows, { query, attentionOnly });
      const message = `seed ${seed}, round ${round}`;
      expect(filtered, message).toEqual(rows.filter((x) => matchesQuery(x, query) && (!attentionOnly || attentionReasons(x).length > 0)));
      const key = r.pick(keys);
      const direction = r.pick(['ascending', 'descending'] as const);
      const sorted = sortRows(rows, key, direction);
      expect([...sorted].map((x) => x.brin6).sort(), message).toEqual([...rows].map((x) => x.brin6).sort());
      // Sorting twice, or sorting an already sorted list, changes nothing (no jumping rows between refreshes).
      expect(sortRows(sorted, key, direction), message).toEqual(sorted);
      expect(sortRows([...rows].reverse(), key, direction).map((x) => x.brin6), message).toEqual(sorted.map((x) => x.brin6));
    }
  });

  it('sorts numbers as numbers and names the Dutch way', () => {
    const rows = [row({ brin6: '11AA01', name: 'b', pending: 10 }), row({ brin6: '11AA02', name: 'Á', pending: 9 }), row({ brin6: '11AA03', name: 'c', pending: 100 })];
    expect(sortRows(rows, 'pending', 'descending').map((x) => x.pending)).toEqual([100, 10, 9]);
    expect(sortRows(rows, 'name', 'ascending').map((x) => x.name)).toEqual(['Á', 'b', 'c']);
  });

  it('exports the rows as safe CSV with a Dutch header, one line per location', () => {
    const { fileName, csv } = boardCsv([row({ name: '=HYPERLINK("x")', signedIn: false, pending: 2 })], new Date('2026-12-03T10:00:00Z'), (iso) => iso.slice(0, 10));
    expect(fileName).toBe('schoollocaties-2026-12-03.csv');
    const [header, line] = csv.split('\r\n');
    expect(header).toBe('BRIN6;Naam;Stap 1;Stap 2;Stap 3;Stap 4;Stap 5;Stap 6;Stap 7;Stap 8;Stand;Account;Wachtrij;Vertraagd;Geweigerd;Conflicten;Laatst gesynchroniseerd;Schooljaar;Aandacht;Open punten');
    expect(line).toBe(`99ZX10;"'=HYPERLINK(""x"")";klaar;klaar;klaar;klaar;klaar;nog doen;nog doen;nog doen;Klaar;Niet aangemeld;2;0;0;0;2026-12-01;2026-2027;Niet aangemeld terwijl 2 wijzigingen wachten;`);
  });

  it('the switcher: recent first without a query; with one, only matches, a starting match before a contained one', () => {
    const locations = [
      { brin6: '01AA01', name: 'Oost' },
      { brin6: '02BB02', name: 'West Lyceum' },
      { brin6: '03CC03', name: 'Lyceum Noord' },
      { brin6: '04DD04', name: 'Zuid' },
    ];
    expect(rankLocations(locations, '', ['04DD04', '02BB02']).map((l) => l.brin6)).toEqual(['04DD04', '02BB02', '03CC03', '01AA01']);
    expect(rankLocations(locations, 'lyc', []).map((l) => l.brin6)).toEqual(['03CC03', '02BB02']);
    expect(rankLocations(locations, 'lyc', ['02BB02']).map((l) => l.brin6)).toEqual(['02BB02', '03CC03']);
    expect(rankLocations(locations, '04dd', []).map((l) => l.brin6)).toEqual(['04DD04']);
    expect(rankLocations(locations, 'yceu', []).map((l) => l.brin6)).toEqual(['03CC03', '02BB02']);
    expect(rankLocations(locations, 'xyz', ['01AA01'])).toEqual([]);
  });

  it('property: the switcher lists exactly the matching locations, each once', () => {
    const seed = propertySeed(1804);
    const r = seededRandom(seed);
    for (let round = 0; round < 300; round++) {
      const locations = Array.from({ length: 1 + r.int(60) }, (_, i) => randomRow(r, i));
      const recent = r.subset(locations.map((l) => l.brin6)).slice(0, 8);
      const query = r.pick(['', 'ly', 'sint jo', locations[0]!.brin6.slice(2, 5), 'q']);
      const ranked = rankLocations(locations, query, recent);
      expect(new Set(ranked), `seed ${seed}, round ${round}`).toEqual(new Set(locations.filter((l) => matchesQuery(l, query))));
      if (query === '') expect(ranked.slice(0, recent.length).map((l) => l.brin6), `seed ${seed}, round ${round}`).toEqual(recent);
    }
  });
});
