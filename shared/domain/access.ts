import { vakdocentLabel } from './glossary';
/**
 * Who may see which reports of the Volgsysteem: the rules of the roles in the vendor's step plan (seed 000,
 * "Interactief stappenplan Beheermodule Cito Volgsysteem VO", steps 7–9; steps 8–9 for several locations):
 *
 * - Leerlingbegeleider ("mentoren, intern begeleiders, zorgcoördinatoren of remedial teachers hebben toegang tot alle
 *   rapportages van (een) bepaalde klas(sen)"): the reports of the chosen classes, except the klassenoverzicht, which
 *   the step plan names for the kwaliteitsmedewerker only ("inclusief het klassenoverzicht").
 * - Vakdocent Nederlands / Engels / Wiskunde ("alleen toegang tot de rapportage van hun vak en klas(sen)"): that
 *   subject's report, for the chosen classes.
 * - Kwaliteitsmedewerker ("toegang tot alle rapportages, inclusief het klassenoverzicht"): every report, for every
 *   class of the location (the role names no classes).
 * - Several roles add up. Without 'Toegang tot applicatie' a user sees nothing at all, whatever the roles.
 * - Step 7: "Doe dit ook voor jezelf en kies dan de rol van kwaliteitsmedewerker" — hence the warning when nobody with
 *   access holds that role.
 *
 * Pure: no Node, no DOM; main and the renderer both use it (main to check, the renderer to show and warn).
 */
import type { z } from 'zod';
import type { roleSchema } from '../api/resources';

export type Role = z.infer<typeof roleSchema>;
export type Subject = 'nederlands' | 'engels' | 'wiskunde';
/** The reports of the Volgsysteem: one per subject, and the klassenoverzicht (class overview). */
export type Report = 'nederlands' | 'engels' | 'wiskunde' | 'klassenoverzicht';

// Compile-time guard: Subject is exactly the vakdocent subjects of roleSchema.
type VakdocentSubject = Extract<Role, { role: 'vakdocent' }>['subject'];
const _subjectsMatch: [VakdocentSubject] extends [Subject] ? ([Subject] extends [VakdocentSubject] ? true : never) : never = true;

const SUBJECTS: readonly Subject[] = ['nederlands', 'engels', 'wiskunde'];

export const REPORTS: readonly Report[] = Object.freeze(['nederlands', 'engels', 'wiskunde', 'klassenoverzicht'] as const);

export const REPORT_LABEL: Record<Report, string> = Object.freeze({
  nederlands: 'Nederlands',
  engels: 'Engels',
  wiskunde: 'Wiskunde',
  klassenoverzicht: 'Klassenoverzicht',
});

export interface AccessUser {
  readonly id: string;
  readonly access: boolean;
  readonly roles: readonly Role[];
}

export interface AccessClass {
  readonly key: string;
  readonly naam: string;
}

/** Dutch label of a role: 'Leerlingbegeleider', 'Vakdocent Nederlands', 'Kwaliteitsmedewerker'. */
export function roleLabel(role: Role): string {
  switch (role.role) {
    case 'leerlingbegeleider':
      return 'Leerlingbegeleider';
    case 'vakdocent':
      return vakdocentLabel(role.subject);
    case 'kwaliteitsmedewerker':
      return 'Kwaliteitsmedewerker';
  }
}

/** The reports one role grants in a class that the location has. */
/**
 * Reports as bits (in REPORTS order), so a school of ~1,500 classes × hundreds of users is computed without a set
 * per class: a role is its bit mask plus its classes as a set; a class's grant is the OR of the roles that cover it.
 */
const BIT: Readonly<Record<Report, number>> = { nederlands: 1, engels: 2, wiskunde: 4, klassenoverzicht: 8 };
const REPORTS_OF_MASK: ReadonlyArray<readonly Report[]> = Array.from({ length: 16 }, (_, mask) => REPORTS.filter((r) => (mask & BIT[r]) !== 0));

interface IndexedRole {
  readonly mask: number;
  /** null: the whole location (kwaliteitsmedewerker). */
  readonly classes: ReadonlySet<string> | null;
}

