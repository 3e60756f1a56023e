/**
 * Step 6's users from the confirmed EDEXML file: the classes the pickers offer (and the names of dropped classes a role
 * still names), the file's teachers as suggestions, and adding them as users with the file's classes at a role.
 */
import type Database from 'better-sqlite3';
import type { PickableClass, Role, UserSuggestion, UserView } from '../../shared/bridge';
import { userFieldsSchema } from '../../shared/bridge';
import { ServiceError } from '../errors/service-error';
import { requireLocation } from '../locations/locations';
import { confirmedClasses, confirmedTeachers, formerClassNames } from '../imports/store';
import { visibleUsers } from './store';
import { addUserInTransaction, displayName, viewsOf } from './users';

export function listClasses(db: Database.Database, brin6: string): PickableClass[] {
  requireLocation(db, brin6);
  const current = confirmedClasses(db, brin6);
  const known = new Set(current.map((c) => c.key));
  const named = visibleUsers(db, brin6).flatMap((u) => (JSON.parse(u.roles_json) as Role[]).flatMap((r) => ('classes' in r ? r.classes.filter((k) => !known.has(k)) : [])));
  const former = [...formerClassNames(db, brin6, named)].map(([key, naam]) => ({ key, naam, jaargroep: null, samengesteld: false, former: true as const }));
  return [...current, ...former];
}

function teacherFields(t: { voornamen: string | null; voorletters: string | null; roepnaam: string | null; voorvoegsel: string | null; achternaam: string | null }) {
  const voornaam = (t.roepnaam ?? '').trim() || (t.voornamen ?? '').trim().split(/\s+/)[0] || (t.voorletters ?? '').trim();
  return { voornaam, initialen: (t.voorletters ?? '').trim(), voorvoegsel: (t.voorvoegsel ?? '').trim(), achternaam: (t.achternaam ?? '').trim() };
}

export function listSuggestions(db: Database.Database, brin6: string): UserSuggestion[] {
  requireLocation(db, brin6);
  const users = visibleUsers(db, brin6);
  const emails = new Set(users.map((u) => u.email));
  const keys = new Set(users.map((u) => u.leerkracht_key).filter((k): k is string => k !== null));
  return confirmedTeachers(db, brin6).map((t) => {
    const email = t.emailadres?.trim().toLowerCase() || null;
    return {
      leerkrachtKey: t.key,
      ...teacherFields(t),
      email,
      classes: t.classes,
      alreadyUser: keys.has(t.key) || (email !== null && emails.has(email)),
    };
  });
}

/**
 * Adds teachers of the confirmed import as users, with access and the chosen role over the classes the file gives
 * them. All or nothing: a teacher without (valid) e-mail address or name, or one who is already a user, refuses the
 * whole call with a message naming them — the admin adds that colleague by hand, or leaves them out.
 */
export function addSuggested(
  db: Database.Database,
  brin6: string,
  input: { leerkrachtKeys: readonly string[]; role: { role: 'leerlingbegeleider' } | { role: 'vakdocent'; subject: 'nederlands' | 'engels' | 'wiskunde' } },
): UserView[] {
  requireLocation(db, brin6);
  const suggestions = new Map(listSuggestions(db, brin6).map((s) => [s.leerkrachtKey, s]));
  const ids = db.transaction(() => {
    const added: string[] = [];
    for (const key of new Set(input.leerkrachtKeys)) {
      const s = suggestions.get(key);
      if (!s) throw new ServiceError('invalid-input', `Leerkracht ${key} staat niet in het bevestigde bestand. Vernieuw de lijst met voorstellen.`);
      const name = displayName(s) || key;
      if (s.alreadyUser) throw new ServiceError('invalid-input', `${name} is al gebruiker in deze locatie. Laat deze leerkracht weg, of pas de rollen aan bij Rollen en klassen.`);
      if (!s.email) {
        throw new ServiceError('invalid-input', `${name} heeft geen e-mailadres in het bestand. Laat deze leerkracht weg en voeg de collega toe met Gebruiker toevoegen, met e-mailadres.`);
      }
      const parsed = userFieldsSchema.safeParse({ voornaam: s.voornaam, initialen: s.initialen, voorvoegsel: s.voorvoegsel, achternaam: s.achternaam, email: s.email });
      if (!parsed.success) {
        throw new ServiceError('invalid-input', `De gegevens van ${name} in het bestand zijn niet bruikbaar: ${parsed.error.issues[0]?.message ?? ''} Voeg deze collega toe met Gebruiker toevoegen.`);
      }
      const role: Role = input.role.role === 'vakdocent' ? { role: 'vakdocent', subject: input.role.subject, classes: s.classes } : { role: 'leerlingbegeleider', classes: s.classes };
      added.push(addUserInTransaction(db, brin6, parsed.data, { access: true, roles: [role], leerkrachtKey: key }));
    }
    return added;
  }).immediate();
  return viewsOf(db, brin6, ids);
}
