import { describe, expect, it } from 'vitest';
import { USER_FIELDS, conflictFields, mergeUserChange, settle } from '../../../main/users/conflicts';
import type { UserEntry, UserRow } from '../../../main/users/store';
import type { OutboxEntry } from '../../../main/sync';
import type { Role, UserFields } from '../../../shared/bridge';
import { mergeRoleSets } from '../../../shared/domain/merge';
import type { RoleSet } from '../../../shared/domain/merge';
import { propertySeed, seededRandom } from '../../helpers/random';
import type { Random } from '../../helpers/random';

/**
 * Issue 31, point 2, as a property: generated base / mine / theirs triples (small value pools, so both sides often
 * touch the same field, sometimes with the same value). Whatever the admin chooses, no field that only the other
 * side changed is ever overwritten, no field only we changed is lost, and exactly the fields both changed
 * differently are offered as a choice. PROPERTY_SEED=<n> replays a failing run.
 */
const ROUNDS = 3000;
const SEED = propertySeed(31_2);
const POOL = ['a', 'b', 'c'];
const CLASSES = ['k1', 'k2', 'k3'];
const ROLE_KEYS = ['leerlingbegeleider', 'vakdocent:nederlands', 'kwaliteitsmedewerker'] as const;

function fieldsFrom(random: Random, from?: UserFields): UserFields {
  const pick = (f: keyof UserFields) => (from && random.next() < 0.5 ? from[f] : `${f}-${random.pick(POOL)}`);
  return { voornaam: pick('voornaam'), initialen: pick('initialen'), voorvoegsel: pick('voorvoegsel'), achternaam: pick('achternaam'), email: pick('email') };
}

function rolesFrom(random: Random): RoleSet {
  const roles: Role[] = [];
  for (const key of random.subset(ROLE_KEYS)) {
    const classes = random.subset(CLASSES);
    if (key === 'kwaliteitsmedewerker') roles.push({ role: 'kwaliteitsmedewerker' });
    else if (key === 'leerlingbegeleider') roles.push({ role: 'leerlingbegeleider', classes });
    else roles.push({ role: 'vakdocent', subject: 'nederlands', classes });
  }
  return { access: random.next() < 0.5, roles };
}

function grants(set: RoleSet): Set<string> {
  const out = new Set<string>();
  for (const r of set.roles) {
    const key = r.role === 'vakdocent' ? `vakdocent:${r.subject}` : r.role;
    out.add(key);
    if ('classes' in r) for (const c of r.classes) out.add(`${key}|${c}`);
  }
  return out;
}

function row(fields: UserFields, roles: RoleSet, confirmed: unknown): UserRow {
  return {
    brin6: '99ZX10', id: 'u1', remote_id: 'r1', version: 3, ...fields, access: roles.access ? 1 : 0, roles_json: JSON.stringify(roles.roles),
    invited_at: null, activated_at: null, invitation_queued: 0, leerkracht_key: null, deleted: 0, remote_json: JSON.stringify(confirmed), base_json: JSON.stringify(confirmed),
  };
}

describe(`three-way merge of a user's change (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  it('fields: only-theirs stays theirs, only-mine stays mine, both-different is exactly the choice offered and gets the chosen side', () => {
    const random = seededRandom(SEED);
    for (let round = 0; round < ROUNDS; round++) {
      const at = `seed ${SEED}, round ${round}`;
      const base = fieldsFrom(random);
      const mine = fieldsFrom(random, base);
      const theirsFields = fieldsFrom(random, base);
      const patch = Object.fromEntries(USER_FIELDS.filter((f) => mine[f] !== base[f]).map((f) => [f, mine[f]])) as Partial<UserFields>;
      const theirs = { ...theirsFields, id: 'r1', version: 7, access: false, roles: [], invitedAt: null, activatedAt: null, changedBy: 'collega', changedAt: '2026-12-06T14:02:00.000Z' };
      const both = USER_FIELDS.filter((f) => f in patch && theirs[f] !== base[f] && theirs[f] !== mine[f]);

      const request = { routeId: 'patchUser', body: patch, base } as unknown as OutboxEntry;
      const merged = mergeUserChange(request, theirs);
      const entries: UserEntry[] = [
        { seq: 1, routeId: 'patchUser', path: '/v1/locations/99ZX10/users/u1', state: 'conflict', attempts: 1, lastError: 'x', body: patch, baseJson: JSON.stringify(base), conflictJson: JSON.stringify(theirs) },
      ];
      const choice = new Map(both.map((f) => [f, random.next() < 0.5 ? ('mine' as const) : ('theirs' as const)]));
      let result: UserFields;
      if (merged) {
        expect(both, at).toEqual([]);
        expect(merged.version, at).toBe(7);
        result = { ...theirsFields, ...(merged.body as Partial<UserFields>) };
      } else {
        expect(conflictFields(row(mine, { access: false, roles: [] }, base), entries)?.fields, at).toEqual(both);
        const settlement = settle(row(mine, { access: false, roles: [] }, base), entries, (f) => choice.get(f as keyof UserFields) ?? 'mine')!;
        result = settlement.fields;
        // What is sent is exactly what differs from the service: applied there, it gives what the screen shows.
        expect({ ...theirsFields, ...settlement.patch }, at).toEqual(result);
      }
      for (const f of USER_FIELDS) {
        if (!(f in patch)) expect(result[f], `${at}: ${f} only they changed (or nobody)`).toBe(theirs[f]);
        else if (theirs[f] === base[f] || theirs[f] === mine[f]) expect(result[f], `${at}: ${f} only we changed`).toBe(mine[f]);
        else expect(result[f], `${at}: ${f} both changed`).toBe(choice.get(f) === 'theirs' ? theirs[f] : mine[f]);
      }
    }
  });

  it('roles and classes: a grant only one side changed keeps that side, whatever the other did; a removed role against a new class is a choice', () => {
    const random = seededRandom(SEED + 1);
    let conflicts = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const at = `seed ${SEED + 1}, round ${round}`;
      const base = rolesFrom(random);
      const mine = random.next() < 0.3 ? base : rolesFrom(random);
      const theirs = random.next() < 0.3 ? base : rolesFrom(random);
      const [b, m, t] = [grants(base), grants(mine), grants(theirs)];
      const merged = mergeRoleSets(base, mine, theirs);
      if (!merged) {
        conflicts++;
        continue;
      }
      expect(merged.access, at).toBe(mine.access !== base.access ? mine.access : theirs.access);
      const r = grants(merged);
      for (const g of new Set([...b, ...m, ...t])) {
        const expected = m.has(g) === b.has(g) ? t.has(g) : t.has(g) === b.has(g) ? m.has(g) : m.has(g);
        expect(r.has(g), `${at}: ${g}`).toBe(expected);
      }
    }
    expect(conflicts, 'some generated triples cannot be put together').toBeGreaterThan(0);
    expect(conflicts, 'most can').toBeLessThan(ROUNDS / 2);
  });
});