function indexRoles(roles: readonly Role[]): IndexedRole[] {
  return roles.map((role) => {
    switch (role.role) {
      case 'leerlingbegeleider':
        return { mask: BIT.nederlands | BIT.engels | BIT.wiskunde, classes: new Set(role.classes) };
      case 'vakdocent':
        return { mask: BIT[role.subject], classes: new Set(role.classes) };
      case 'kwaliteitsmedewerker':
        return { mask: 15, classes: null };
    }
  });
}

/** Per class key the granted reports as a bit mask (only classes with a grant), in the order of `classes`. */
function grants(user: AccessUser, classes: readonly AccessClass[]): Map<string, number> {
  const result = new Map<string, number>();
  if (!user.access) return result;
  const roles = indexRoles(user.roles);
  for (const klass of classes) {
    if (result.has(klass.key)) continue;
    let mask = 0;
    for (const role of roles) if (role.classes === null || role.classes.has(klass.key)) mask |= role.mask;
    if (mask !== 0) result.set(klass.key, mask);
  }
  return result;
}

/**
 * What one user may see: per class key, the reports (sorted as REPORTS). Classes the location does not have are
 * ignored. Only classes with at least one report are in the map, in the order of `classes`; access off gives an
 * empty map.
 */
export function permissions(user: AccessUser, classes: readonly AccessClass[]): Map<string, Report[]> {
  return new Map([...grants(user, classes)].map(([key, mask]) => [key, [...REPORTS_OF_MASK[mask]!]]));
}

/**
 * Per class (in the given order): which users see which reports; per user (in the given order): which reports in
 * which classes. Both views are the same relation as `permissions`: a class lists only users who see something in it
 * (possibly none); a user lists only classes where they see something (possibly none).
 */
export function whoSeesWhat(
  users: readonly AccessUser[],
  classes: readonly AccessClass[],
): {
  byClass: Array<{ classKey: string; naam: string; viewers: Array<{ userId: string; reports: Report[] }> }>;
  byUser: Array<{ userId: string; classes: Array<{ classKey: string; reports: Report[] }> }>;
} {
  const unique = uniqueClasses(classes);
  const perUser = users.map((user) => ({ user, granted: grants(user, unique) }));
  const viewers = new Map<string, Array<{ userId: string; reports: Report[] }>>(unique.map((c) => [c.key, []]));
  const byUser = perUser.map(({ user, granted }) => ({
    userId: user.id,
    classes: [...granted].map(([classKey, mask]) => {
      viewers.get(classKey)!.push({ userId: user.id, reports: [...REPORTS_OF_MASK[mask]!] });
      return { classKey, reports: [...REPORTS_OF_MASK[mask]!] };
    }),
  }));
  const byClass = unique.map((klass) => ({ classKey: klass.key, naam: klass.naam, viewers: viewers.get(klass.key)! }));
  return { byClass, byUser };
}

export type AccessWarning =
  /** Has roles, access off: the roles grant nothing. */
  | { kind: 'roles-without-access'; userId: string }
  /** Access on, no roles: sees nothing. */
  | { kind: 'access-without-roles'; userId: string }
  /** No user with access holds leerlingbegeleider for this class (the caller passes only the classes to check). */
  | { kind: 'class-without-begeleider'; classKey: string }
  /** Roles name classes the location does not (or no longer) have; the keys sorted, without duplicates. */
  | { kind: 'unknown-classes'; userId: string; classKeys: string[] }
  /** Nobody with access is kwaliteitsmedewerker (step 7: add yourself as one). */
  | { kind: 'no-kwaliteitsmedewerker' };

/**
 * What to fix, in this order: per user (in the given order) roles-without-access / access-without-roles, then
 * unknown-classes (whether or not access is on: the roles are stale either way); then per class (in the given order)
 * class-without-begeleider; last no-kwaliteitsmedewerker.
 */
