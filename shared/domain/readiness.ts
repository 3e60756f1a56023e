/**
 * When a location is set up — the one rule the side navigation, the board table, the overview cards, step 8 and
 * *Wie ziet wat* all use (issue 33, point 1). A location is *klaar* only when:
 *
 * - steps 1–5 are done (signed in, the file confirmed and delivered, every class complete at the service);
 * - the confirmed file is of the current school year, or the admin confirmed another year on purpose;
 * - every user with access sees something: at least one role with classes the location has (a kwaliteitsmedewerker
 *   needs none), no role without classes, no role naming a class the location no longer has, no roles without access;
 * - someone with access is kwaliteitsmedewerker;
 * - every user with access has been invited (a queued invitation is not sent yet).
 *
 * Every gap names who or what, and the step where it is fixed. Pure: main computes it for the overview, the
 * renderer for the screen it shows, both from the same facts.
 */
import { roleLabel } from './access';
import type { AccessClass, Role } from './access';
import { plural } from './names';
import type { StepProgress, StepState } from './progress';
import type { StepId } from './steps';

export interface ReadinessUser {
  readonly id: string;
  /** The display name ("Johannes van der Berg"). */
  readonly name: string;
  readonly access: boolean;
  readonly roles: readonly Role[];
  readonly invitation: 'not-invited' | 'queued' | 'invited' | 'activated';
  readonly sync: 'synced' | 'pending' | 'failed' | 'conflict';
}

export interface ReadinessFacts {
  /** Steps 1–5 as stepProgress decided them. */
  readonly steps: readonly StepProgress[];
  /** The confirmed file's school year, and whether the admin confirmed another year on purpose; null: none confirmed. */
  readonly confirmed: { readonly schooljaar: string; readonly otherYearAcknowledged: boolean } | null;
  readonly currentSchoolYear: string;
  readonly users: readonly ReadinessUser[];
  /** The confirmed file's classes (key and name). */
  readonly classes: readonly AccessClass[];
  /** Names of classes a role names that the confirmed file no longer has (from earlier files); the key otherwise. */
  readonly formerClassNames?: ReadonlyMap<string, string>;
}

export const GAP_KINDS = [
  'step',
  'other-year',
  'no-users',
  'refused',
  'sees-nothing',
  'empty-role',
  'vanished-class',
  'roles-without-access',
  'no-kwaliteitsmedewerker',
  'not-invited',
] as const;
export type GapKind = (typeof GAP_KINDS)[number];

export interface ReadinessGap {
  readonly kind: GapKind;
  /** The step where it is fixed (the link). */
  readonly step: StepId;
  /** One Dutch line naming who or what. */
  readonly text: string;
  /** attention: something is wrong (a colleague sees nothing, another year, a refusal); todo: still to be done. */
  readonly severity: 'attention' | 'todo';
  /** The users it is about (ids), for the screens that mark them. */
  readonly userIds: readonly string[];
}

export interface Readiness {
  readonly ready: boolean;
  readonly gaps: readonly ReadinessGap[];
  /** Steps 6–8, decided from the same gaps. */
  readonly userSteps: ReadonlyArray<StepProgress & { readonly id: 'add-users' | 'assign-roles' | 'invite' }>;
}

