import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { roleSchema, userInputSchema, userPatchSchema } from '../api/resources';
import { method } from './contract';

/**
 * Steps 6–8 of seed 000 (6–10 in the multi-location plan): users per location, their roles and classes, access and
 * invitations. Offline first: every change is stored locally with its outbox entry and shows at once;
 * `sync` says whether the service has it yet.
 */
const brin6Input = z.object({ brin6: brin6Schema });

/** A user's personal data as the admin types it: the API's own schema (one rule, one set of Dutch messages). */
export const userFieldsSchema = userInputSchema;
/** A change of some of those fields: an absent field stays as it is. */
export const userFieldsPatchSchema = userPatchSchema;
export type UserFields = z.infer<typeof userFieldsSchema>;

/**
 * The user's fields, in the form's order, derived from the schema: every list of them (the SQL columns, the feed, the
 * merge, the form) uses this, so a field added to the schema can never be silently dropped by one of them.
 */
export const USER_FIELDS = Object.keys(userFieldsSchema.shape) as ReadonlyArray<keyof UserFields>;

/** A user's fields picked from anything that has them (a row, the service's copy, a suggestion). */
export function pickUserFields(from: Readonly<Record<keyof UserFields, string>>): UserFields {
  return Object.fromEntries(USER_FIELDS.map((f) => [f, from[f]])) as UserFields;
}

export { roleSchema };
export type Role = z.infer<typeof roleSchema>;

export const invitationStateSchema = z.enum(['not-invited', 'queued', 'invited', 'activated']);
export type InvitationState = z.infer<typeof invitationStateSchema>;

/** A field both this console and someone else changed, differently (a user's details, or their roles as a whole). */
export const conflictFieldSchema = z.enum([...USER_FIELDS, 'roles']);
export type ConflictField = z.infer<typeof conflictFieldSchema>;

/**
 * A user's conflict, field by field: "jouw waarde" (what this console has) and "de waarde bij de centrale dienst",
 * shown as text; who changed it there and when, where the service says so. Fields only one side changed are not
 * listed: they merge by themselves.
 */
export const userConflictSchema = z.object({
  fields: z.array(z.object({ field: conflictFieldSchema, label: z.string(), mine: z.string(), theirs: z.string() })),
  changedBy: z.string().nullable(),
  changedAt: z.string().nullable(),
});
export type UserConflict = z.infer<typeof userConflictSchema>;

