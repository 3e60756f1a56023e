import { z } from 'zod';
import { brin6Schema, versionSchema } from './common';
import { emailText, freeText } from '../domain/text';

export const sessionRequestSchema = z.object({
  brin6: brin6Schema,
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export const sessionSchema = z.object({
  token: z.string(),
  brin6: brin6Schema,
  expiresAt: z.string(),
});

const key = z.string().min(1).max(256);
const optionalText = z.string().max(256).nullable();

/** The confirmed import as the service receives it: minimised, like the console stores it. */
export const schoolDataSchema = z.object({
  contentHash: z.string().min(16).max(128),
  school: z.object({ brin6: brin6Schema, schoolkey: z.string().nullable(), schooljaar: z.string().regex(/^\d{4}-\d{4}$/) }),
  groepen: z.array(z.object({ key, naam: z.string().max(256), jaargroep: z.string().nullable(), samengesteld: z.boolean() })),
  leerlingen: z.array(
    z.object({
      key,
      eckid: optionalText,
      achternaam: optionalText,
      voorvoegsel: optionalText,
      voornamen: optionalText,
      roepnaam: optionalText,
      geboortedatum: z.string().nullable(),
      jaargroep: z.string().nullable(),
      groep: z.string().nullable(),
      samengesteldeGroepen: z.array(key),
      gebruikersnaam: optionalText,
    }),
  ),
  leerkrachten: z.array(z.object({ key, achternaam: optionalText, emailadres: optionalText, groepen: z.array(key) })),
});
export type SchoolDataUpload = z.infer<typeof schoolDataSchema>;

export const schoolDataReceiptSchema = z.object({
  contentHash: z.string(),
  version: versionSchema,
  counts: z.object({ groepen: z.number().int(), leerlingen: z.number().int() }),
});

export const classSchema = z.object({
  key,
  naam: z.string(),
  jaargroep: z.string().nullable(),
  samengesteld: z.boolean(),
  leerlingen: z.number().int().nonnegative(),
});
export const classListSchema = z.object({ items: z.array(classSchema) });

export const pupilSchema = z.object({
  key,
  achternaam: optionalText,
  voorvoegsel: optionalText,
  roepnaam: optionalText,
  groep: z.string().nullable(),
});
export const pupilPageSchema = z.object({ items: z.array(pupilSchema), next: z.string().nullable() });

/** Roles of seed 000. Vakdocent is per subject; kwaliteitsmedewerker covers the whole location (no classes). */
export const roleSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('leerlingbegeleider'), classes: z.array(key) }),
  z.object({ role: z.literal('vakdocent'), subject: z.enum(['nederlands', 'engels', 'wiskunde']), classes: z.array(key) }),
  z.object({ role: z.literal('kwaliteitsmedewerker') }),
]);
export const rolesSchema = z.object({ access: z.boolean(), roles: z.array(roleSchema).max(20) });

/**
 * A colleague's personal data (seed 000: voornaam, initialen, voorvoegsel, achternaam, e-mailadres), under the one
 * free-text rule, with Dutch messages: the bridge (users:add) and the API (createUser) use this same schema. Every
 * field is required on creation (initialen and voorvoegsel may be empty); nothing has a default.
 */
export const userInputSchema = z.object({
  voornaam: freeText({ field: 'de voornaam', max: 64, required: 'Vul de voornaam in.', retype: 'de naam' }),
  initialen: freeText({ field: 'de initialen', max: 16, retype: 'ze' }),
  voorvoegsel: freeText({ field: 'het voorvoegsel', max: 16 }),
  achternaam: freeText({ field: 'de achternaam', max: 128, required: 'Vul de achternaam in.', retype: 'de naam' }),
  email: emailText(),
});
/**
 * A change of some of those fields (PATCH, users:update): an absent field is unchanged, never emptied. Safe as
 * `.partial()` only because no field above has a default or a transform that invents a value; the contract test
 * (tests/shared/patch-schemas.test.ts) walks every patch schema and fails if one comes back.
 */
export const userPatchSchema = userInputSchema.partial();

/** The user as the service holds it (answers and the feed): plain strings, read as given. */
export const userSchema = z.object({
  voornaam: z.string(),
  initialen: z.string(),
  voorvoegsel: z.string(),
  achternaam: z.string(),
  email: z.string(),
  id: z.string(),
  version: versionSchema,
  access: z.boolean(),
  roles: z.array(roleSchema),
  invitedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
  /** Who changed the user last (a portal account) and when, where the service says so: shown in a conflict. */
  changedBy: z.string().nullable().optional(),
  changedAt: z.string().nullable().optional(),
});
export type RemoteUser = z.infer<typeof userSchema>;

/** The users change feed: each change is the user as it now is, or a deletion; `cursor` continues after it. */
export const userFeedSchema = z.object({
  changes: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('upsert'), seq: z.number().int(), user: userSchema }),
      z.object({ kind: z.literal('delete'), seq: z.number().int(), id: z.string() }),
    ]),
  ),
  cursor: z.string(),
  more: z.boolean(),
});

export const ipAllowlistSchema = z.object({
  version: versionSchema.optional(),
  entries: z.array(z.object({ address: z.string().max(64), label: freeText({ field: 'de omschrijving', max: 128 }).nullable(), until: z.string().nullable() })).max(500),
});

export const numoSchema = z.object({
  version: versionSchema.optional(),
  klantnummer: freeText({ field: 'het klantnummer', max: 32 }),
  schoolnaam: freeText({ field: 'de schoolnaam', max: 256 }),
  aanhef: freeText({ field: 'de aanhef', max: 32 }),
  voornaam: freeText({ field: 'de voornaam', max: 64, retype: 'de naam' }),
  achternaam: freeText({ field: 'de achternaam', max: 128, retype: 'de naam' }),
  email: emailText(),
  maximumNiveau: freeText({ field: 'het maximumniveau', max: 32 }),
  korteSchoolnaam: freeText({ field: 'de korte schoolnaam', max: 64 }),
  terugstuuroptie: z.number().int().min(-2).max(2),
});

export const whoamiSchema = z.object({ address: z.string() });

/** GET /v1/health: the service answers, without signing in (so the console can say "bereikbaar" before a sign-in). */
export const healthSchema = z.object({ status: z.literal('ok') });

/**
 * Several changes in one request, in order; each keeps its own Idempotency-Key and If-Match and gets its own answer,
 * exactly as if it had been sent alone. For throughput when many independent changes are queued.
 */
export const batchSchema = z.object({
  operations: z
    .array(
      z.object({
        method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE']),
        path: z.string().max(512),
        idempotencyKey: z.string().min(1).max(255),
        ifMatch: z.string().max(64).optional(),
        body: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(200),
});
export const batchResultSchema = z.object({
  results: z.array(z.object({ status: z.number().int(), body: z.unknown().optional(), etag: z.string().optional() })),
});
