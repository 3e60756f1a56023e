/**
 * Steps 6–8: the users of one location, their roles and classes, access and invitations, offline first. Every change
 * is the local row, its outbox entry and its audit entry in ONE transaction; the screen shows it at once and `sync`
 * says whether the service has it. SQL lives in store.ts; the sync engine's side in sync.ts.
 */
import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import { mergeRoles, roleLabel } from '../../shared/domain/access';
import type { ConflictField, Role, UserFields, UserView } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import { pseudonymiseAudit, recordAudit } from '../audit/audit';
import { scrubFreedPages } from '../db/scrub';
import { requireLocation } from '../locations/locations';
import { enqueue, removeEntries } from '../sync';
import { confirmedClasses, formerClassNames } from '../imports/store';
import {
  dropUser,
  entriesByUser,
  getUser,
  insertUser,
  markUserDeleted,
  setConfirmed,
  setInvitationQueued,
  updateUserFields,
  updateUserRoles,
  userEntries,
  userPath,
  userWithEmail,
  visibleUsers,
} from './store';
import type { UserEntry, UserRow } from './store';
import { personName } from '../../shared/domain/names';
import type { RoleSet } from '../../shared/domain/merge';
import { FIELD_LABEL, conflictFields, conflictView, fieldsOf, roleSetOfRow, settle } from './conflicts';
import type { Choice } from './conflicts';
import { invitationOf, syncOf } from './facts';

function toView(row: UserRow, entries: readonly UserEntry[], rolesText: (set: RoleSet) => string): UserView {
  const conflict = entries.find((e) => e.state === 'conflict');
  const failed = entries.find((e) => e.state === 'failed');
  return {
    id: row.id,
    voornaam: row.voornaam,
    initialen: row.initialen,
    voorvoegsel: row.voorvoegsel,
    achternaam: row.achternaam,
    email: row.email,
    access: row.access === 1,
    roles: JSON.parse(row.roles_json) as Role[],
    invitation: invitationOf(row),
    invitedAt: row.invited_at,
    activatedAt: row.activated_at,
    sync: syncOf(entries),
    syncMessage: (conflict ?? failed)?.lastError ?? null,
    conflict: conflict ? conflictView(row, entries, rolesText) : null,
    leerkrachtKey: row.leerkracht_key,
  };
}

/** Roles as text for a conflict (class names looked up once, only when a conflict shows them). */
function rolesTextOf(db: Database.Database, brin6: string): (set: RoleSet) => string {
  let names: Map<string, string> | undefined;
  return (set) => {
    names ??= new Map(confirmedClasses(db, brin6).map((c) => [c.key, c.naam]));
    return rolesSummary(db, brin6, set.access, set.roles, names);
  };
}

export function listUsers(db: Database.Database, brin6: string): UserView[] {
  requireLocation(db, brin6);
  const entries = entriesByUser(db, brin6);
  const text = rolesTextOf(db, brin6);
  return visibleUsers(db, brin6).map((row) => toView(row, entries.get(row.id) ?? [], text));
}

/** Several users' views with one query for their queue entries (bulk answers). */
export function viewsOf(db: Database.Database, brin6: string, ids: readonly string[]): UserView[] {
  const entries = entriesByUser(db, brin6);
  const text = rolesTextOf(db, brin6);
  return ids.map((id) => toView(getUser(db, brin6, id)!, entries.get(id) ?? [], text));
}

function viewOf(db: Database.Database, brin6: string, id: string): UserView {
  return toView(getUser(db, brin6, id)!, userEntries(db, brin6, id), rolesTextOf(db, brin6));
}

export const displayName = personName;

function duplicateEmail(email: string): ServiceError {
  const message = `Er is al een gebruiker met e-mailadres ${email} in deze locatie. Pas die gebruiker aan, of vul een ander e-mailadres in.`;
  return new ServiceError('invalid-input', message, [{ path: ['user', 'email'], message }]);
}

