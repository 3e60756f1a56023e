import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { ALLOWLIST_LABEL_MAX, ALLOWLIST_MAX_ENTRIES, validateAllowlist } from '../domain/ip';
import { method } from './contract';
import { syncStateSchema } from './sync';

/**
 * Test-taking security (seed 002): the public IP addresses from which pupils of this location may start a test.
 * The list is saved and synced as a whole (PUT /ip-allowlist with If-Match). "Controleer dit adres" asks the service
 * which address it sees from this PC (GET /whoami), the way the seed asks to check it on the location itself.
 */
export const allowlistEntrySchema = z.object({
  /** Normalised (IPv6 compressed, lower case). */
  address: z.string(),
  label: z.string().nullable(),
  /** YYYY-MM-DD: for a pupil taking tests elsewhere; after this date the entry is flagged for removal. */
  until: z.string().nullable(),
  /** `until` lies before today: remove it. */
  expired: z.boolean(),
});
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;

export const allowlistViewSchema = z.object({
  brin6: z.string(),
  entries: z.array(allowlistEntrySchema),
  expired: z.number().int().nonnegative(),
  /** null: never saved here (and not received from the service). */
  sync: syncStateSchema.nullable(),
  updatedAt: z.string().nullable(),
});
export type AllowlistView = z.infer<typeof allowlistViewSchema>;

/** One row as the form sends it; main normalises it (the renderer may show `validateAllowlist` live). */
export const allowlistEntryInputSchema = z.object({
  address: z.string().max(200, { message: 'Dit is te lang voor een IP-adres.' }),
  label: z.string().max(ALLOWLIST_LABEL_MAX * 2, { message: `De omschrijving is te lang (meer dan ${ALLOWLIST_LABEL_MAX} tekens).` }).nullable(),
  until: z.string().max(32, { message: 'Gebruik een datum als jjjj-mm-dd.' }).nullable(),
});

/** The whole list, validated with the shared rule: each problem carries its row and field as the path. */
export const allowlistInputSchema = z
  .array(allowlistEntryInputSchema)
  .max(ALLOWLIST_MAX_ENTRIES, { message: `De lijst mag hoogstens ${ALLOWLIST_MAX_ENTRIES} adressen bevatten.` })
  .superRefine((entries, ctx) => {
    const result = validateAllowlist(entries);
    if (result.ok) return;
    for (const p of result.problems) ctx.addIssue({ code: 'custom', path: [p.index, p.field], message: p.message });
  });

export const thisPcCheckSchema = z.object({
  /** The address the service sees this PC as (normalised). */
  address: z.string(),
  onList: z.boolean(),
  /** Null when the address can be added; otherwise why not (e.g. the service sees an internal address). */
  problem: z.string().nullable(),
});
export type ThisPcCheck = z.infer<typeof thisPcCheckSchema>;

export const allowlistMethods = {
  'allowlist:get': method({
    summary: 'De toegestane publieke IP-adressen voor het afnemen van toetsen op deze locatie.',
    input: z.object({ brin6: brin6Schema }),
    output: allowlistViewSchema,
  }),
  'allowlist:save': method({
    summary: 'Vervangt de lijst van toegestane adressen (en zet hem in de wachtrij voor de centrale dienst).',
    input: z.object({ brin6: brin6Schema, entries: allowlistInputSchema }),
    output: allowlistViewSchema,
  }),
  'allowlist:check-this-pc': method({
    summary: 'Vraagt de centrale dienst welk adres hij van deze pc ziet, en of dat op de lijst staat (alleen online).',
    input: z.object({ brin6: brin6Schema }),
    output: thisPcCheckSchema,
  }),
};
