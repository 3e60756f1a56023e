import { z } from 'zod';
import { brin6Schema, versionSchema } from './common';

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

export const userInputSchema = z.object({
  voornaam: z.string().trim().min(1).max(64),
  initialen: z.string().trim().max(16).default(''),
  voorvoegsel: z.string().trim().max(16).default(''),
  achternaam: z.string().trim().min(1).max(128),
  email: z.email().max(256),
});
export const userPatchSchema = userInputSchema.partial();

export const userSchema = userInputSchema.extend({
  id: z.string(),
  version: versionSchema,
  access: z.boolean(),
  roles: z.array(roleSchema),
  invitedAt: z.string().nullable(),
  activatedAt: z.string().nullable(),
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
  entries: z.array(z.object({ address: z.string().max(64), label: z.string().max(128).nullable(), until: z.string().nullable() })).max(500),
});

export const numoSchema = z.object({
  version: versionSchema.optional(),
  klantnummer: z.string().max(32),
  schoolnaam: z.string().max(256),
  aanhef: z.string().max(32),
  voornaam: z.string().max(64),
  achternaam: z.string().max(128),
  email: z.email().max(256),
  maximumNiveau: z.string().max(32),
  korteSchoolnaam: z.string().max(64),
  terugstuuroptie: z.number().int().min(-2).max(2),
});

export const whoamiSchema = z.object({ address: z.string() });

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
