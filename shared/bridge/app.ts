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

/**
 * Automatic updates of the installed app (electron-updater): who decides, and where the update is. The Dutch `line`
 * says it for the coordinator; the restart is never done while changes wait to be sent without asking first.
 */
export const updateStateSchema = z.object({
  /** False in browser mode, the CLI and a development checkout: only the installed app updates itself. */
  available: z.boolean(),
  enabled: z.boolean(),
  /** `policy`: the school's IT decided with a policy file; the in-app switch is then locked. */
  managedBy: z.enum(['policy', 'setting', 'build']),
  phase: z.enum(['off', 'idle', 'checking', 'downloading', 'ready', 'error']),
  /** The version that is downloaded and waits for a restart (phase `ready`). */
  readyVersion: z.string().nullable(),
  line: z.string(),
});
export type UpdateState = z.infer<typeof updateStateSchema>;

export const supportInfoSchema = z.object({
  /** Where the log files are (the folder is opened in Electron; browser mode offers the newest file as a download). */
  logFolder: z.string(),
  canOpenFolder: z.boolean(),
  updates: updateStateSchema,
  /** What school IT presets or locks on this PC (issue 35): each setting with its value and where it was found. */
  policy: z.object({
    entries: z.array(z.object({ key: z.string(), label: z.string(), value: z.string(), where: z.string() })),
    /** The places looked at, most authoritative first (registry key, files). */
    looked: z.array(z.string()),
    warnings: z.array(z.string()),
  }),
});
export type SupportInfo = z.infer<typeof supportInfoSchema>;

export const openLogsResultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('opened'), folder: z.string() }),
  z.object({ kind: z.literal('download'), fileName: z.string(), content: z.string() }),
  z.object({ kind: z.literal('empty'), folder: z.string() }),
]);
export type OpenLogsResult = z.infer<typeof openLogsResultSchema>;

export const appMethods = {
  'app:get-info': method({
    summary: 'Versie, modus en meldingen van de start van de console.',
    input: noInput,
    output: appInfoSchema,
  }),
  'app:get-support': method({
    summary: 'Waar de logbestanden voor support staan, en de stand van automatisch bijwerken.',
    input: noInput,
    output: supportInfoSchema,
  }),
  'app:open-logs': method({
    summary: 'Opent de map met logbestanden (bureaublad) of geeft het nieuwste logbestand om te downloaden (browsermodus).',
    input: noInput,
    output: openLogsResultSchema,
  }),
  'app:set-updates-enabled': method({
    summary: 'Zet automatisch bijwerken aan of uit (niet als de ICT-afdeling het met een beleidsbestand regelt).',
    input: z.object({ enabled: z.boolean({ message: 'Kies aan of uit.' }) }),
    output: updateStateSchema,
  }),
  'app:restart-to-update': method({
    summary: 'Herstart om de klaarstaande nieuwe versie te installeren; vraagt eerst als er wijzigingen op verzending wachten.',
    input: z.object({ confirmQueued: z.boolean() }),
    output: z.object({ restarting: z.boolean(), pendingChanges: z.number().int().nonnegative() }),
  }),
  'app:report-error': method({
    summary: 'Een fout in het venster, voor het logbestand (zonder persoonsgegevens).',
    input: z.object({
      kind: z.enum(['error', 'unhandled-rejection', 'render']),
      message: z.string().max(2000),
      stack: z.string().max(8000).optional(),
    }),
    output: z.null(),
  }),
};