export const userViewSchema = z.object({
  /** Stable local id (the service's id for users that came from it; a local one for users made here). */
  id: z.string(),
  voornaam: z.string(),
  initialen: z.string(),
  voorvoegsel: z.string(),
  achternaam: z.string(),
  email: z.string(),
  /** "Toegang tot applicatie": without it no role grants anything. */
  access: z.boolean(),
  roles: z.array(roleSchema),
  /** niet uitgenodigd / uitnodiging in wachtrij (offline) / uitgenodigd op invitedAt / geactiveerd op activatedAt. */
  invitation: invitationStateSchema,
  invitedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  /** synced: the service has every change; pending: changes queued; failed / conflict: see syncMessage (Dutch). */
  sync: z.enum(['synced', 'pending', 'failed', 'conflict']),
  syncMessage: z.string().nullable(),
  /** While sync is 'conflict': what clashes, per field (null otherwise). */
  conflict: userConflictSchema.nullable(),
  /** The EDEXML leerkracht this user was added from, if any. */
  leerkrachtKey: z.string().nullable(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** A teacher of the confirmed import, offered as a user to add (step 6), with the classes the file gives them. */
export const userSuggestionSchema = z.object({
  leerkrachtKey: z.string(),
  voornaam: z.string(),
  initialen: z.string(),
  voorvoegsel: z.string(),
  achternaam: z.string(),
  email: z.string().nullable(),
  classes: z.array(z.string()),
  /** Already a user here (same e-mail or added from this leerkracht). */
  alreadyUser: z.boolean(),
});
export type UserSuggestion = z.infer<typeof userSuggestionSchema>;

/**
 * The class list the pickers offer: the confirmed import's classes; after them, marked `former`, classes a role still
 * names that the confirmed file dropped (named from the earlier file, never offered to pick: screens say "3BA", not a key).
 */
export const pickableClassSchema = z.object({ key: z.string(), naam: z.string(), jaargroep: z.string().nullable(), samengesteld: z.boolean(), former: z.literal(true).optional() });
export type PickableClass = z.infer<typeof pickableClassSchema>;

export const csvProblemSchema = z.object({ line: z.number().int().positive(), message: z.string() });
export const csvImportResultSchema = z.object({
  /** Data rows in the file (header not counted). */
  rows: z.number().int().nonnegative(),
  valid: z.number().int().nonnegative(),
  /** Every bad row with its line number in the file (1 = header) and a Dutch message naming the column. */
  problems: z.array(csvProblemSchema),
  /** Users added by this call (0 for `check`, or when problems exist and mode is `all`). */
  imported: z.number().int().nonnegative(),
});
export type CsvImportResult = z.infer<typeof csvImportResultSchema>;


const idsInput = z.object({ brin6: brin6Schema, ids: z.array(z.string().min(1).max(128)).min(1, { message: 'Kies eerst een of meer gebruikers.' }).max(1000) });

export const usersMethods = {
  'users:list': method({ summary: 'De gebruikers van deze locatie, met rollen, toegang, uitnodiging en synchronisatie.', input: brin6Input, output: z.array(userViewSchema) }),
  'users:add': method({
    summary: 'Voegt een gebruiker toe (stap 6). Hetzelfde e-mailadres twee keer in één locatie wordt geweigerd.',
    input: z.object({ brin6: brin6Schema, user: userFieldsSchema }),
    output: userViewSchema,
  }),
  'users:update': method({
    summary: 'Wijzigt de gegevens van een gebruiker; een veld dat ontbreekt blijft zoals het is.',
    input: z.object({ brin6: brin6Schema, id: z.string().min(1).max(128), user: userFieldsPatchSchema }),
    output: userViewSchema,
  }),
  'users:resolve-conflict': method({
    summary: 'Lost een conflict op, per veld: mijn versie houden of die van de centrale dienst overnemen. Alleen gekozen en zelf gewijzigde velden worden verstuurd.',
    input: z.object({
      brin6: brin6Schema,
      id: z.string().min(1).max(128),
      choices: z.partialRecord(conflictFieldSchema, z.enum(['mine', 'theirs'])),
    }),
    output: userViewSchema,
  }),
  'users:remove': method({ summary: 'Verwijdert gebruikers (na bevestiging in het scherm).', input: idsInput, output: z.array(userViewSchema) }),
  'users:set-roles': method({
    summary: 'Zet toegang, rollen en klassen van een of meer gebruikers (stap 7); `add` voegt rollen toe, `replace` vervangt ze.',
    input: idsInput.extend({ access: z.boolean(), roles: z.array(roleSchema).max(20), mode: z.enum(['replace', 'add']) }),
    output: z.array(userViewSchema),
  }),
  'users:invite': method({ summary: 'Verstuurt (opnieuw) een uitnodiging aan een of meer gebruikers (stap 8).', input: idsInput, output: z.array(userViewSchema) }),
  'users:export-csv': method({
    summary: 'De gebruikerslijst als CSV (één regel per gebruiker en rol), zoals de CSV-import van stap 6 hem leest; de export komt in het logboek.',
    input: brin6Input,
    output: z.object({ fileName: z.string(), csv: z.string() }),
  }),
  'users:list-classes': method({ summary: 'De klassen uit het bevestigde bestand, voor het kiezen bij een rol.', input: brin6Input, output: z.array(pickableClassSchema) }),
  'users:list-suggestions': method({ summary: 'Leerkrachten uit het bevestigde bestand, als voorstel om toe te voegen.', input: brin6Input, output: z.array(userSuggestionSchema) }),
  'users:add-suggested': method({
    summary: 'Voegt leerkrachten uit het bestand toe als gebruikers, met hun klassen bij de gekozen rol.',
    input: z.object({
      brin6: brin6Schema,
      leerkrachtKeys: z.array(z.string().min(1).max(256)).min(1, { message: 'Kies eerst een of meer leerkrachten.' }).max(1000),
      role: z.discriminatedUnion('role', [
        z.object({ role: z.literal('leerlingbegeleider') }),
        z.object({ role: z.literal('vakdocent'), subject: z.enum(['nederlands', 'engels', 'wiskunde']) }),
      ]),
    }),
    output: z.array(userViewSchema),
  }),
  'users:import-csv': method({
    summary: 'Leest gebruikers uit een CSV-bestand (kopregel, Nederlandse kolomnamen). `check` controleert alleen.',
    input: z.object({
      brin6: brin6Schema,
      uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'Onbekend bestand. Kies het bestand opnieuw.' }),
      mode: z.enum(['check', 'all', 'valid-only']),
    }),
    output: csvImportResultSchema,
  }),
};
