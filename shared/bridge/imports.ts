import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { findingSchema } from '../edexml/findings';
import { method } from './contract';

const brin6Input = z.object({ brin6: brin6Schema });

const countsSchema = z.object({
  groepen: z.number().int().nonnegative(),
  samengestelde_groepen: z.number().int().nonnegative(),
  leerlingen: z.number().int().nonnegative(),
  leerkrachten: z.number().int().nonnegative(),
});

const schoolSchema = z.object({ brin6: z.string().nullable(), schoolkey: z.string().nullable(), schooljaar: z.string().nullable() });

/** What reading one file found: the file's school, its counts and findings (errors first). No personal data. */
export const importReportSchema = z.object({
  ok: z.boolean(),
  version: z.string().nullable(),
  school: schoolSchema,
  counts: countsSchema,
  /** At most the first 1,000 findings, errors before warnings; `findingsTotal` says how many there were. */
  findings: z.array(findingSchema),
  findingsTotal: z.number().int().nonnegative(),
  dropped: z.array(z.string()),
});
export type ImportReport = z.infer<typeof importReportSchema>;

/**
 * The result of step 2. `stored`: the file is this location's pending import (confirm it in step 3).
 * `blocked`: errors in the file, nothing changed. `identical`: the file holds exactly the confirmed data ("Dit
 * bestand is gelijk aan de bevestigde gegevens"), nothing changed. `other-location`: the file belongs to another BRIN6; nothing
 * changed, and `known` says whether that location is in this console (the screen offers to switch to it).
 */
export const importOutcomeSchema = z.discriminatedUnion('kind', [
  /** `importId`: the pending import it became; step 3's confirm and the CLI's `--confirm` name it. */
  z.object({ kind: z.literal('stored'), importId: z.number().int().positive(), report: importReportSchema }),
  z.object({ kind: z.literal('blocked'), report: importReportSchema }),
  z.object({ kind: z.literal('other-location'), fileBrin6: z.string(), known: z.boolean(), report: importReportSchema }),
  /** The file holds exactly the confirmed data: nothing stored, nothing to confirm, no history entry. */
  z.object({ kind: z.literal('identical'), report: importReportSchema }),
]);
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

/**
 * One of several files, routed by the BRIN6 it names (import:route). `stored` / `blocked`: read for that location's
 * step 2 (nothing confirmed: its step 3 decides). `unknown-location`: the console has no such location; nothing read,
 * the screen offers to add it. `other-location`: a BRIN6 was required and the file names another. `unreadable`: the
 * file names no BRIN6 at its start; `report` says why.
 */
export const importRoutedSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('stored'), brin6: z.string(), importId: z.number().int().positive(), report: importReportSchema }),
  z.object({ kind: z.literal('blocked'), brin6: z.string(), report: importReportSchema }),
  z.object({ kind: z.literal('identical'), brin6: z.string(), report: importReportSchema }),
  z.object({ kind: z.literal('unknown-location'), fileBrin6: z.string(), suggestedName: z.string().nullable() }),
  z.object({ kind: z.literal('other-location'), brin6: z.string(), fileBrin6: z.string(), report: importReportSchema.nullable() }),
  z.object({ kind: z.literal('unreadable'), report: importReportSchema }),
]);
export type ImportRouted = z.infer<typeof importRoutedSchema>;

/** The location a routed file went to, or names (null: it names none). */
export function routedBrin6(routed: ImportRouted): string | null {
  switch (routed.kind) {
    case 'stored':
    case 'blocked':
    case 'identical':
      return routed.brin6;
    case 'unknown-location':
    case 'other-location':
      return routed.fileBrin6;
    case 'unreadable':
      return null;
  }
}

/** What step 2 says of a file that holds exactly the confirmed data (issue 31). */
export const IDENTICAL_TITLE = 'Dit bestand is gelijk aan de bevestigde gegevens.';
export const IDENTICAL_DETAIL = 'Er is niets te bevestigen; er is niets veranderd.';
export const IDENTICAL_MESSAGE = `${IDENTICAL_TITLE} ${IDENTICAL_DETAIL}`;