function requireUser(db: Database.Database, brin6: string, id: string): UserRow {
  const row = getUser(db, brin6, id);
  if (!row || row.deleted) {
    throw new ServiceError('invalid-input', 'Deze gebruiker bestaat niet (meer) in deze locatie. Vernieuw de lijst en probeer het opnieuw.');
  }
  return row;
}

/** Roles as one Dutch line for the audit log: "Vakdocent Nederlands (1HA, 2HA), Kwaliteitsmedewerker". */
export function rolesSummary(db: Database.Database, brin6: string, access: boolean, roles: readonly Role[], classNames?: ReadonlyMap<string, string>): string {
  const names = classNames ?? new Map(confirmedClasses(db, brin6).map((c) => [c.key, c.naam]));
  const missing = roles.flatMap((r) => ('classes' in r ? r.classes.filter((k) => !names.has(k)) : []));
  const former = formerClassNames(db, brin6, missing);
  const parts = roles.map((r) => {
    const classes = 'classes' in r ? r.classes.map((k) => names.get(k) ?? former.get(k) ?? k) : [];
    return classes.length > 0 ? `${roleLabel(r)} (${classes.join(', ')})` : roleLabel(r);
  });
  return `${parts.length > 0 ? parts.join(', ') : 'geen rollen'}; toegang ${access ? 'aan' : 'uit'}`;
}

/** Class keys a role names must be classes of the confirmed import. */
function checkClasses(db: Database.Database, brin6: string, roles: readonly Role[]): void {
  const wanted = roles.flatMap((r) => ('classes' in r ? r.classes : []));
  if (wanted.length === 0) return;
  const known = new Set(confirmedClasses(db, brin6).map((c) => c.key));
  const unknown = [...new Set(wanted.filter((k) => !known.has(k)))];
  if (unknown.length > 0) {
    throw new ServiceError(
      'invalid-input',
      known.size === 0
        ? 'Er is nog geen bevestigd bestand met klassen. Importeer en bevestig eerst het EDEXML-bestand (stap 2 en 3), of kies een rol zonder klassen.'
        : `Klas ${unknown.slice(0, 5).join(', ')} staat niet in het bevestigde bestand. Kies klassen uit de lijst.`,
    );
  }
}

// ---- the queue, per user ----

function enqueueCreate(db: Database.Database, brin6: string, id: string, f: UserFields): void {
  enqueue(db, brin6, { routeId: 'createUser', resource: userPath(brin6, id), body: { ...f } });
}

/** The roles PUT, with the base the edit started from (for a merge with someone else's change). */
function enqueueRoles(db: Database.Database, brin6: string, id: string, access: boolean, roles: readonly Role[], base: RoleSet): void {
  enqueue(db, brin6, { routeId: 'putRoles', params: { id }, body: { access, roles }, base });
}

/** A PATCH of the fields the admin changed, with the fields as the edit started from. */
function enqueuePatch(db: Database.Database, brin6: string, id: string, patch: Partial<UserFields>, base: UserFields): void {
  enqueue(db, brin6, { routeId: 'patchUser', params: { id }, body: patch, base });
}

function enqueueInvite(db: Database.Database, brin6: string, id: string): void {
  enqueue(db, brin6, { routeId: 'inviteUser', params: { id } });
}

const NOTHING: RoleSet = { access: false, roles: [] };

/**
 * A new change of a user whose earlier change the service refused, or that is in conflict: the admin decides. For a
 * conflict, `choose` says per conflicting field which version stays (saving again: the admin's own); every field only
 * the other side changed takes theirs, and only the fields the admin edited or kept are sent, against the service's
 * current version. A refused change is sent again with what the admin edited; a user the service never created is
 * created again. Returns the row as it is now.
 */
