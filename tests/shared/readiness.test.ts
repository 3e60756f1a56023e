import { describe, expect, it } from 'vitest';
import { permissions } from '../../shared/domain/access';
import type { Role } from '../../shared/domain/access';
import { nameList, readiness } from '../../shared/domain/readiness';
import type { ReadinessFacts, ReadinessUser } from '../../shared/domain/readiness';
import type { StepProgress } from '../../shared/domain/progress';
import { propertySeed, seededRandom } from '../helpers/random';

const STEPS_DONE: StepProgress[] = (['sign-in', 'import', 'confirm-school', 'load-planner', 'check-availability'] as const).map((id) => ({ id, state: 'done', note: 'klaar' }));
const CLASSES = [
  { key: 'K1', naam: '1HA' },
  { key: 'K2', naam: '2HA' },
  { key: 'K3', naam: '3BA' },
];

function user(id: string, roles: Role[], extra: Partial<ReadinessUser> = {}): ReadinessUser {
  return { id, name: `Collega ${id}`, access: true, roles, invitation: 'invited', sync: 'synced', ...extra };
}

function facts(users: ReadinessUser[], extra: Partial<ReadinessFacts> = {}): ReadinessFacts {
  return { steps: STEPS_DONE, confirmed: { schooljaar: '2026-2027', otherYearAcknowledged: false }, currentSchoolYear: '2026-2027', users, classes: CLASSES, ...extra };
}

const KWALITEIT = user('q', [{ role: 'kwaliteitsmedewerker' }]);

