import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { method } from './contract';

/**
 * Steps 4 and 5: the classes and pupils the central service holds for a location, compared with the confirmed
 * import. `missing`: in the import, not at the service (in that class). `extra`: at the service, not in the import.
 */
export const rosterClassSchema = z.object({
  key: z.string(),
  naam: z.string(),
  jaargroep: z.string().nullable(),
  samengesteld: z.boolean(),
  /** Pupils in the confirmed import (null: the class is not in it). */
  inImport: z.number().int().nonnegative().nullable(),
  /** Pupils at the service (null: the service does not have the class). */
  atService: z.number().int().nonnegative().nullable(),
  missing: z.number().int().nonnegative(),
  extra: z.number().int().nonnegative(),
  status: z.enum(['ok', 'mismatch', 'only-import', 'only-service']),
});
export type RosterClass = z.infer<typeof rosterClassSchema>;

export const rosterSchema = z.object({
  brin6: z.string(),
  /** When the service's lists were last fetched; null: never (offline, or not yet delivered). */
  fetchedAt: z.string().nullable(),
  hasConfirmedImport: z.boolean(),
  /** Whether step 5 can compare (shared/domain/check.ts): only once the confirmed import is delivered and fetched after. */
  readiness: z.enum(['no-import', 'queued', 'refused', 'fetching', 'ready']),
  classes: z.array(rosterClassSchema),
  totals: z.object({
    classes: z.number().int().nonnegative(),
    mismatched: z.number().int().nonnegative(),
    pupilsInImport: z.number().int().nonnegative(),
    pupilsAtService: z.number().int().nonnegative(),
  }),
});
export type Roster = z.infer<typeof rosterSchema>;

export const rosterPupilSchema = z.object({
  key: z.string(),
  /** Display name: roepnaam (or voornamen), voorvoegsel, achternaam. */
  name: z.string(),
  /** Class key and name as the import has it (or the service when the import lacks the pupil). */
  groep: z.string().nullable(),
  groepNaam: z.string().nullable(),
  status: z.enum(['ok', 'missing', 'extra']),
});
export type RosterPupil = z.infer<typeof rosterPupilSchema>;

export const rosterMethods = {
  'roster:get-classes': method({
    summary: 'Per klas: leerlingen in het bevestigde bestand en bij de centrale dienst, met de verschillen.',
    input: z.object({ brin6: brin6Schema }),
    output: rosterSchema,
  }),
  'roster:get-class-pupils': method({
    summary: 'De leerlingen van één klas, met per leerling of de centrale dienst hem heeft.',
    input: z.object({ brin6: brin6Schema, classKey: z.string().min(1).max(256) }),
    output: z.array(rosterPupilSchema),
  }),
  'roster:search-pupils': method({
    summary: 'Zoekt leerlingen op naam of sleutel (hoogstens 200 treffers).',
    input: z.object({ brin6: brin6Schema, query: z.string().trim().min(1, { message: 'Typ een naam of leerlingsleutel.' }).max(100) }),
    output: z.array(rosterPupilSchema),
  }),
};