function resolveStuck(db: Database.Database, brin6: string, row: UserRow, choose: (field: ConflictField) => Choice = () => 'mine'): UserRow {
  const entries = userEntries(db, brin6, row.id);
  if (!entries.some((e) => e.state !== 'pending')) return row;
  const settlement = row.remote_id ? settle(row, entries, choose) : null;
  removeEntries(db, entries.map((e) => e.seq));
  const set = roleSetOfRow(row);
  if (!row.remote_id) {
    enqueueCreate(db, brin6, row.id, fieldsOf(row));
    if (set.access || set.roles.length > 0) enqueueRoles(db, brin6, row.id, set.access, set.roles, NOTHING);
  } else if (settlement) {
    const { theirs } = settlement;
    setConfirmed(db, brin6, row.id, row.remote_id, theirs.version, JSON.stringify(theirs));
    updateUserFields(db, brin6, row.id, settlement.fields);
    updateUserRoles(db, brin6, row.id, settlement.roles.access, settlement.roles.roles);
    if (Object.keys(settlement.patch).length > 0) enqueuePatch(db, brin6, row.id, settlement.patch, fieldsOf(theirs));
    if (settlement.rolesChanged) enqueueRoles(db, brin6, row.id, settlement.roles.access, settlement.roles.roles, { access: theirs.access, roles: theirs.roles });
    if (settlement.choices.length > 0) {
      const said = settlement.choices.map(([f, c]) => `${FIELD_LABEL[f]}: ${c === 'mine' ? 'eigen versie gehouden' : 'versie van de centrale dienst overgenomen'}`);
      recordAudit(db, brin6, 'Conflict opgelost', `${displayName(settlement.fields)}: ${said.join('; ')}`);
    }
  } else {
    // Refused: send again what the admin edited, against the version the service last confirmed to us.
    const confirmed = row.base_json ? (JSON.parse(row.base_json) as UserFields & RoleSet) : null;
    const edited = new Set(entries.filter((e) => e.routeId === 'patchUser').flatMap((e) => Object.keys((e.body ?? {}) as object)));
    const patch = Object.fromEntries(Object.entries(fieldsOf(row)).filter(([f]) => edited.has(f))) as Partial<UserFields>;
    if (Object.keys(patch).length > 0) enqueuePatch(db, brin6, row.id, patch, confirmed ? fieldsOf(confirmed) : fieldsOf(row));
    if (entries.some((e) => e.routeId === 'putRoles')) enqueueRoles(db, brin6, row.id, set.access, set.roles, confirmed ? { access: confirmed.access, roles: confirmed.roles } : set);
  }
  if (row.invitation_queued) enqueueInvite(db, brin6, row.id);
  return getUser(db, brin6, row.id)!;
}

/**
 * Settles a user's conflict with the admin's choice per field (users:resolve-conflict). Every conflicting field needs
 * a choice; a missing one is refused at that field and nothing changes.
 */
export function resolveConflict(db: Database.Database, brin6: string, id: string, choices: Partial<Record<ConflictField, Choice>>): UserView {
  requireLocation(db, brin6);
  db.transaction(() => {
    const row = requireUser(db, brin6, id);
    const found = conflictFields(row, userEntries(db, brin6, id));
    if (!found) throw new ServiceError('invalid-input', 'Deze gebruiker heeft geen conflict (meer). Vernieuw de lijst.');
    const missing = found.fields.filter((f) => !choices[f]);
    if (missing.length > 0) {
      const message = (f: ConflictField) => `Kies bij ${FIELD_LABEL[f]} welke versie blijft: Mijn versie houden of Die versie overnemen.`;
      throw new ServiceError('invalid-input', message(missing[0]!), missing.map((f) => ({ path: ['choices', f], message: message(f) })));
    }
    resolveStuck(db, brin6, row, (f) => choices[f] ?? 'mine');
  }).immediate();
  return viewOf(db, brin6, id);
}

// ---- the changes ----

export interface NewUserOptions {
  readonly access?: boolean;
  readonly roles?: readonly Role[];
  readonly leerkrachtKey?: string | null;
}

