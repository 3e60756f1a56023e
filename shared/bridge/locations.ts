import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { method, noInput } from './contract';
import { freeText } from '../domain/text';
import { GAP_KINDS } from '../domain/readiness';

/** Why: one school location (BRIN6) is the unit of everything else; data never mixes between two of them. */
export const locationSchema = z.object({
  brin6: z.string(),
  name: z.string(),
  /** The portal username of this BRIN6's account (step 1); empty when not given yet. Never a password. */
  username: z.string(),
});
export type Location = z.infer<typeof locationSchema>;

export const stepProgressSchema = z.object({
  id: z.enum(['sign-in', 'import', 'confirm-school', 'load-planner', 'check-availability', 'add-users', 'assign-roles', 'invite']),
  state: z.enum(['done', 'attention', 'todo']),
  note: z.string(),
});

/** A point that keeps a location from being set up (shared/domain/readiness.ts): who or what, and the step to fix it. */
export const readinessGapSchema = z.object({ kind: z.enum(GAP_KINDS), step: stepProgressSchema.shape.id, text: z.string(), severity: z.enum(['attention', 'todo']), userIds: z.array(z.string()) });

/** One row of "Mijn schoollocaties": the location, its steps 1–8, whether it is set up, its queue and its last sync. */
export const locationOverviewSchema = locationSchema.extend({
  /** Steps 1–8: 1–5 from the location's data, 6–8 from the readiness rule. */
  steps: z.array(stepProgressSchema),
  /** The one readiness rule: klaar, or every open point naming who or what. */
  readiness: z.object({ ready: z.boolean(), gaps: z.array(readinessGapSchema) }),
  signedIn: z.boolean(),
  pending: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
  /** Queued changes that keep failing to arrive (still retried). */
  delayed: z.number().int().nonnegative(),
  lastSuccessAt: z.string().nullable(),
  /** The school year of the confirmed file, and whether it is the current one (null without a confirmed file). */
  schooljaar: z.string().nullable(),
  schoolYearCurrent: z.boolean().nullable(),
  /** Dutch lines that need the administrator's attention (last sync error, refused changes, other school year). */
  warnings: z.array(z.string()),
});
export type LocationOverview = z.infer<typeof locationOverviewSchema>;

const brin6Input = z.object({ brin6: brin6Schema });

export const locationsMethods = {
  'locations:list-all': method({
    summary: 'De schoollocaties die in deze console zijn vastgelegd.',
    input: noInput,
    output: z.array(locationSchema),
  }),
  'locations:add': method({
    summary: 'Voegt een schoollocatie toe (BRIN6, naam, gebruikersnaam van het portaalaccount).',
    input: z.object({
      brin6: z.preprocess((v) => (typeof v === 'string' ? v.replace(/\s+/g, '').toUpperCase() : v), brin6Schema),
      name: freeText({ field: 'de naam', max: 200, required: 'Vul de naam van de school of locatie in.', retype: 'de naam' }),
      username: freeText({ field: 'de gebruikersnaam', max: 256, retype: 'de gebruikersnaam' }),
    }),
    output: locationSchema,
  }),
  'locations:remove': method({
    summary: 'Verwijdert een schoollocatie met alle gegevens die de console ervan bewaart.',
    input: brin6Input,
    output: z.array(locationSchema),
  }),
  'locations:get-overview': method({
    summary: 'Per locatie de voortgang van stap 1–5, de wachtrij, de laatste synchronisatie en waarschuwingen.',
    input: noInput,
    output: z.array(locationOverviewSchema),
  }),
  'locations:get-progress': method({
    summary: 'De voortgang van één locatie (de regel uit het overzicht).',
    input: brin6Input,
    output: locationOverviewSchema,
  }),
};
