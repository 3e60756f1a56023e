/**
 * A user's changes against someone else's, field by field (issue 31). Every queued change of a user keeps the base
 * the admin's edit started from (what the screen showed before it); after a 412 — or when a newer copy of the
 * service is already known before sending — the change is merged three ways with the service's copy
 * (shared/domain/merge.ts): what only the other side changed stays theirs, what only we changed is sent, what both
 * changed differently is a conflict the admin settles per field. Roles and class lists merge as sets.
 */
import type { ConflictField, Role, UserConflict, UserFields } from '../../shared/bridge';
import { USER_FIELDS, pickUserFields } from '../../shared/bridge';
import { userSchema } from '../../shared/api/resources';
import type { RemoteUser } from '../../shared/api/resources';
import { mergeFields, mergeRoleSets, same } from '../../shared/domain/merge';
import type { RoleSet } from '../../shared/domain/merge';
import { mergeAfterStale } from '../sync';
import type { Clash, OutboxEntry } from '../sync';
import type { UserEntry, UserRow } from './store';

export { USER_FIELDS };

export const FIELD_LABEL: Record<ConflictField, string> = {
  voornaam: 'voornaam',
  initialen: 'initialen',
  voorvoegsel: 'voorvoegsel',
  achternaam: 'achternaam',
  email: 'e-mailadres',
  roles: 'toegang, rollen en klassen',
};

export const fieldsOf = pickUserFields;

export function roleSetOfRow(row: UserRow): RoleSet {
  return { access: row.access === 1, roles: JSON.parse(row.roles_json) as Role[] };
}