/** One stored import (pending or confirmed) as the screens show it. */
export const importViewSchema = z.object({
  /** The import's id: step 3's diff and `import:confirm` name it, so what is confirmed is what was reviewed. */
  id: z.number().int().positive(),
  sourceName: z.string(),
  importedAt: z.string(),
  confirmedAt: z.string().nullable(),
  school: schoolSchema,
  counts: countsSchema,
  findings: z.array(findingSchema),
  findingsTotal: z.number().int().nonnegative(),
  dropped: z.array(z.string()),
});
export type ImportView = z.infer<typeof importViewSchema>;

export const importStateSchema = z.object({
  brin6: z.string(),
  pending: importViewSchema.nullable(),
  confirmed: importViewSchema.nullable(),
});
export type ImportState = z.infer<typeof importStateSchema>;

/** Old → new of one field; class keys already turned into class names. */
const fieldChangeSchema = z.object({ field: z.string(), from: z.string().nullable(), to: z.string().nullable() });

/** A pupil or class as a diff row shows it: key, display name, class name(s). */
const diffPupilSchema = z.object({ key: z.string(), name: z.string(), groep: z.string().nullable() });
const diffListSchema = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int().nonnegative(), items: z.array(item) });

/** What confirming the pending import changes against the confirmed one (lists capped at 500 rows each). */
/** The guard against destructive files (shared/domain/import-guard): whether confirming asks a second, typed confirmation. */
export const removalGuardSchema = z.object({
  needed: z.boolean(),
  /** What the typed confirmation answers: pupils that disappear (type their number), or another school's file (its schoolkey). */
  kind: z.enum(['removal', 'other-school']).nullable(),
  reasons: z.array(z.string()),
  confirmText: z.string().nullable(),
  removedPupils: z.number().int().nonnegative(),
  confirmedPupils: z.number().int().nonnegative(),
  percent: z.number().int().nonnegative(),
  /** Pupils who leave that the admin expects (exam classes in a next-year file): they never ask twice. */
  expectedLeavers: z.number().int().nonnegative(),
  /** "Vertrokken: 184 leerlingen — 180 uit eindexamenklassen (jaargroep 16: 124, …) …", or null. */
  leavers: z.string().nullable(),
});

export const importDiffSchema = z.object({
  brin6: z.string(),
  /** The pending import this diff (and its guard) is about; `import:confirm` takes it back. */
  importId: z.number().int().positive(),
  guard: removalGuardSchema,
  /** The second guard: a file of another school year is confirmed only with that year typed (`acknowledgeYear`). */
  yearGuard: z.object({ needed: z.boolean(), schooljaar: z.string(), current: z.string() }),
  /** No confirmed data yet: everything is new. */
  first: z.boolean(),
  groepen: z.object({
    added: diffListSchema(z.object({ key: z.string(), naam: z.string() })),
    removed: diffListSchema(z.object({ key: z.string(), naam: z.string() })),
    changed: diffListSchema(z.object({ key: z.string(), naam: z.string(), fields: z.array(z.string()), changes: z.array(fieldChangeSchema) })),
  }),
  leerlingen: z.object({
    added: diffListSchema(diffPupilSchema),
    removed: diffListSchema(diffPupilSchema),
    /** Includes re-keyed pupils (same eck-id): `previousKey` is the key in the confirmed data. */
    changed: diffListSchema(diffPupilSchema.extend({ fields: z.array(z.string()), changes: z.array(fieldChangeSchema), previousKey: z.string().optional() })),
    moved: diffListSchema(z.object({ key: z.string(), name: z.string(), from: z.string().nullable(), to: z.string().nullable() })),
  }),
});
export type ImportDiff = z.infer<typeof importDiffSchema>;