/** Adds one user inside the caller's transaction: row, queued creation (and roles), audit entries. */
export function addUserInTransaction(db: Database.Database, brin6: string, fields: UserFields, options: NewUserOptions = {}): string {
  const email = fields.email.toLowerCase();
  if (userWithEmail(db, brin6, email)) throw duplicateEmail(email);
  const roles = mergeRoles(options.roles ?? [], []);
  const access = options.access ?? false;
  checkClasses(db, brin6, roles);
  const id = `local-${crypto.randomUUID()}`;
  const f = { ...fields, email };
  insertUser(db, brin6, { id, remoteId: null, version: null, fields: f, access, roles, invitedAt: null, activatedAt: null, leerkrachtKey: options.leerkrachtKey ?? null, remoteJson: null });
  enqueueCreate(db, brin6, id, f);
  recordAudit(db, brin6, 'Gebruiker toegevoegd', `${displayName(f)} (${email})`);
  if (access || roles.length > 0) {
    enqueueRoles(db, brin6, id, access, roles, NOTHING);
    recordAudit(db, brin6, 'Rollen gewijzigd', `${displayName(f)}: ${rolesSummary(db, brin6, access, roles)}`);
  }
  return id;
}

export function addUser(db: Database.Database, brin6: string, fields: UserFields): UserView {
  requireLocation(db, brin6);
  const id = db.transaction(() => addUserInTransaction(db, brin6, fields)).immediate();
  return viewOf(db, brin6, id);
}

/** Changes the fields given; an absent field keeps its value. Only what differs from the row is queued (a PATCH). */
export function updateUser(db: Database.Database, brin6: string, id: string, fields: Partial<UserFields>): UserView {
  requireLocation(db, brin6);
  db.transaction(() => {
    // A stuck change is settled first (fields only someone else changed now show theirs); the edit builds on that.
    const row = resolveStuck(db, brin6, requireUser(db, brin6, id));
    const before = fieldsOf(row);
    const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as Partial<UserFields>;
    const after: UserFields = { ...before, ...given, email: (given.email ?? before.email).toLowerCase() };
    if (after.email !== before.email && userWithEmail(db, brin6, after.email, id)) throw duplicateEmail(after.email);
    const patch = Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof UserFields] !== v));
    if (Object.keys(patch).length === 0) return;
    updateUserFields(db, brin6, id, after);
    if (!row.remote_id && userEntries(db, brin6, id).every((e) => e.routeId === 'createUser' && e.attempts === 0)) {
      // Never sent: the queued creation simply carries the new data (a new key goes with the new body).
      removeEntries(db, userEntries(db, brin6, id).map((e) => e.seq));
      enqueueCreate(db, brin6, id, after);
    } else {
      enqueuePatch(db, brin6, id, patch, before);
    }
    recordAudit(db, brin6, 'Gebruiker gewijzigd', `${displayName(after)}: ${Object.keys(patch).map((k) => FIELD_LABEL[k as keyof UserFields]).join(', ')}`);
  }).immediate();
  return viewOf(db, brin6, id);
}


/**
 * Removes users: the row becomes a tombstone with a queued DELETE; a user the service never saw (its creation not
 * yet sent, or refused) is simply dropped with everything queued for it. Answers the users that remain.
 */
export function removeUsers(db: Database.Database, brin6: string, ids: readonly string[]): UserView[] {
  requireLocation(db, brin6);
  db.transaction(() => {
    for (const id of new Set(ids)) {
      const row = requireUser(db, brin6, id);
      const entries = userEntries(db, brin6, id);
      const create = entries.find((e) => e.routeId === 'createUser');
      const neverSent = !row.remote_id && (!create || create.state === 'failed' || (create.attempts === 0 && create.state === 'pending'));
      if (neverSent) {
        removeEntries(db, entries.map((e) => e.seq));
        dropUser(db, brin6, id);
      } else {
        // Changes that were refused or in conflict are moot now; the deletion goes against the current version.
        const stuck = entries.filter((e) => e.state !== 'pending');
        const current = stuck.map((e) => (e.state === 'conflict' && e.conflictJson ? (JSON.parse(e.conflictJson) as { version?: number }) : null)).find((c) => c?.version);
        if (current?.version && row.remote_id) setConfirmed(db, brin6, id, row.remote_id, current.version, JSON.stringify(current));
        removeEntries(db, stuck.map((e) => e.seq));
        markUserDeleted(db, brin6, id);
        enqueue(db, brin6, { routeId: 'deleteUser', params: { id } });
      }
      // Who did what stays; the colleague's name and e-mail leave the log with them (README, "Bewaartermijnen").
      const pseudonym = `gebruiker ${id.slice(0, 8)}`;
      pseudonymiseAudit(db, brin6, [`${displayName(row)} (${row.email})`, displayName(row), row.email], pseudonym);
      recordAudit(db, brin6, 'Gebruiker verwijderd', pseudonym);
    }
  }).immediate();
  scrubFreedPages(db);
  return listUsers(db, brin6);
}

