import { z } from 'zod';
import { method, noInput } from './contract';

/** Why: the shell shows which build and mode it runs in, and any problem found at start (Dutch notices). */
export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `electron` for the desktop window, `browser` for the localhost mode, `cli` for headless use. */
  mode: z.enum(['electron', 'browser', 'cli']),
  /** The newest database schema this build knows, and the one the open database has (null when none is open). */
  schemaVersion: z.number().int().nonnegative(),
  databaseVersion: z.number().int().nonnegative().nullable(),
  /** Problems found at start (corrupt database, settings moved aside), each in Dutch with what to do. */
  notices: z.array(
    z.object({
      level: z.enum(['info', 'warning', 'error']),
      message: z.string(),
    }),
  ),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appMethods = {
  'app:get-info': method({
    summary: 'Versie, modus en meldingen van de start van de console.',
    input: noInput,
    output: appInfoSchema,
  }),
};