describe('readiness: when a location is set up (issue 33, point 1)', () => {
  it('a location whose colleagues all see their classes, with a kwaliteitsmedewerker, all invited, is klaar', () => {
    const r = readiness(facts([KWALITEIT, user('a', [{ role: 'leerlingbegeleider', classes: ['K1'] }])]));
    expect(r.gaps).toEqual([]);
    expect(r.ready).toBe(true);
    expect(r.userSteps.map((s) => s.state)).toEqual(['done', 'done', 'done']);
  });

  it('"Vakdocent Engels" with 0 classes is not set up: the gap names her and her role, at step 7', () => {
    const r = readiness(facts([KWALITEIT, user('e', [{ role: 'vakdocent', subject: 'engels', classes: [] }], { name: 'Eva Engels' })]));
    expect(r.ready).toBe(false);
    const texts = r.gaps.map((g) => g.text);
    expect(texts).toContain('Ziet niets (toegang, maar geen rol met klassen): Eva Engels.');
    expect(texts).toContain('Rol zonder klassen: Eva Engels (Vakdocent Engels).');
    expect(r.gaps.every((g) => g.step === 'assign-roles')).toBe(true);
    expect(r.userSteps.find((s) => s.id === 'assign-roles')!.state).toBe('attention');
  });

  it('a file of schooljaar 2014-2015 is not klaar, unless the admin confirmed that year on purpose', () => {
    const old = readiness(facts([KWALITEIT], { confirmed: { schooljaar: '2014-2015', otherYearAcknowledged: false } }));
    expect(old.ready).toBe(false);
    expect(old.gaps).toEqual([expect.objectContaining({ kind: 'other-year', step: 'confirm-school', text: expect.stringContaining('schooljaar 2014-2015') })]);
    expect(readiness(facts([KWALITEIT], { confirmed: { schooljaar: '2014-2015', otherYearAcknowledged: true } })).ready).toBe(true);
  });

  it('a role naming a class the file dropped names the class by name, not by key', () => {
    const r = readiness(facts([KWALITEIT, user('w', [{ role: 'vakdocent', subject: 'wiskunde', classes: ['K1', 'K9'] }], { name: 'Wim' })], { formerClassNames: new Map([['K9', '3BB']]) }));
    expect(r.gaps.map((g) => g.text)).toEqual(['Rollen met klassen die de locatie niet meer heeft: Wim (3BB).']);
  });

  it('invitations: a queued one is not sent yet; users without access need none', () => {
    const r = readiness(facts([KWALITEIT, user('a', [{ role: 'leerlingbegeleider', classes: ['K1'] }], { invitation: 'queued' }), user('x', [], { access: false, invitation: 'not-invited' })]));
    expect(r.gaps.map((g) => [g.kind, g.step, g.userIds])).toEqual([['not-invited', 'invite', ['a']]]);
    expect(r.userSteps.find((s) => s.id === 'invite')!.state).toBe('todo');
  });

  it('no kwaliteitsmedewerker with access, no users, a step of 1–5 open: each a gap of its own step', () => {
    expect(readiness(facts([user('a', [{ role: 'leerlingbegeleider', classes: ['K1'] }])])).gaps.map((g) => g.kind)).toEqual(['no-kwaliteitsmedewerker']);
    expect(readiness(facts([])).gaps.map((g) => [g.kind, g.step])).toEqual([['no-users', 'add-users']]);
    const steps = STEPS_DONE.map((s) => (s.id === 'check-availability' ? { ...s, state: 'attention' as const, note: '1 klas wijkt af.' } : s));
    expect(readiness(facts([KWALITEIT], { steps })).gaps).toEqual([{ kind: 'step', step: 'check-availability', text: '1 klas wijkt af.', severity: 'attention', userIds: [] }]);
  });

  it('nameList names at most five and counts the rest', () => {
    expect(nameList(['A'])).toBe('A');
    expect(nameList(['A', 'B'])).toBe('A en B');
    expect(nameList(['A', 'B', 'C', 'D', 'E', 'F', 'G'])).toBe('A, B, C, D, E en 2 anderen');
  });

  it('property: klaar exactly when the rule holds, every gap names its users, and steps 6–8 follow the gaps', () => {
    const seed = propertySeed(3303);
    const random = seededRandom(seed);
    const keys = ['K1', 'K2', 'K3', 'K8', 'K9'];
    const randomRole = (): Role => {
      const kind = random.pick(['leerlingbegeleider', 'vakdocent', 'kwaliteitsmedewerker'] as const);
      if (kind === 'kwaliteitsmedewerker') return { role: kind };
      const classes = random.subset(keys);
      return kind === 'vakdocent' ? { role: kind, subject: random.pick(['nederlands', 'engels', 'wiskunde'] as const), classes } : { role: kind, classes };
    };
    for (let round = 0; round < 500; round++) {
      const where = `seed ${seed} round ${round}`;
      const users = Array.from({ length: random.int(5) }, (_, i) =>
        user(`u${i}`, Array.from({ length: random.int(3) }, randomRole), {
          access: random.next() < 0.8,
          invitation: random.pick(['not-invited', 'queued', 'invited', 'activated'] as const),
          sync: random.pick(['synced', 'synced', 'pending', 'failed'] as const),
        }),
      );
      const steps = STEPS_DONE.map((s) => (random.next() < 0.05 ? { ...s, state: 'todo' as const } : s));
      const schooljaar = random.pick(['2026-2027', '2014-2015']);
      const acknowledged = random.next() < 0.5;
      const r = readiness(facts(users, { steps, confirmed: { schooljaar, otherYearAcknowledged: acknowledged } }));

      // The rule, restated from the access rules (independently of the implementation).
      const known = new Set(CLASSES.map((c) => c.key));
      const userOk = (u: ReadinessUser) => {
        const classRoles = u.roles.filter((x) => x.role !== 'kwaliteitsmedewerker') as Array<{ classes: string[] }>;
        if (u.sync === 'failed' || u.sync === 'conflict') return false;
        if (classRoles.some((x) => x.classes.length === 0 || x.classes.some((k) => !known.has(k)))) return false;
        if (!u.access) return u.roles.length === 0;
        return permissions(u, CLASSES).size > 0 && (u.invitation === 'invited' || u.invitation === 'activated');
      };
      const expected =
        steps.every((s) => s.state === 'done') &&
        (schooljaar === '2026-2027' || acknowledged) &&
        users.length > 0 &&
        users.every(userOk) &&
        users.some((u) => u.access && u.roles.some((x) => x.role === 'kwaliteitsmedewerker'));
      expect(r.ready, where).toBe(expected);
      expect(r.ready, where).toBe(r.gaps.length === 0);
      // Every user who fails the rule is named by some gap, and every gap names someone or one fact.
      for (const u of users) if (!userOk(u)) expect(r.gaps.some((g) => g.userIds.includes(u.id)), `${where} ${u.id}`).toBe(true);
      for (const g of r.gaps) {
        expect(g.text.length, where).toBeGreaterThan(0);
        if (g.userIds.length > 0) for (const id of g.userIds) expect(g.text, where).toContain(users.find((u) => u.id === id)!.name);
      }
      const someoneToInvite = users.some((u) => u.access);
      for (const s of r.userSteps) {
        const expectDone = users.length > 0 && !r.gaps.some((g) => g.step === s.id) && (s.id !== 'invite' || someoneToInvite);
        expect(s.state === 'done', `${where} ${s.id}`).toBe(expectDone);
        if (!expectDone && users.length > 0) expect(s.state === 'attention', `${where} ${s.id}`).toBe(r.gaps.some((g) => g.step === s.id && g.severity === 'attention'));
      }
    }
  });
});