/** Bulk roles: `replace` sets exactly these roles and access; `add` merges them into each user's roles (access stays on if it was). */
export function setRoles(db: Database.Database, brin6: string, input: { ids: readonly string[]; access: boolean; roles: readonly Role[]; mode: 'replace' | 'add' }): UserView[] {
  requireLocation(db, brin6);
  const ids = [...new Set(input.ids)];
  db.transaction(() => {
    checkClasses(db, brin6, input.roles);
    const classNames = new Map(confirmedClasses(db, brin6).map((c) => [c.key, c.naam]));
    for (const id of ids) {
      const row = resolveStuck(db, brin6, requireUser(db, brin6, id));
      const existing = JSON.parse(row.roles_json) as Role[];
      const roles = input.mode === 'add' ? mergeRoles(existing, input.roles) : mergeRoles(input.roles, []);
      const access = input.mode === 'add' ? input.access || row.access === 1 : input.access;
      if (JSON.stringify(roles) === JSON.stringify(mergeRoles(existing, [])) && access === (row.access === 1)) continue;
      updateUserRoles(db, brin6, id, access, roles);
      enqueueRoles(db, brin6, id, access, roles, { access: row.access === 1, roles: existing });
      recordAudit(db, brin6, 'Rollen gewijzigd', `${displayName(row)}: ${rolesSummary(db, brin6, access, roles, classNames)}`);
    }
  }).immediate();
  return viewsOf(db, brin6, ids);
}

/** Bulk (re-)invitation: queued now, sent by the service once the console is online. */
export function inviteUsers(db: Database.Database, brin6: string, ids: readonly string[]): UserView[] {
  requireLocation(db, brin6);
  const unique = [...new Set(ids)];
  db.transaction(() => {
    for (const id of unique) {
      const row = resolveStuck(db, brin6, requireUser(db, brin6, id));
      setInvitationQueued(db, brin6, id, true);
      enqueueInvite(db, brin6, id);
      recordAudit(db, brin6, row.invited_at ? 'Uitnodiging opnieuw verstuurd' : 'Uitnodiging verstuurd', `${displayName(row)} (${row.email})`);
    }
  }).immediate();
  return viewsOf(db, brin6, unique);
}

/**
 * Several colleagues' roles set at once as ONE change (issue 37, a new school year): one transaction, each changed
 * user's roles queued as a roles PUT (exactly once, merged field by field on a conflict like any roles change), and
 * one log entry for all. Classes are checked against the confirmed data. Returns the roles each had before.
 */
export function replaceRoles(
  db: Database.Database,
  brin6: string,
  changes: readonly { id: string; roles: readonly Role[] }[],
  audit: { action: string; detail: string },
  /** False for an undo: the roles as they were, even naming classes the file has dropped since. */
  classesChecked = true,
): { id: string; access: boolean; roles: Role[] }[] {
  requireLocation(db, brin6);
  const before: { id: string; access: boolean; roles: Role[] }[] = [];
  db.transaction(() => {
    if (classesChecked) for (const change of changes) checkClasses(db, brin6, change.roles);
    for (const change of changes) {
      const row = resolveStuck(db, brin6, requireUser(db, brin6, change.id));
      const existing = JSON.parse(row.roles_json) as Role[];
      const access = row.access === 1;
      before.push({ id: change.id, access, roles: existing });
      if (JSON.stringify(existing) === JSON.stringify(change.roles)) continue;
      updateUserRoles(db, brin6, change.id, access, change.roles);
      enqueueRoles(db, brin6, change.id, access, change.roles, { access, roles: existing });
    }
    recordAudit(db, brin6, audit.action, audit.detail);
  }).immediate();
  return before;
}
