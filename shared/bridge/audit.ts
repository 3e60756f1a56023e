import { z } from 'zod';
import { brin6Schema } from '../api/common';
import { method } from './contract';

/** The Logboek of a location (who changed what, when), read and exported; main/audit/app.ts implements it. */
const brin6Input = z.object({ brin6: brin6Schema });

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  /** Who: the portal username signed in for this location when the change was made, or "offline". */
  actor: z.string(),
  /** What, in Dutch ("Gebruiker toegevoegd: Johan Johansen"). Never a password or token. */
  action: z.string(),
  summary: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditMethods = {
  'audit:list': method({ summary: 'Het logboek van deze locatie: wie wanneer wat veranderde, nieuwste eerst.', input: brin6Input, output: z.array(auditEntrySchema) }),
  'audit:export-csv': method({
    summary: 'Het logboek van deze locatie als CSV-tekst.',
    input: brin6Input,
    output: z.object({ fileName: z.string(), csv: z.string() }),
  }),
};
