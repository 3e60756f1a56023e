import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGIES, STRATEGIES, classSuccession, rolloverPlan } from '../../shared/domain/succession';
import type { ClassInfo, Colleague, Move, Strategy } from '../../shared/domain/succession';
import type { Role } from '../../shared/domain/access';
import { propertySeed, seededRandom } from '../helpers/random';

const klass = (key: string, naam = key, jaargroep: string | null = null): ClassInfo => ({ key, naam, jaargroep });
const moves = (from: string, to: string | null, n: number): Move[] => Array.from({ length: n }, () => ({ from, to }));

describe('class succession from where the pupils went (issue 37, point 1)', () => {
  const oldClasses = [klass('K1HA', '1HA'), klass('K3HA', '3HA'), klass('K6VA', '6VA'), klass('K2B', '2B')];
  const newClasses = [klass('N2HA', '2HA'), klass('N2HB', '2HB'), klass('N4HA', '4HA'), klass('N4HB', '4HB'), klass('N2B', '2B')];
  const all = [...moves('K1HA', 'N2HA', 27), ...moves('K1HA', 'N2HB', 2), ...moves('K3HA', 'N4HA', 14), ...moves('K3HA', 'N4HB', 14), ...moves('K6VA', null, 28), ...moves('K2B', 'N2HB', 20)];

  it('says where each class went, and when there is no clear successor, says so', () => {
    const lines = classSuccession(oldClasses, newClasses, all).map((s) => s.line);
    expect(lines).toEqual([
      '1HA → 2HA: 27 van 29 leerlingen; 2 naar 2HB',
      '3HA: geen duidelijke opvolger (14 naar 4HA, 14 naar 4HB)',
      '6VA: alle 28 leerlingen zijn vertrokken — geen opvolger',
      '2B → 2HB: 20 van 20 leerlingen',
    ]);
    const [first, split, exam, same] = classSuccession(oldClasses, newClasses, all);
    expect(first!.successor?.key).toBe('N2HA');
    expect(split!.successor).toBeNull();
    expect(exam!.left).toBe(28);
    // 2B still exists by name (another class now), but its pupils went to 2HB: both facts are there.
    expect(same!.sameName?.key).toBe('N2B');
    expect(same!.successor?.key).toBe('N2HB');
  });

  const colleague = (id: string, roles: Role[], extra: Partial<Colleague> = {}): Colleague => ({ id, name: id, email: `${id}@school.example`, leerkrachtKey: null, access: true, roles, ...extra });

  it('plans per colleague and role: the file\'s own links, the class that follows its pupils, the same name, or vervalt', () => {
    const plan = rolloverPlan({
      oldClasses, newClasses, moves: all,
      teachers: [{ key: 'LK7', email: 'anders@school.example', groepen: ['N4HA', 'N4HB', 'ONBEKEND'] }, { key: 'LK8', email: 'piet@school.example', groepen: ['N2HB'] }],
      colleagues: [
        colleague('mentor', [{ role: 'leerlingbegeleider', classes: ['K1HA', 'K6VA'] }]),
        colleague('wiskunde', [{ role: 'vakdocent', subject: 'wiskunde', classes: ['K3HA'] }], { leerkrachtKey: 'LK7' }),
        colleague('piet', [{ role: 'vakdocent', subject: 'engels', classes: ['K2B'] }]),
        colleague('kwaliteit', [{ role: 'kwaliteitsmedewerker' }]),
      ],
    });
    const [mentor, wiskunde, piet, kwaliteit] = plan.colleagues;
    expect(mentor!.roles[0]).toMatchObject({ proposed: ['N2HA'], reasons: [{ from: 'K1HA', to: 'N2HA', reason: 'klas volgt leerlingen' }, { from: 'K6VA', to: null, reason: 'vervalt' }] });
    // Matched by the leerkracht key it was added from; a class the file names that does not exist is never taken.
    expect(wiskunde!.roles[0]).toMatchObject({ proposed: ['N4HA', 'N4HB'], fileKnown: true, reasons: [{ reason: 'volgens het bestand' }, { reason: 'volgens het bestand' }] });
    // Matched by e-mail address.
    expect(piet!.roles[0]!.proposed).toEqual(['N2HB']);
    expect(kwaliteit!.changed).toBe(false);
    expect(kwaliteit!.after).toEqual([{ role: 'kwaliteitsmedewerker' }]);
    expect(plan.seeNothing).toEqual([]);

    const byName = rolloverPlan({ oldClasses, newClasses, moves: all, teachers: [], colleagues: [colleague('x', [{ role: 'leerlingbegeleider', classes: ['K2B', 'K3HA'] }])] }, ['name']);
    expect(byName.colleagues[0]!.roles[0]).toMatchObject({ proposed: ['N2B'], reasons: [{ from: 'K2B', to: 'N2B', reason: 'zelfde naam' }, { from: 'K3HA', to: null, reason: 'vervalt' }] });
    expect(byName.uncovered).toEqual(['N2HA', 'N2HB', 'N4HA', 'N4HB']);

    // The default never takes a class by its name alone; a class already in the new file stays.
    expect(DEFAULT_STRATEGIES).toEqual(['file', 'follow']);
    const again = rolloverPlan({ oldClasses, newClasses, moves: all, teachers: [], colleagues: [colleague('z', [{ role: 'leerlingbegeleider', classes: ['N2HA', 'K6VA'] }])] });
    expect(again.colleagues[0]!.roles[0]!.reasons).toEqual([{ from: 'N2HA', to: 'N2HA', reason: 'blijft' }, { from: 'K6VA', to: null, reason: 'vervalt' }]);

    const nothing = rolloverPlan({ oldClasses, newClasses, moves: all, teachers: [], colleagues: [colleague('y', [{ role: 'leerlingbegeleider', classes: ['K6VA'] }])] });
    expect(nothing.seeNothing).toEqual(['y']);
  });

  it('never gives a colleague a class the new file does not have; keeps every role; classless roles unchanged (generated, fixed seed)', () => {
    const random = seededRandom(propertySeed(3737));
    for (let round = 0; round < 400; round++) {
      const olds = Array.from({ length: 1 + random.int(12) }, (_, i) => klass(`O${i}`, `${1 + random.int(6)}${'ABC'[random.int(3)]}`));
      const news = Array.from({ length: random.int(12) }, (_, i) => klass(`N${i}`, `${1 + random.int(6)}${'ABC'[random.int(3)]}`));
      const all: Move[] = [];
      for (const o of olds) for (let p = random.int(30); p > 0; p--) all.push({ from: o.key, to: random.next() < 0.15 || news.length === 0 ? (random.next() < 0.5 ? null : 'WEG') : random.pick(news).key });
      const pickClasses = () => olds.filter(() => random.next() < 0.3).map((c) => c.key);
      const colleagues = Array.from({ length: 1 + random.int(6) }, (_, i) =>
        colleague(`c${i}`, [
          { role: 'leerlingbegeleider', classes: pickClasses() },
          ...(random.next() < 0.5 ? [{ role: 'vakdocent', subject: 'engels', classes: pickClasses() } as Role] : []),
          ...(random.next() < 0.3 ? [{ role: 'kwaliteitsmedewerker' } as Role] : []),
        ], { leerkrachtKey: random.next() < 0.5 ? `T${i}` : null }),
      );
      const teachers = colleagues.map((_, i) => ({ key: `T${i}`, email: null, groepen: [...news.filter(() => random.next() < 0.3).map((c) => c.key), 'BESTAAT-NIET'] }));
      const order = [...STRATEGIES].sort(() => random.next() - 0.5).slice(0, 1 + random.int(3)) as Strategy[];
      const choices = new Map<string, Strategy[]>();
      const plan = rolloverPlan({ oldClasses: olds, newClasses: news, moves: all, teachers, colleagues }, order, (id, index) => (random.next() < 0.3 ? (choices.get(`${id}/${index}`) ?? [random.pick(STRATEGIES)]) : undefined));
      const newKeys = new Set(news.map((c) => c.key));
      const message = `seed ${random.seed}, round ${round}`;
      plan.colleagues.forEach((c, i) => {
        const before = colleagues[i]!.roles;
        expect(c.after.length, message).toBe(before.length);
        c.after.forEach((role, r) => {
          expect(role.role, message).toBe(before[r]!.role);
          if ('classes' in role) {
            for (const key of role.classes) expect(newKeys.has(key), `${message}: ${key}`).toBe(true);
            expect(new Set(role.classes).size, message).toBe(role.classes.length);
          } else expect(role, message).toEqual(before[r]);
        });
        for (const key of c.sees) expect(newKeys.has(key), message).toBe(true);
      });
      for (const s of plan.succession) if (s.successor) expect(s.destinations[0]!.count * 2, message).toBeGreaterThanOrEqual(s.total);
      for (const key of plan.uncovered) expect(plan.colleagues.some((c) => c.sees.includes(key)), message).toBe(false);
    }
  });
});
