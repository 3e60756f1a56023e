import { z } from 'zod';
import { routedBrin6 } from '../../shared/bridge';
import { brin6Schema } from '../../shared/api/common';
import type { ImportProgress, ImportReport } from '../../shared/bridge';
import type { OpenedDatabase } from '../db/database';
import { routeImport, startImport } from './start';
import { discardImport, importState } from './review';
import type { ReviewJob, ReviewResult } from './review-job';
import type { EdexmlWorker } from './run-in-worker';
import { importHistory, restoreImport } from './history';
import { requireLocation } from '../locations/locations';
import { recordExport } from '../audit/audit';
import { plural } from '../../shared/domain/names';
import type { Handlers } from '../capability/handlers';
import type { CapabilityContext } from '../capability/context';
import { cliMethod } from '../capability/cli-method';
import type { CliMethods } from '../capability/cli-method';
import { importId as importIdOf, importMeta, loadImport } from './store';
import { schoolYearGuard } from '../../shared/domain/import-guard';
import { schoolYearOf } from '../../shared/domain/school-year';
import { pendingCounts, pendingDiff, pendingGuard, releaseHold } from './confirm';
import type { DiffCounts, SchoolDataDiff } from './diff';

type ImportMethod = Extract<keyof Handlers, `import:${string}`>;

/** Steps 2 and 3 through the bridge: read a file (worker thread), the diff, confirm, discard, history, restore. */
export function importsApp(ctx: CapabilityContext, own: { readonly database: OpenedDatabase | null; readonly edexmlWorker: EdexmlWorker }): Pick<Handlers, ImportMethod> {
  const { requireDb, uploads, emit, log, settings, today } = ctx;
  const { database, edexmlWorker } = own;
  /** Step 3's work: on the import thread in the app, on the CLI's own thread (review.ts). */
  const review = <J extends ReviewJob>(job: J): Promise<ReviewResult<J['action']>> => {
    const db = requireDb();
    if (ctx.mode === 'cli') return import('./review').then(({ runReview }) => runReview(db, job) as ReviewResult<J['action']>);
    return edexmlWorker.review(database!.file, job);
  };
  const importDeps = () => ({ db: requireDb(), databaseFile: database!.file, uploads, worker: edexmlWorker, onProgress: (progress: ImportProgress) => emit('import:progress', progress), today: today() });
  /** The support log's line of every read file (counts and codes only). */
  const logRead = (brin6: string, outcome: string, report: ImportReport | null, started: number) =>
    log.info('import.read', {
      brin6,
      outcome,
      leerlingen: report?.counts.leerlingen ?? 0,
      groepen: report?.counts.groepen ?? 0,
      errors: report?.findings.filter((f) => f.severity === 'error').length ?? 0,
      findings: report?.findingsTotal ?? 0,
      ms: Date.now() - started,
    });

  return {
    'import:start': async ({ brin6, uploadId, hold }) => {
      const started = Date.now();
      const outcome = await startImport(importDeps(), brin6, uploadId, hold === true);
      logRead(brin6, outcome.kind, outcome.report, started);
      return outcome;
    },
    'import:route': async ({ uploadId, brin6, hold }) => {
      const started = Date.now();
      const routed = await routeImport(importDeps(), uploadId, brin6, hold === true);
      logRead(routedBrin6(routed) ?? '-', routed.kind, 'report' in routed ? routed.report : null, started);
      return routed;
    },
    'import:get-state': ({ brin6 }) => importState(requireDb(), brin6),
    // Step 3's diff, confirm and CSV on the import thread (the CLI: its own thread): a 30,000-pupil diff never holds
    // up the thread that answers the window.
    'import:get-diff': ({ brin6 }) => review({ action: 'diff', brin6, thresholdPercent: settings.get().removalThresholdPercent, today: today().toISOString() }),
    'import:confirm': async ({ brin6, importId, acknowledge, acknowledgeYear }) => {
      const state = await review({
        action: 'confirm',
        brin6,
        importId,
        thresholdPercent: settings.get().removalThresholdPercent,
        today: today().toISOString(),
        ...(acknowledge !== undefined ? { acknowledge } : {}),
        ...(acknowledgeYear !== undefined ? { acknowledgeYear } : {}),
      });
      log.info('import.confirm', { brin6, leerlingen: state.confirmed?.counts.leerlingen ?? 0, groepen: state.confirmed?.counts.groepen ?? 0, acknowledged: acknowledge !== undefined });
      // The confirm queued the upload: counted at once, sent when online.
      return ctx.mutation(brin6, state);
    },
    'import:discard': ({ brin6 }) => discardImport(requireDb(), brin6),
    'import:export-diff': async ({ brin6 }) => {
      requireLocation(requireDb(), brin6);
      const result = await review({ action: 'export-diff', brin6, today: today().toISOString() });
      const rows = Math.max(0, result.csv.split('\r\n').filter((l) => l !== '').length - 1);
      recordExport(requireDb(), brin6, 'Verschillen van het ingelezen bestand (CSV, met leerlingnamen)', plural(rows, 'regel', 'regels'), result.fileName, today());
      return result;
    },
    'import:list-history': ({ brin6 }) => {
      requireLocation(requireDb(), brin6);
      return importHistory(requireDb(), brin6);
    },
    'import:restore': ({ brin6, importId }) => {
      requireLocation(requireDb(), brin6);
      restoreImport(requireDb(), brin6, importId ?? null);
      log.info('import.restore', { brin6, importId: importId ?? null });
      return importState(requireDb(), brin6);
    },
  };
}

const ofImport = z.object({ brin6: brin6Schema, importId: z.number().int().positive() });

/**
 * What only the CLI asks of the imports (main/capability/cli-method.ts): the diff of the import the command stored, as
 * keys (--json) or counted in SQL (a row per re-keyed pupil is not needed to print "~30000"), the guard against
 * destructive files from that diff (null when another file is pending by now), the school-year guard, letting go of the hold when the
 * command does not confirm after all, and the confirmed data for `export`.
 */
export function importsCliMethods(ctx: CapabilityContext) {
  const db = () => ctx.requireDb();
  return {
    'cli:pending-diff': cliMethod(ofImport, ({ brin6, importId }) => pendingDiff(db(), brin6, importId)),
    'cli:pending-counts': cliMethod(ofImport, ({ brin6, importId }) => pendingCounts(db(), brin6, importId)),
    'cli:import-guard': cliMethod(ofImport.extend({ diff: z.custom<SchoolDataDiff | DiffCounts>().optional() }), ({ brin6, importId, diff }) =>
      importIdOf(db(), brin6, 'pending') === importId ? pendingGuard(db(), brin6, ctx.settings.get().removalThresholdPercent, diff) : null,
    ),
    'cli:year-guard': cliMethod(ofImport, ({ brin6, importId }) => {
      const pending = importMeta(db(), brin6, 'pending');
      return pending?.id === importId ? schoolYearGuard(pending.schooljaar, schoolYearOf(ctx.today())) : null;
    }),
    'cli:release-hold': cliMethod(ofImport, ({ brin6, importId }) => releaseHold(db(), brin6, importId)),
    'cli:confirmed-data': cliMethod(z.object({ brin6: brin6Schema }), ({ brin6 }) => loadImport(db(), brin6, 'confirmed')),
  } satisfies CliMethods;
}