/** "Anna de Vries, Bas Smit en 3 anderen": at most `shown` names, the rest counted. */
export function nameList(names: readonly string[], shown = 5): string {
  if (names.length <= shown) return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} en ${names[names.length - 1]}`;
  const rest = names.length - shown;
  return `${names.slice(0, shown).join(', ')} en ${rest === 1 ? '1 andere' : `${rest} anderen`}`;
}

/** Kinds that are merely not done yet; every other kind means something is wrong. */
const TODO_KINDS: ReadonlySet<GapKind> = new Set(['no-users', 'no-kwaliteitsmedewerker', 'not-invited']);

function userGap(kind: GapKind, step: StepId, users: readonly ReadinessUser[], head: (n: number) => string, detail?: (u: ReadinessUser) => string): ReadinessGap[] {
  if (users.length === 0) return [];
  const names = users.map((u) => (detail ? `${u.name} (${detail(u)})` : u.name));
  return [{ kind, step, text: `${head(users.length)}: ${nameList(names)}.`, severity: TODO_KINDS.has(kind) ? 'todo' : 'attention', userIds: users.map((u) => u.id) }];
}

/** The roles of a user that name classes (not kwaliteitsmedewerker). */
function classRoles(user: ReadinessUser) {
  return user.roles.filter((r): r is Extract<Role, { classes: readonly string[] }> => r.role !== 'kwaliteitsmedewerker');
}

export function readiness(facts: ReadinessFacts): Readiness {
  const gaps: ReadinessGap[] = [];
  for (const step of facts.steps) {
    if (step.state !== 'done') gaps.push({ kind: 'step', step: step.id, text: step.note, severity: step.state, userIds: [] });
  }
  const { confirmed, currentSchoolYear } = facts;
  if (confirmed && confirmed.schooljaar !== currentSchoolYear && !confirmed.otherYearAcknowledged) {
    gaps.push({
      kind: 'other-year',
      step: 'confirm-school',
      text: `Het bevestigde bestand is van schooljaar ${confirmed.schooljaar || 'onbekend'}, niet van ${currentSchoolYear}. Importeer de export van dit schooljaar, of bevestig het bewust.`,
      severity: 'attention',
      userIds: [],
    });
  }
  const users = facts.users;
  const known = new Set(facts.classes.map((c) => c.key));
  const withAccess = users.filter((u) => u.access);
  const seesSomething = (u: ReadinessUser) => u.roles.some((r) => r.role === 'kwaliteitsmedewerker' || r.classes.some((k) => known.has(k)));
  const emptyRoles = (u: ReadinessUser) => classRoles(u).filter((r) => r.classes.length === 0);
  const vanished = (u: ReadinessUser) => [...new Set(classRoles(u).flatMap((r) => r.classes.filter((k) => !known.has(k))))];
  const className = (key: string) => facts.formerClassNames?.get(key) ?? key;

  if (users.length === 0) gaps.push({ kind: 'no-users', step: 'add-users', text: 'Nog geen gebruikers: voeg de collega’s toe die bij de rapportages moeten kunnen.', severity: 'todo', userIds: [] });
  gaps.push(
    ...userGap(
      'refused',
      'add-users',
      users.filter((u) => u.sync === 'failed' || u.sync === 'conflict'),
      (n) => `${plural(n, 'gebruiker', 'gebruikers')} met een geweigerde of botsende wijziging`,
    ),
  );
  gaps.push(...userGap('sees-nothing', 'assign-roles', withAccess.filter((u) => !seesSomething(u)), (n) => `${n === 1 ? 'Ziet' : 'Zien'} niets (toegang, maar geen rol met klassen)`));
  gaps.push(
    ...userGap(
      'empty-role',
      'assign-roles',
      users.filter((u) => emptyRoles(u).length > 0),
      (n) => `${n === 1 ? 'Rol' : 'Rollen'} zonder klassen`,
      (u) => emptyRoles(u).map(roleLabel).join(', '),
    ),
  );
  gaps.push(
    ...userGap(
      'vanished-class',
      'assign-roles',
      users.filter((u) => vanished(u).length > 0),
      () => 'Rollen met klassen die de locatie niet meer heeft',
      (u) => vanished(u).map(className).join(', '),
    ),
  );
  gaps.push(...userGap('roles-without-access', 'assign-roles', users.filter((u) => !u.access && u.roles.length > 0), (n) => `Rollen maar geen toegang (${n})`));
  if (users.length > 0 && !withAccess.some((u) => u.roles.some((r) => r.role === 'kwaliteitsmedewerker'))) {
    gaps.push({ kind: 'no-kwaliteitsmedewerker', step: 'assign-roles', text: 'Niemand met toegang is kwaliteitsmedewerker: geef jezelf die rol.', severity: 'todo', userIds: [] });
  }
  gaps.push(
    ...userGap(
      'not-invited',
      'invite',
      withAccess.filter((u) => u.invitation === 'not-invited' || u.invitation === 'queued'),
      (n) => `${plural(n, 'gebruiker', 'gebruikers')} met toegang nog niet uitgenodigd`,
      (u) => (u.invitation === 'queued' ? 'wacht op verzending' : 'niet uitgenodigd'),
    ),
  );

  const of = (step: StepId) => gaps.filter((g) => g.step === step);
  // A step is done without gaps, needs attention when one of its gaps does, and is still to do otherwise.
  const state = (step: StepId, none: boolean): StepState => (none ? 'todo' : of(step).some((g) => g.severity === 'attention') ? 'attention' : of(step).length > 0 ? 'todo' : 'done');
  const first = (step: StepId, fallback: string) => of(step)[0]?.text ?? fallback;
  const none = users.length === 0;
  const userSteps: Readiness['userSteps'] = [
    { id: 'add-users', state: state('add-users', false), note: first('add-users', `${plural(users.length, 'gebruiker', 'gebruikers')}.`) },
    {
      id: 'assign-roles',
      state: state('assign-roles', none),
      note: none ? 'Eerst gebruikers toevoegen (stap 6).' : first('assign-roles', 'Iedereen met toegang ziet de rapportages van zijn klassen.'),
    },
    {
      id: 'invite',
      state: state('invite', none || withAccess.length === 0),
      note: none ? 'Eerst gebruikers toevoegen (stap 6).' : withAccess.length === 0 ? 'Eerst iemand toegang geven (stap 7).' : first('invite', 'Iedereen met toegang is uitgenodigd.'),
    },
  ];
  return { ready: gaps.length === 0, gaps, userSteps };
}

/** The gaps that mean something is wrong (the board's "Aandacht"), not merely still to do. */
export function attentionGaps<G extends Pick<ReadinessGap, 'severity'>>(gaps: readonly G[]): G[] {
  return gaps.filter((g) => g.severity === 'attention');
}

/** "Klaar", or how many points are open. */
export function readinessLabel(r: { readonly ready: boolean; readonly gaps: readonly unknown[] }): string {
  return r.ready ? 'Klaar' : `${plural(r.gaps.length, 'punt', 'punten')} open`;
}