export function accessWarnings(users: readonly AccessUser[], classes: readonly AccessClass[]): AccessWarning[] {
  const warnings: AccessWarning[] = [];
  const known = new Set(classes.map((c) => c.key));
  for (const user of users) {
    if (!user.access && user.roles.length > 0) warnings.push({ kind: 'roles-without-access', userId: user.id });
    if (user.access && user.roles.length === 0) warnings.push({ kind: 'access-without-roles', userId: user.id });
    const unknown = new Set<string>();
    for (const role of user.roles) {
      if (role.role === 'kwaliteitsmedewerker') continue;
      for (const key of role.classes) if (!known.has(key)) unknown.add(key);
    }
    if (unknown.size > 0) warnings.push({ kind: 'unknown-classes', userId: user.id, classKeys: sortKeys(unknown) });
  }
  const begeleid = new Set<string>();
  for (const user of users) {
    if (!user.access) continue;
    for (const role of user.roles) if (role.role === 'leerlingbegeleider') for (const key of role.classes) begeleid.add(key);
  }
  for (const klass of uniqueClasses(classes)) {
    if (!begeleid.has(klass.key)) warnings.push({ kind: 'class-without-begeleider', classKey: klass.key });
  }
  const hasKwaliteit = users.some((u) => u.access && u.roles.some((r) => r.role === 'kwaliteitsmedewerker'));
  if (!hasKwaliteit) warnings.push({ kind: 'no-kwaliteitsmedewerker' });
  return warnings;
}

/** Dutch sentence for a warning, given display names (userId→name, classKey→naam). Says what to do. */
export function warningMessage(w: AccessWarning, names: { user: (id: string) => string; klass: (key: string) => string }): string {
  switch (w.kind) {
    case 'roles-without-access':
      return `${names.user(w.userId)} heeft rollen, maar 'Toegang tot applicatie' staat uit: de rollen geven zo geen toegang. Vink 'Toegang tot applicatie' aan, of verwijder de rollen.`;
    case 'access-without-roles':
      return `${names.user(w.userId)} heeft toegang tot de applicatie, maar geen rol en ziet dus geen rapportages. Wijs een rol en klassen toe, of zet 'Toegang tot applicatie' uit.`;
    case 'class-without-begeleider':
      return `Klas ${names.klass(w.classKey)} heeft geen leerlingbegeleider met toegang. Geef de mentor of een andere begeleider de rol Leerlingbegeleider voor deze klas.`;
    case 'unknown-classes': {
      const list = w.classKeys.map((k) => names.klass(k)).join(', ');
      const which = w.classKeys.length === 1 ? `de klas ${list}, die` : `de klassen ${list}, die`;
      return `De rollen van ${names.user(w.userId)} noemen ${which} deze locatie niet (meer) heeft. Haal ${w.classKeys.length === 1 ? 'deze klas' : 'deze klassen'} uit de rollen.`;
    }
    case 'no-kwaliteitsmedewerker':
      return "Niemand met toegang is kwaliteitsmedewerker. Geef jezelf de rol Kwaliteitsmedewerker en vink 'Toegang tot applicatie' aan, zodat je alle rapportages en het klassenoverzicht kunt inzien.";
  }
}

/**
 * Bulk 'add': merges roles into existing ones — same role (and same subject for vakdocent) unions classes (sorted,
 * no duplicates); kwaliteitsmedewerker at most once. Also used to normalise a single user's roles
 * (`mergeRoles(roles, [])`). The result is in a fixed order — leerlingbegeleider, vakdocent Nederlands, Engels,
 * Wiskunde, kwaliteitsmedewerker — so it does not depend on the order of the input, and merging again changes nothing.
 * A role without classes is kept (the user is still choosing them). The inputs are not changed.
 */
export function mergeRoles(existing: readonly Role[], added: readonly Role[]): Role[] {
  let begeleider: Set<string> | null = null;
  const vakdocent = new Map<Subject, Set<string>>();
  let kwaliteit = false;
  for (const role of [...existing, ...added]) {
    switch (role.role) {
      case 'leerlingbegeleider':
        begeleider ??= new Set();
        for (const key of role.classes) begeleider.add(key);
        break;
      case 'vakdocent': {
        const set = vakdocent.get(role.subject) ?? new Set<string>();
        for (const key of role.classes) set.add(key);
        vakdocent.set(role.subject, set);
        break;
      }
      case 'kwaliteitsmedewerker':
        kwaliteit = true;
        break;
    }
  }
  const result: Role[] = [];
  if (begeleider) result.push({ role: 'leerlingbegeleider', classes: sortKeys(begeleider) });
  for (const subject of SUBJECTS) {
    const set = vakdocent.get(subject);
    if (set) result.push({ role: 'vakdocent', subject, classes: sortKeys(set) });
  }
  if (kwaliteit) result.push({ role: 'kwaliteitsmedewerker' });
  return result;
}

