import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { addUser, inviteUsers, listUsers, removeUsers, resolveConflict, setRoles, updateUser } from './users';
import { addSuggested, listClasses, listSuggestions } from './from-import';

import { recordExport } from '../audit/audit';
import { plural } from '../../shared/domain/names';
import { usersCsv, usersCsvFileName } from '../../shared/domain/users-export';
import { localIsoDate } from '../../shared/domain/ip';

type UsersMethod = Extract<keyof Handlers, `users:${string}`>;

/**
 * The users' CSV import needs papaparse: loaded when first asked for, so every CLI command (which opens these
 * services) does not pay for it.
 */
const csv = () => import('./csv');

/** Steps 6–8: users, roles and classes, invitations. Every change is a mutation (counted, and sent when online). */
export function usersApp(ctx: CapabilityContext): Pick<Handlers, UsersMethod> {
  const db = () => ctx.requireDb();
  return {
    'users:list': ({ brin6 }) => listUsers(db(), brin6),
    'users:add': ({ brin6, user }) => ctx.mutation(brin6, addUser(db(), brin6, user)),
    'users:update': ({ brin6, id, user }) => ctx.mutation(brin6, updateUser(db(), brin6, id, user)),
    'users:resolve-conflict': ({ brin6, id, choices }) => ctx.mutation(brin6, resolveConflict(db(), brin6, id, choices)),
    'users:remove': ({ brin6, ids }) => ctx.mutation(brin6, removeUsers(db(), brin6, ids)),
    'users:set-roles': ({ brin6, ...input }) => ctx.mutation(brin6, setRoles(db(), brin6, input)),
    'users:invite': ({ brin6, ids }) => ctx.mutation(brin6, inviteUsers(db(), brin6, ids)),
    'users:export-csv': ({ brin6 }) => {
      const users = listUsers(db(), brin6);
      const names = new Map(listClasses(db(), brin6).map((c) => [c.key, c.naam]));
      const fileName = usersCsvFileName(brin6, localIsoDate(ctx.today()));
      const csvText = usersCsv(users, (key) => names.get(key) ?? key);
      // Colleagues' names and e-mail addresses leave the console: on record (issue 34).
      recordExport(db(), brin6, 'Gebruikerslijst (CSV)', plural(users.length, 'gebruiker', 'gebruikers'), fileName, ctx.today());
      return { fileName, csv: csvText };
    },
    'users:list-classes': ({ brin6 }) => listClasses(db(), brin6),
    'users:list-suggestions': ({ brin6 }) => listSuggestions(db(), brin6),
    'users:add-suggested': ({ brin6, ...input }) => ctx.mutation(brin6, addSuggested(db(), brin6, input)),
    'users:import-csv': async ({ brin6, uploadId, mode }) => ctx.mutation(brin6, (await csv()).importCsvUpload(db(), ctx.uploads, brin6, uploadId, mode)),
  };
}
