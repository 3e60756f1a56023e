import { describe, expect, it } from 'vitest';
import {
  REPORTS,
  REPORT_LABEL,
  accessWarnings,
  groupWarnings,
  mergeRoles,
  permissions,
  roleLabel,
  warningMessage,
  whoSeesWhat,
} from '../../shared/domain/access';
import type { AccessClass, AccessUser, AccessWarning, Report, Role, Subject } from '../../shared/domain/access';
import { roleSchema } from '../../shared/api/resources';
import { propertySeed, seededRandom } from '../helpers/random';

const CLASSES: AccessClass[] = [
  { key: 'k-1ha', naam: '1HA' },
  { key: 'k-2ha', naam: '2HA' },
  { key: 'k-3va', naam: '3VA' },
];
const SUBJECTS: Subject[] = ['nederlands', 'engels', 'wiskunde'];

/**
 * The independent table of seed 000, written out by hand: per role kind, the reports it grants in a class it names
 * ("chosen"), in a class of the location it does not name ("other"). Kwaliteitsmedewerker names no classes and
 * covers the whole location.
 */
const TABLE: Record<string, { chosen: Report[]; other: Report[] }> = {
  leerlingbegeleider: { chosen: ['nederlands', 'engels', 'wiskunde'], other: [] },
  'vakdocent:nederlands': { chosen: ['nederlands'], other: [] },
  'vakdocent:engels': { chosen: ['engels'], other: [] },
  'vakdocent:wiskunde': { chosen: ['wiskunde'], other: [] },
  kwaliteitsmedewerker: { chosen: ['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'], other: ['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] },
};

type Kind = keyof typeof TABLE;
const KINDS = Object.keys(TABLE);

function makeRole(kind: Kind, classes: string[]): Role {
  if (kind === 'leerlingbegeleider') return { role: 'leerlingbegeleider', classes };
  if (kind === 'kwaliteitsmedewerker') return { role: 'kwaliteitsmedewerker' };
  return { role: 'vakdocent', subject: kind.split(':')[1] as Subject, classes };
}

/** The table as a Map like permissions returns: only classes with reports, in class order, reports in REPORTS order. */
function expected(access: boolean, roles: Array<{ kind: Kind; chosen: string[] }>, classes: AccessClass[] = CLASSES): Map<string, Report[]> {
  const result = new Map<string, Report[]>();
  if (!access) return result;
  for (const klass of classes) {
    const granted = new Set<Report>();
    for (const r of roles) for (const rep of r.chosen.includes(klass.key) ? TABLE[r.kind]!.chosen : TABLE[r.kind]!.other) granted.add(rep);
    const ordered = (['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] as Report[]).filter((x) => granted.has(x));
    if (ordered.length > 0) result.set(klass.key, ordered);
  }
  return result;
}

const user = (id: string, access: boolean, roles: Role[]): AccessUser => ({ id, access, roles });

describe('reports and labels', () => {
  it('lists the four reports in order with Dutch labels', () => {
    expect(REPORTS).toEqual(['nederlands', 'engels', 'wiskunde', 'klassenoverzicht']);
    expect(REPORTS.map((r) => REPORT_LABEL[r])).toEqual(['Nederlands', 'Engels', 'Wiskunde', 'Klassenoverzicht']);
  });

  it('labels every role in Dutch, as the step plan does', () => {
    expect(roleLabel({ role: 'leerlingbegeleider', classes: ['k-1ha'] })).toBe('Leerlingbegeleider');
    expect(roleLabel({ role: 'vakdocent', subject: 'nederlands', classes: [] })).toBe('Vakdocent Nederlands');
    expect(roleLabel({ role: 'vakdocent', subject: 'engels', classes: [] })).toBe('Vakdocent Engels');
    expect(roleLabel({ role: 'vakdocent', subject: 'wiskunde', classes: [] })).toBe('Vakdocent wiskunde');
    expect(roleLabel({ role: 'kwaliteitsmedewerker' })).toBe('Kwaliteitsmedewerker');
  });

  it('the test roles are valid roles of the API contract', () => {
    for (const kind of KINDS) expect(roleSchema.safeParse(makeRole(kind, ['k-1ha'])).success).toBe(true);
    // The table covers every subject of the contract, once.
    expect(KINDS.filter((k) => k.startsWith('vakdocent:'))).toEqual(SUBJECTS.map((s) => `vakdocent:${s}`));
    for (const subject of SUBJECTS) expect(roleSchema.safeParse({ role: 'vakdocent', subject, classes: [] }).success).toBe(true);
    expect(roleSchema.safeParse({ role: 'vakdocent', subject: 'frans', classes: [] }).success).toBe(false);
  });
});

describe('permissions: every role × access × class chosen / not chosen / unknown', () => {
  for (const kind of KINDS) {
    for (const access of [true, false]) {
      // chosen: k-1ha; not chosen: k-2ha, k-3va; unknown: k-weg (the location does not have it).
      it(`${kind}, access ${access ? 'on' : 'off'}`, () => {
        const chosen = ['k-1ha', 'k-weg'];
        const got = permissions(user('u', access, [makeRole(kind, chosen)]), CLASSES);
        expect(got).toEqual(expected(access, [{ kind, chosen }]));
        expect(got.has('k-weg')).toBe(false);
        if (!access) expect(got.size).toBe(0);
        for (const klass of CLASSES) {
          const want = !access ? [] : klass.key === 'k-1ha' ? TABLE[kind]!.chosen : TABLE[kind]!.other;
          expect(got.get(klass.key) ?? []).toEqual(want);
        }
      });
    }
  }

  it('spells out the seed: begeleider never sees the klassenoverzicht, vakdocent only their subject', () => {
    const begeleider = permissions(user('u', true, [{ role: 'leerlingbegeleider', classes: ['k-2ha'] }]), CLASSES);
    expect([...begeleider]).toEqual([['k-2ha', ['nederlands', 'engels', 'wiskunde']]]);
    const engels = permissions(user('u', true, [{ role: 'vakdocent', subject: 'engels', classes: ['k-1ha', 'k-3va'] }]), CLASSES);
    expect([...engels]).toEqual([
      ['k-1ha', ['engels']],
      ['k-3va', ['engels']],
    ]);
    const kwaliteit = permissions(user('u', true, [{ role: 'kwaliteitsmedewerker' }]), CLASSES);
    expect([...kwaliteit.keys()]).toEqual(['k-1ha', 'k-2ha', 'k-3va']);
    for (const reports of kwaliteit.values()) expect(reports).toEqual([...REPORTS]);
  });

  it('a user without roles, or with only unknown classes, sees nothing; no classes at the location gives nothing', () => {
    expect(permissions(user('u', true, []), CLASSES).size).toBe(0);
    expect(permissions(user('u', true, [{ role: 'leerlingbegeleider', classes: ['k-weg'] }]), CLASSES).size).toBe(0);
    expect(permissions(user('u', true, [{ role: 'kwaliteitsmedewerker' }]), []).size).toBe(0);
  });

  it('keeps the order of the classes given, whatever the order in the role', () => {
    const got = permissions(user('u', true, [{ role: 'leerlingbegeleider', classes: ['k-3va', 'k-1ha'] }]), CLASSES);
    expect([...got.keys()]).toEqual(['k-1ha', 'k-3va']);
  });
});

describe('permissions: roles add up (union)', () => {
  // Each role with its own choice of classes, so overlaps and gaps both occur.
  const choices: Record<Kind, string[]> = {
    leerlingbegeleider: ['k-1ha'],
    'vakdocent:nederlands': ['k-1ha', 'k-2ha'],
    'vakdocent:engels': ['k-2ha'],
    'vakdocent:wiskunde': ['k-3va', 'k-weg'],
    kwaliteitsmedewerker: [],
  };
  const pairs: Kind[][] = [];
  const triples: Kind[][] = [];
  for (let i = 0; i < KINDS.length; i++) {
    for (let j = i + 1; j < KINDS.length; j++) {
      pairs.push([KINDS[i]!, KINDS[j]!]);
      for (let k = j + 1; k < KINDS.length; k++) triples.push([KINDS[i]!, KINDS[j]!, KINDS[k]!]);
    }
  }

  it(`all ${pairs.length} pairs and ${triples.length} triples, access on and off, in both orders`, () => {
    for (const combo of [...pairs, ...triples]) {
      for (const access of [true, false]) {
        const spec = combo.map((kind) => ({ kind, chosen: choices[kind]! }));
        const roles = spec.map((s) => makeRole(s.kind, s.chosen));
        expect(permissions(user('u', access, roles), CLASSES)).toEqual(expected(access, spec));
        expect(permissions(user('u', access, [...roles].reverse()), CLASSES)).toEqual(expected(access, spec));
      }
    }
  });

  it('begeleider plus vakdocent in the same class still gives no klassenoverzicht; duplicates change nothing', () => {
    const roles: Role[] = [
      { role: 'leerlingbegeleider', classes: ['k-1ha'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-1ha', 'k-2ha'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-2ha'] },
    ];
    expect([...permissions(user('u', true, roles), CLASSES)]).toEqual([
      ['k-1ha', ['nederlands', 'engels', 'wiskunde']],
      ['k-2ha', ['wiskunde']],
    ]);
  });
});

describe('whoSeesWhat', () => {
  const users: AccessUser[] = [
    user('johan', true, [
      { role: 'leerlingbegeleider', classes: ['k-1ha'] },
      { role: 'vakdocent', subject: 'nederlands', classes: ['k-1ha', 'k-2ha'] },
    ]),
    user('beheerder', true, [{ role: 'kwaliteitsmedewerker' }]),
    user('uit', false, [{ role: 'kwaliteitsmedewerker' }]),
    user('leeg', true, []),
    user('oud', true, [{ role: 'vakdocent', subject: 'engels', classes: ['k-weg', 'k-3va'] }]),
  ];

  it('lists every class in the given order with its viewers, and every user with their classes', () => {
    const { byClass, byUser } = whoSeesWhat(users, CLASSES);
    expect(byClass).toEqual([
      {
        classKey: 'k-1ha',
        naam: '1HA',
        viewers: [
          { userId: 'johan', reports: ['nederlands', 'engels', 'wiskunde'] },
          { userId: 'beheerder', reports: ['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] },
        ],
      },
      {
        classKey: 'k-2ha',
        naam: '2HA',
        viewers: [
          { userId: 'johan', reports: ['nederlands'] },
          { userId: 'beheerder', reports: ['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] },
        ],
      },
      {
        classKey: 'k-3va',
        naam: '3VA',
        viewers: [
          { userId: 'beheerder', reports: ['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] },
          { userId: 'oud', reports: ['engels'] },
        ],
      },
    ]);
    expect(byUser.map((u) => u.userId)).toEqual(['johan', 'beheerder', 'uit', 'leeg', 'oud']);
    expect(byUser.find((u) => u.userId === 'uit')!.classes).toEqual([]);
    expect(byUser.find((u) => u.userId === 'leeg')!.classes).toEqual([]);
    expect(byUser.find((u) => u.userId === 'oud')!.classes).toEqual([{ classKey: 'k-3va', reports: ['engels'] }]);
  });

  it('byClass and byUser are the same relation as permissions, for generated users', () => {
    // Every subset of roles (each with its own classes), access on and off: 2^5 × 2 users.
    const pool: Role[] = [
      { role: 'leerlingbegeleider', classes: ['k-2ha', 'k-weg'] },
      { role: 'vakdocent', subject: 'nederlands', classes: ['k-1ha'] },
      { role: 'vakdocent', subject: 'engels', classes: ['k-1ha', 'k-3va'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-2ha'] },
      { role: 'kwaliteitsmedewerker' },
    ];
    const generated: AccessUser[] = [];
    for (let mask = 0; mask < 1 << pool.length; mask++) {
      for (const access of [true, false]) {
        generated.push(user(`u${mask}-${access}`, access, pool.filter((_, i) => mask & (1 << i))));
      }
    }
    const { byClass, byUser } = whoSeesWhat(generated, CLASSES);
    const triplesFromClass = byClass.flatMap((c) => c.viewers.flatMap((v) => v.reports.map((r) => `${v.userId}|${c.classKey}|${r}`)));
    const triplesFromUser = byUser.flatMap((u) => u.classes.flatMap((c) => c.reports.map((r) => `${u.userId}|${c.classKey}|${r}`)));
    const triplesFromPermissions = generated.flatMap((u) =>
      [...permissions(u, CLASSES)].flatMap(([classKey, reports]) => reports.map((r) => `${u.id}|${classKey}|${r}`)),
    );
    expect(new Set(triplesFromClass)).toEqual(new Set(triplesFromPermissions));
    expect(new Set(triplesFromUser)).toEqual(new Set(triplesFromPermissions));
    expect(triplesFromClass.length).toBe(triplesFromPermissions.length);
    expect(triplesFromUser.length).toBe(triplesFromPermissions.length);
    expect(byClass.map((c) => c.classKey)).toEqual(CLASSES.map((c) => c.key));
    expect(byUser.map((u) => u.userId)).toEqual(generated.map((u) => u.id));
    for (const entry of byUser) {
      expect(new Map(entry.classes.map((c) => [c.classKey, c.reports]))).toEqual(permissions(generated.find((u) => u.id === entry.userId)!, CLASSES));
    }
  });

  it('empty inputs give empty views', () => {
    expect(whoSeesWhat([], CLASSES).byClass.every((c) => c.viewers.length === 0)).toBe(true);
    expect(whoSeesWhat([], [])).toEqual({ byClass: [], byUser: [] });
  });
});

describe('accessWarnings', () => {
  const beheerder = user('beheerder', true, [{ role: 'kwaliteitsmedewerker' }]);
  const mentor = user('mentor', true, [{ role: 'leerlingbegeleider', classes: ['k-1ha', 'k-2ha', 'k-3va'] }]);

  it('a sound set-up gives no warnings', () => {
    expect(accessWarnings([beheerder, mentor], CLASSES)).toEqual([]);
    // A user with neither access nor roles is simply not in use: no warning.
    expect(accessWarnings([beheerder, mentor, user('nieuw', false, [])], CLASSES)).toEqual([]);
    // Vakdocenten with known classes, and a begeleider who is also kwaliteitsmedewerker: fine.
    const both = user('both', true, [{ role: 'kwaliteitsmedewerker' }, { role: 'leerlingbegeleider', classes: ['k-1ha', 'k-2ha', 'k-3va'] }]);
    const docent = user('docent', true, [{ role: 'vakdocent', subject: 'wiskunde', classes: ['k-2ha'] }]);
    expect(accessWarnings([both, docent], CLASSES)).toEqual([]);
    // No classes to check: only the kwaliteitsmedewerker rule applies.
    expect(accessWarnings([beheerder], [])).toEqual([]);
  });

  it('roles-without-access: roles while access is off', () => {
    const off = user('off', false, [{ role: 'vakdocent', subject: 'engels', classes: ['k-1ha'] }]);
    expect(accessWarnings([beheerder, mentor, off], CLASSES)).toEqual([{ kind: 'roles-without-access', userId: 'off' }]);
  });

  it('access-without-roles: access on, no roles', () => {
    expect(accessWarnings([beheerder, mentor, user('leeg', true, [])], CLASSES)).toEqual([{ kind: 'access-without-roles', userId: 'leeg' }]);
  });

  it('class-without-begeleider: per class in the given order; a begeleider without access, a vakdocent or kwaliteitsmedewerker does not count', () => {
    const partial = user('mentor', true, [{ role: 'leerlingbegeleider', classes: ['k-2ha'] }]);
    const offBegeleider = user('off', false, [{ role: 'leerlingbegeleider', classes: ['k-1ha'] }]);
    const docent = user('docent', true, [{ role: 'vakdocent', subject: 'nederlands', classes: ['k-1ha', 'k-3va'] }]);
    expect(accessWarnings([beheerder, partial, offBegeleider, docent], CLASSES)).toEqual([
      { kind: 'roles-without-access', userId: 'off' },
      { kind: 'class-without-begeleider', classKey: 'k-1ha' },
      { kind: 'class-without-begeleider', classKey: 'k-3va' },
    ]);
    // Only the classes passed are checked (the caller leaves out samengestelde groepen).
    expect(accessWarnings([beheerder, partial], [{ key: 'k-2ha', naam: '2HA' }])).toEqual([]);
  });

  it('unknown-classes: sorted, without duplicates, across roles; also for a user without access', () => {
    const stale = user('oud', true, [
      { role: 'leerlingbegeleider', classes: ['k-zz', 'k-1ha', 'k-aa'] },
      { role: 'vakdocent', subject: 'engels', classes: ['k-aa', 'k-2ha'] },
    ]);
    expect(accessWarnings([beheerder, mentor, stale], CLASSES)).toEqual([{ kind: 'unknown-classes', userId: 'oud', classKeys: ['k-aa', 'k-zz'] }]);
    const staleOff = user('oud', false, [{ role: 'vakdocent', subject: 'wiskunde', classes: ['k-weg'] }]);
    expect(accessWarnings([beheerder, mentor, staleOff], CLASSES)).toEqual([
      { kind: 'roles-without-access', userId: 'oud' },
      { kind: 'unknown-classes', userId: 'oud', classKeys: ['k-weg'] },
    ]);
  });

  it('no-kwaliteitsmedewerker: nobody, or only someone without access', () => {
    expect(accessWarnings([mentor], CLASSES)).toEqual([{ kind: 'no-kwaliteitsmedewerker' }]);
    expect(accessWarnings([mentor, user('uit', false, [{ role: 'kwaliteitsmedewerker' }])], CLASSES)).toEqual([
      { kind: 'roles-without-access', userId: 'uit' },
      { kind: 'no-kwaliteitsmedewerker' },
    ]);
  });

  it('a fresh location warns for every class and for the missing kwaliteitsmedewerker, in order', () => {
    expect(accessWarnings([], CLASSES)).toEqual([
      { kind: 'class-without-begeleider', classKey: 'k-1ha' },
      { kind: 'class-without-begeleider', classKey: 'k-2ha' },
      { kind: 'class-without-begeleider', classKey: 'k-3va' },
      { kind: 'no-kwaliteitsmedewerker' },
    ]);
  });
});

describe('warningMessage', () => {
  const names = {
    user: (id: string) => ({ johan: 'Johan Johansen' })[id] ?? id,
    klass: (key: string) => CLASSES.find((c) => c.key === key)?.naam ?? key,
  };
  const msg = (w: AccessWarning) => warningMessage(w, names);

  it('says in Dutch what is wrong and what to do, with display names', () => {
    expect(msg({ kind: 'roles-without-access', userId: 'johan' })).toBe(
      "Johan Johansen heeft rollen, maar 'Toegang tot applicatie' staat uit: de rollen geven zo geen toegang. Vink 'Toegang tot applicatie' aan, of verwijder de rollen.",
    );
    expect(msg({ kind: 'access-without-roles', userId: 'johan' })).toBe(
      "Johan Johansen heeft toegang tot de applicatie, maar geen rol en ziet dus geen rapportages. Wijs een rol en klassen toe, of zet 'Toegang tot applicatie' uit.",
    );
    expect(msg({ kind: 'class-without-begeleider', classKey: 'k-1ha' })).toBe(
      'Klas 1HA heeft geen leerlingbegeleider met toegang. Geef de mentor of een andere begeleider de rol Leerlingbegeleider voor deze klas.',
    );
    expect(msg({ kind: 'unknown-classes', userId: 'johan', classKeys: ['k-weg'] })).toBe(
      'De rollen van Johan Johansen noemen de klas k-weg, die deze locatie niet (meer) heeft. Haal deze klas uit de rollen.',
    );
    expect(msg({ kind: 'unknown-classes', userId: 'johan', classKeys: ['k-1ha', 'k-weg'] })).toBe(
      'De rollen van Johan Johansen noemen de klassen 1HA, k-weg, die deze locatie niet (meer) heeft. Haal deze klassen uit de rollen.',
    );
    expect(msg({ kind: 'no-kwaliteitsmedewerker' })).toBe(
      "Niemand met toegang is kwaliteitsmedewerker. Geef jezelf de rol Kwaliteitsmedewerker en vink 'Toegang tot applicatie' aan, zodat je alle rapportages en het klassenoverzicht kunt inzien.",
    );
  });

  it('has a message for every warning accessWarnings produces, never with raw ids when names are known', () => {
    const users = [
      user('johan', false, [{ role: 'leerlingbegeleider', classes: ['k-weg'] }]),
      user('leeg', true, []),
    ];
    for (const w of accessWarnings(users, CLASSES)) {
      const text = msg(w);
      expect(text.length).toBeGreaterThan(20);
      expect(text).not.toContain('k-1ha');
      expect(text).not.toContain('undefined');
    }
  });
});

describe('mergeRoles', () => {
  it('unions classes of the same role (and subject), sorted and without duplicates', () => {
    const existing: Role[] = [
      { role: 'leerlingbegeleider', classes: ['k-2ha'] },
      { role: 'vakdocent', subject: 'engels', classes: ['k-3va', 'k-1ha'] },
    ];
    const added: Role[] = [
      { role: 'leerlingbegeleider', classes: ['k-1ha', 'k-2ha'] },
      { role: 'vakdocent', subject: 'engels', classes: ['k-1ha'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-2ha'] },
    ];
    expect(mergeRoles(existing, added)).toEqual([
      { role: 'leerlingbegeleider', classes: ['k-1ha', 'k-2ha'] },
      { role: 'vakdocent', subject: 'engels', classes: ['k-1ha', 'k-3va'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-2ha'] },
    ]);
  });

  it('keeps vakdocent subjects apart, and kwaliteitsmedewerker at most once', () => {
    const merged = mergeRoles(
      [{ role: 'kwaliteitsmedewerker' }, { role: 'vakdocent', subject: 'wiskunde', classes: ['k-1ha'] }],
      [{ role: 'kwaliteitsmedewerker' }, { role: 'vakdocent', subject: 'nederlands', classes: ['k-1ha'] }, { role: 'kwaliteitsmedewerker' }],
    );
    expect(merged).toEqual([
      { role: 'vakdocent', subject: 'nederlands', classes: ['k-1ha'] },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['k-1ha'] },
      { role: 'kwaliteitsmedewerker' },
    ]);
  });

  it('returns a fixed order: begeleider, vakdocent Nederlands/Engels/Wiskunde, kwaliteitsmedewerker', () => {
    const all: Role[] = [
      { role: 'kwaliteitsmedewerker' },
      { role: 'vakdocent', subject: 'wiskunde', classes: ['c'] },
      { role: 'vakdocent', subject: 'engels', classes: ['b'] },
      { role: 'vakdocent', subject: 'nederlands', classes: ['a'] },
      { role: 'leerlingbegeleider', classes: ['d'] },
    ];
    expect(mergeRoles(all, []).map(roleLabel)).toEqual([
      'Leerlingbegeleider',
      'Vakdocent Nederlands',
      'Vakdocent Engels',
      'Vakdocent wiskunde',
      'Kwaliteitsmedewerker',
    ]);
    expect(mergeRoles([], [...all].reverse())).toEqual(mergeRoles(all, []));
  });

  it('normalises a single user, is idempotent, commutative in result, and does not change its inputs', () => {
    const messy: Role[] = [
      { role: 'leerlingbegeleider', classes: ['k-3va', 'k-1ha', 'k-3va'] },
      { role: 'leerlingbegeleider', classes: [] },
      { role: 'vakdocent', subject: 'nederlands', classes: [] },
    ];
    const snapshot = structuredClone(messy);
    const once = mergeRoles(messy, []);
    expect(once).toEqual([
      { role: 'leerlingbegeleider', classes: ['k-1ha', 'k-3va'] },
      { role: 'vakdocent', subject: 'nederlands', classes: [] },
    ]);
    expect(mergeRoles(once, [])).toEqual(once);
    expect(mergeRoles(once, once)).toEqual(once);
    expect(mergeRoles(messy, messy)).toEqual(once);
    expect(messy).toEqual(snapshot);
    expect(mergeRoles([], [])).toEqual([]);
    const a: Role[] = [{ role: 'vakdocent', subject: 'engels', classes: ['x'] }];
    const b: Role[] = [{ role: 'vakdocent', subject: 'engels', classes: ['y'] }, { role: 'kwaliteitsmedewerker' }];
    expect(mergeRoles(a, b)).toEqual(mergeRoles(b, a));
    for (const role of mergeRoles(a, b)) expect(roleSchema.safeParse(role).success).toBe(true);
  });

  it('merging does not change what a user may see beyond the union of both role sets', () => {
    const existing: Role[] = [{ role: 'vakdocent', subject: 'engels', classes: ['k-1ha'] }];
    const added: Role[] = [{ role: 'leerlingbegeleider', classes: ['k-2ha'] }, { role: 'vakdocent', subject: 'engels', classes: ['k-3va'] }];
    expect(permissions(user('u', true, mergeRoles(existing, added)), CLASSES)).toEqual(permissions(user('u', true, [...existing, ...added]), CLASSES));
  });
});

describe('groupWarnings: one line per kind with a count, the names folded (issue 15, point 8)', () => {
  const names = { user: (id: string) => `Gebruiker ${id}`, klass: (key: string) => key.toUpperCase() };
  it('69 classes without a begeleider are one group with 69 names, in order', () => {
    const warnings: AccessWarning[] = Array.from({ length: 69 }, (_, i) => ({ kind: 'class-without-begeleider' as const, classKey: `k${i}` }));
    const groups = groupWarnings(warnings, names);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ kind: 'class-without-begeleider', title: '69 klassen zonder leerlingbegeleider' });
    expect(groups[0]!.names).toHaveLength(69);
    expect(groups[0]!.names.slice(0, 2)).toEqual(['K0', 'K1']);
  });

  it('property: every warning is in exactly one group, and each group says its count', () => {
    const seed = propertySeed(4242);
    const random = seededRandom(seed);
    for (let round = 0; round < 300; round++) {
      const warnings: AccessWarning[] = [];
      const n = random.int(40);
      for (let i = 0; i < n; i++) {
        const kind = random.pick(['roles-without-access', 'access-without-roles', 'class-without-begeleider', 'unknown-classes'] as const);
        if (kind === 'class-without-begeleider') warnings.push({ kind, classKey: `c${i}` });
        else if (kind === 'unknown-classes') warnings.push({ kind, userId: `u${i}`, classKeys: ['x'] });
        else warnings.push({ kind, userId: `u${i}` });
      }
      if (random.next() < 0.5) warnings.push({ kind: 'no-kwaliteitsmedewerker' });
      const groups = groupWarnings(warnings, names);
      const where = `seed ${seed} round ${round}`;
      const covered = groups.reduce((sum, g) => sum + (g.names.length || 1), 0);
      expect(covered, where).toBe(warnings.length);
      for (const g of groups) if (g.names.length > 1) expect(g.title, where).toMatch(new RegExp(`^${g.names.length} `));
      expect(new Set(groups.filter((g) => g.kind !== 'unknown-classes').map((g) => g.kind)).size, where).toBe(groups.filter((g) => g.kind !== 'unknown-classes').length);
    }
  });
});
