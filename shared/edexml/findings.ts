import { z } from 'zod';

/**
 * One problem found in an EDEXML file. Why shared: the CLI prints it, the bridge carries it, the import screen
 * lists it; all three show the same Dutch `message`, which says what is wrong and what to do.
 * `code` is stable (scripts and tests match on it): `xml.*` (not readable), `xsd.*` (what the official schema
 * rejects), `domain.*` (rules of the console beyond the schema).
 */
export const findingSchema = z.object({
  severity: z.enum(['error', 'warning']),
  code: z.string(),
  line: z.number().int().nonnegative(),
  column: z.number().int().nonnegative(),
  message: z.string(),
});
export type Finding = z.infer<typeof findingSchema>;
