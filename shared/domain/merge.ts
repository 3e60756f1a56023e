import type { Role } from './access';
import { mergeRoles } from './access';

/**
 * Three-way merges after someone else changed what we changed (a 412, or a newer version learnt before sending).
 * `base` is what the admin's edit started from, `mine` the change (only the fields the admin edited), `theirs` the
 * service's current copy. Per field: only they changed it → theirs stays (we do not send it); only we changed it →
 * ours is sent; both changed it to the same value → nothing to send; both, differently → a conflict the admin
 * settles. Nothing here ever writes a field only the other side changed.
 */
export interface FieldMerge {
  /** What to send: our fields the service does not have yet. */
  readonly patch: Record<string, unknown>;
  /** Fields both sides changed, differently: the admin chooses. */
  readonly conflicts: string[];
}

export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function mergeFields(base: Readonly<Record<string, unknown>>, mine: Readonly<Record<string, unknown>>, theirs: Readonly<Record<string, unknown>>): FieldMerge {
  const patch: Record<string, unknown> = {};
  const conflicts: string[] = [];
  for (const [field, value] of Object.entries(mine)) {
    if (value === undefined || same(theirs[field], value)) continue; // absent means unchanged; equal: already there
    if (same(theirs[field], base[field])) patch[field] = value; // only we changed it
    else conflicts.push(field); // both changed it, differently
  }
  return { patch, conflicts };
}

/** What a user's roles PUT carries. */
export interface RoleSet {
  readonly access: boolean;
  readonly roles: readonly Role[];
}

/**
 * Roles and their class lists as a set of grants: "vakdocent:nederlands" (the role) and "vakdocent:nederlands|1HA"
 * (one class under it). Three-way set merge: a grant is in the result when both sides kept it, or either side added
 * it; one side removing it removes it. Where that cannot be put together — one side removed a role while the other
 * gave it a class — null: the admin chooses. Access (one yes/no) takes whichever side changed it.
 */
export function mergeRoleSets(base: RoleSet, mine: RoleSet, theirs: RoleSet): RoleSet | null {
  const b = grants(base.roles);
  const m = grants(mine.roles);
  const t = grants(theirs.roles);
  const result = new Set<string>();
  for (const g of new Set([...m, ...t])) {
    const inBoth = m.has(g) && t.has(g);
    const added = !b.has(g) && (m.has(g) || t.has(g));
    if (inBoth || added) result.add(g);
  }
  // A class grant kept or added under a role one side removed: cannot be put together.
  for (const g of result) {
    const role = g.split('|')[0]!;
    if (g.includes('|') && !result.has(role)) return null;
  }
  return { access: mine.access !== base.access ? mine.access : theirs.access, roles: rolesOf(result) };
}

function roleKey(role: Role): string {
  return role.role === 'vakdocent' ? `vakdocent:${role.subject}` : role.role;
}

function grants(roles: readonly Role[]): Set<string> {
  const set = new Set<string>();
  for (const role of roles) {
    const key = roleKey(role);
    set.add(key);
    if ('classes' in role) for (const c of role.classes) set.add(`${key}|${c}`);
  }
  return set;
}

function rolesOf(set: ReadonlySet<string>): Role[] {
  const roles: Role[] = [];
  for (const g of set) {
    if (g.includes('|')) continue;
    const classes = [...set].filter((x) => x.startsWith(`${g}|`)).map((x) => x.slice(g.length + 1));
    if (g === 'kwaliteitsmedewerker') roles.push({ role: 'kwaliteitsmedewerker' });
    else if (g === 'leerlingbegeleider') roles.push({ role: 'leerlingbegeleider', classes });
    else roles.push({ role: 'vakdocent', subject: g.slice('vakdocent:'.length) as 'nederlands' | 'engels' | 'wiskunde', classes });
  }
  return mergeRoles(roles, []);
}