/** Class keys sorted by code unit (stable across locales), without duplicates. */
function sortKeys(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The classes with duplicate keys dropped (first wins), order kept. */
function uniqueClasses(classes: readonly AccessClass[]): AccessClass[] {
  const seen = new Set<string>();
  return classes.filter((c) => (seen.has(c.key) ? false : (seen.add(c.key), true)));
}

/** Warnings of one kind, together: one line with a count instead of 69 near-identical sentences (issue 15, point 8). */
export interface WarningGroup {
  readonly kind: AccessWarning['kind'];
  /** The Dutch head line with the count ("69 klassen zonder leerlingbegeleider"). */
  readonly title: string;
  /** What to do about all of them. */
  readonly advice: string;
  /** The names the group is about (classes or users), in the warnings' order; empty for a single-fact warning. */
  readonly names: readonly string[];
}

/**
 * Groups warnings by kind, in the order accessWarnings gives them (users first, then classes, then the location).
 * unknown-classes stays one group per user: each names its own classes, so its sentence is kept whole.
 */
export function groupWarnings(warnings: readonly AccessWarning[], names: { user: (id: string) => string; klass: (key: string) => string }): WarningGroup[] {
  const groups: WarningGroup[] = [];
  const byKind = <K extends AccessWarning['kind']>(kind: K) => warnings.filter((w): w is Extract<AccessWarning, { kind: K }> => w.kind === kind);
  const userGroup = (kind: 'roles-without-access' | 'access-without-roles', what: string, advice: string) => {
    const found = byKind(kind);
    if (found.length === 0) return;
    const title = found.length === 1 ? `1 gebruiker ${what}` : `${found.length} gebruikers ${what}`;
    groups.push({ kind, title, advice, names: found.map((w) => names.user(w.userId)) });
  };
  userGroup('roles-without-access', 'met rollen maar zonder toegang', "Vink 'Toegang tot applicatie' aan, of verwijder de rollen: zo geven ze niets.");
  userGroup('access-without-roles', 'met toegang maar zonder rol', "Wijs een rol en klassen toe, of zet 'Toegang tot applicatie' uit: zonder rol zie je geen rapportages.");
  for (const w of byKind('unknown-classes')) {
    groups.push({ kind: 'unknown-classes', title: `Verouderde klassen bij ${names.user(w.userId)}`, advice: warningMessage(w, names), names: [] });
  }
  const classes = byKind('class-without-begeleider');
  if (classes.length > 0) {
    groups.push({
      kind: 'class-without-begeleider',
      title: classes.length === 1 ? '1 klas zonder leerlingbegeleider' : `${classes.length} klassen zonder leerlingbegeleider`,
      advice: 'Geef de mentor of een andere begeleider de rol Leerlingbegeleider voor deze klassen (stap 7).',
      names: classes.map((w) => names.klass(w.classKey)),
    });
  }
  for (const w of byKind('no-kwaliteitsmedewerker')) {
    groups.push({ kind: w.kind, title: 'Geen kwaliteitsmedewerker', advice: warningMessage(w, names), names: [] });
  }
  return groups;
}

/**
 * Per class key (in the given order, only those named), the colleagues whose roles name it, with the role:
 * "Johannes van der Berg (vakdocent wiskunde)". Step 3 names them for each class a new file drops, before confirming.
 */
export function colleaguesOfClasses(
  users: ReadonlyArray<{ readonly id: string; readonly roles: readonly Role[] }>,
  keys: readonly string[],
  name: (userId: string) => string,
): Array<{ key: string; users: string[] }> {
  const wanted = new Set(keys);
  const found = new Map<string, string[]>();
  for (const user of users) {
    for (const role of user.roles) {
      if (role.role === 'kwaliteitsmedewerker') continue;
      for (const key of role.classes) if (wanted.has(key)) found.set(key, [...(found.get(key) ?? []), `${name(user.id)} (${roleLabel(role).toLowerCase()})`]);
    }
  }
  return keys.filter((k, i) => found.has(k) && keys.indexOf(k) === i).map((key) => ({ key, users: found.get(key)! }));
}