/** One confirmed import of a location, as "Eerdere imports" lists it (no personal data). */
export const importHistoryEntrySchema = z.object({
  id: z.number().int(),
  confirmedAt: z.string(),
  file: z.string(),
  schooljaar: z.string(),
  counts: z.object({ leerlingen: z.number().int(), groepen: z.number().int() }),
  /** Pupils added and removed against the import confirmed before it (0 and 0 for the first). */
  added: z.number().int(),
  removed: z.number().int(),
  /** The data in force. */
  current: z.boolean(),
  /** Its data is still kept (the last 5 imports), so it can be restored. */
  restorable: z.boolean(),
  /** A restored import: when the import it was restored from had been confirmed (null: read from a file). */
  restoredFrom: z.string().nullable(),
});
export type ImportHistoryEntry = z.infer<typeof importHistoryEntrySchema>;

export const importsMethods = {
  'import:list-history': method({
    summary: 'De bevestigde imports van deze locatie, nieuwste eerst (de laatste 5 zijn terug te zetten).',
    input: brin6Input,
    output: z.array(importHistoryEntrySchema),
  }),
  'import:restore': method({
    summary: 'Zet een eerdere import terug als ingelezen bestand (zonder id: de import vóór de huidige); bevestigen gaat zoals bij elk bestand, in stap 3.',
    input: brin6Input.extend({ importId: z.number().int().positive().optional() }),
    output: importStateSchema,
  }),
  'import:route': method({
    summary: 'Leest een aangeleverd EDEXML-bestand in voor de locatie waarvan het de BRIN6 noemt (meerdere bestanden tegelijk); met brin6 alleen als controle.',
    input: z.object({
      uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'Onbekend bestand. Kies het bestand opnieuw.' }),
      brin6: brin6Schema.optional(),
      /** As import:start's: the caller confirms right after. */
      hold: z.literal(true).optional(),
    }),
    output: importRoutedSchema,
  }),
  'import:start': method({
    summary: 'Leest een aangeleverd EDEXML-bestand in als nog te bevestigen import van deze locatie (stap 2).',
    input: z.object({
      brin6: brin6Schema,
      uploadId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, { message: 'Onbekend bestand. Kies het bestand opnieuw.' }),
      /** The caller confirms right after (the CLI's `import --confirm`): until it does, another file for this location is refused. */
      hold: z.literal(true).optional(),
    }),
    output: importOutcomeSchema,
  }),
  'import:get-state': method({
    summary: 'De ingelezen (nog te bevestigen) en de bevestigde import van deze locatie.',
    input: brin6Input,
    output: importStateSchema,
  }),
  'import:get-diff': method({
    summary: 'Wat bevestigen verandert: toegevoegde, verwijderde, gewijzigde en verplaatste leerlingen en klassen.',
    input: brin6Input,
    output: importDiffSchema.nullable(),
  }),
  'import:export-diff': method({
    summary: 'Het hele verschil (alle leerlingen en klassen, oud → nieuw per veld) als CSV-tekst, veilig voor Excel.',
    input: brin6Input,
    output: z.object({ fileName: z.string(), csv: z.string() }),
  }),
  'import:confirm': method({
    summary: 'Bevestigt de ingelezen import die is gecontroleerd (stap 3, `importId`) en zet hem klaar voor de centrale dienst; is intussen een ander bestand ingelezen, dan verandert er niets. Verdwijnen er veel leerlingen, dan is `acknowledge` nodig: wat de beheerder typt (zie guard in import:get-diff).',
    input: brin6Input.extend({
      /** The import that was reviewed (`import:get-diff`'s importId): another pending import is not confirmed. */
      importId: z.number().int().positive({ message: 'Controleer eerst het ingelezen bestand (stap 3).' }),
      acknowledge: z.string().max(64).optional(),
      /** The file's school year, typed, when it is not the current one (see yearGuard in import:get-diff). */
      acknowledgeYear: z.string().max(20).optional(),
    }),
    output: importStateSchema,
  }),
  'import:discard': method({
    summary: 'Gooit de ingelezen, nog niet bevestigde import weg; de bevestigde gegevens blijven.',
    input: brin6Input,
    output: importStateSchema,
  }),
};