export function parseRemote(value: unknown): RemoteUser | null {
  const parsed = userSchema.safeParse(typeof value === 'string' ? (JSON.parse(value) as unknown) : value);
  return parsed.success ? parsed.data : null;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function roleSetOf(value: unknown): RoleSet | null {
  const r = asRecord(value);
  return typeof r['access'] === 'boolean' && Array.isArray(r['roles']) ? { access: r['access'], roles: r['roles'] as Role[] } : null;
}

/**
 * After a 412 (or before sending, against a newer copy known here): what is left to send of a user's change, and the
 * version to send it against; null when both sides changed the same thing differently (a conflict).
 */
export function mergeUserChange(request: OutboxEntry, current: unknown): { version: number; body: unknown } | null {
  const theirs = parseRemote(current);
  if (!theirs) return null;
  if (request.routeId === 'patchUser') {
    const merged = mergeFields(asRecord(request.base), asRecord(request.body), theirs);
    return merged.conflicts.length > 0 ? null : { version: theirs.version, body: merged.patch };
  }
  if (request.routeId === 'putRoles') {
    const base = roleSetOf(request.base);
    const mine = roleSetOf(request.body);
    const merged = base && mine ? mergeRoleSets(base, mine, theirs) : null;
    return merged ? { version: theirs.version, body: merged } : null;
  }
  const plain = mergeAfterStale(request.body ?? {}, request.base, current);
  return plain ? { version: plain.version, body: request.body } : null;
}

/**
 * Before sending a change with its own base: the service's copy confirmed to us since (`confirmed`, e.g. after a
 * merge) may already hold someone else's change of the same field. Then it is a conflict without a request; else the
 * request, with only what the service does not have yet.
 */
export function precheck(request: OutboxEntry, ownBase: boolean, confirmed: string | null): OutboxEntry | Clash {
  if (!ownBase || confirmed === null || (request.routeId !== 'patchUser' && request.routeId !== 'putRoles')) return request;
  const merged = mergeUserChange(request, confirmed);
  return merged ? { ...request, body: merged.body } : { clash: JSON.parse(confirmed) as unknown };
}

/** What the admin's queued changes of one user touch: the fields, and whether roles or access. */
function ours(entries: readonly UserEntry[], row: UserRow): { fields: Set<keyof UserFields>; base: Record<string, unknown>; roles: RoleSet | null } {
  const fields = new Set<keyof UserFields>();
  let base: Record<string, unknown> | null = null;
  let roles: RoleSet | null = null;
  const confirmed = row.base_json ? (JSON.parse(row.base_json) as unknown) : null;
  for (const e of entries) {
    if (e.routeId === 'patchUser') {
      for (const f of Object.keys(asRecord(e.body))) if ((USER_FIELDS as readonly string[]).includes(f)) fields.add(f as keyof UserFields);
      base ??= asRecord(e.baseJson ? JSON.parse(e.baseJson) : confirmed); // the oldest: what we knew before our unsent edits
    } else if (e.routeId === 'putRoles') {
      roles ??= roleSetOf(e.baseJson ? JSON.parse(e.baseJson) : confirmed) ?? { access: false, roles: [] };
    }
  }
  return { fields, base: base ?? asRecord(confirmed), roles };
}

export type Choice = 'mine' | 'theirs';

/**
 * A user in conflict, settled: what the row becomes, what is sent (only fields the admin edited or chose to keep),
 * and the choice per conflicting field. `choose` answers for each conflicting field.
 */
export interface Settlement {
  readonly theirs: RemoteUser;
  readonly fields: UserFields;
  readonly roles: RoleSet;
  readonly patch: Partial<UserFields>;
  readonly rolesChanged: boolean;
  readonly choices: ReadonlyArray<readonly [ConflictField, Choice]>;
}

/** The conflicting fields of a user in conflict, and the service's copy; null when it is not in conflict. */
export function conflictFields(row: UserRow, entries: readonly UserEntry[]): { theirs: RemoteUser; fields: ConflictField[] } | null {
  const clash = entries.find((e) => e.state === 'conflict' && e.conflictJson);
  const theirs = clash ? parseRemote(clash.conflictJson) : null;
  if (!theirs) return null;
  const o = ours(entries, row);
  const mine = fieldsOf(row);
  const fields: ConflictField[] = USER_FIELDS.filter((f) => o.fields.has(f) && !same(theirs[f], mine[f]) && !same(theirs[f], o.base[f]));
  if (o.roles && !mergeRoleSets(o.roles, roleSetOfRow(row), theirs)) fields.push('roles');
  return { theirs, fields };
}

export function settle(row: UserRow, entries: readonly UserEntry[], choose: (field: ConflictField) => Choice): Settlement | null {
  const found = conflictFields(row, entries);
  if (!found) return null;
  const { theirs } = found;
  const o = ours(entries, row);
  const mine = fieldsOf(row);
  const choices = found.fields.map((f) => [f, choose(f)] as const);
  const chosen = new Map<ConflictField, Choice>(choices);
  const fields = { ...fieldsOf(theirs) };
  for (const f of o.fields) if (chosen.get(f) !== 'theirs') fields[f] = mine[f]; // ours, where only we changed it or the admin kept it
  let roles: RoleSet = { access: theirs.access, roles: theirs.roles };
  if (o.roles) {
    const merged = mergeRoleSets(o.roles, roleSetOfRow(row), theirs);
    roles = merged ?? (chosen.get('roles') === 'theirs' ? roles : roleSetOfRow(row));
  }
  const patch = Object.fromEntries(USER_FIELDS.filter((f) => !same(fields[f], theirs[f])).map((f) => [f, fields[f]])) as Partial<UserFields>;
  const rolesChanged = !same(roles.access, theirs.access) || !same(roles.roles, theirs.roles);
  return { theirs, fields, roles, patch, rolesChanged, choices };
}

/** The conflict as the screen shows it, values as text (roles through `rolesText`). */
export function conflictView(row: UserRow, entries: readonly UserEntry[], rolesText: (set: RoleSet) => string): UserConflict | null {
  const found = conflictFields(row, entries);
  if (!found) return null;
  const { theirs } = found;
  const mine = fieldsOf(row);
  return {
    fields: found.fields.map((field) =>
      field === 'roles'
        ? { field, label: FIELD_LABEL.roles, mine: rolesText(roleSetOfRow(row)), theirs: rolesText(theirs) }
        : { field, label: FIELD_LABEL[field], mine: mine[field], theirs: theirs[field] },
    ),
    changedBy: theirs.changedBy ?? null,
    changedAt: theirs.changedAt ?? null,
  };
}
