import type Database from 'better-sqlite3';
import type { SchoolData } from '../../shared/edexml/model';
import type { KurveExport } from '../../shared/bridge/numo';
import type { RemovalGuard } from '../../shared/domain/import-guard';
import type { DiffCounts, SchoolDataDiff } from '../imports/diff';
import { importId as importIdOf, loadImport } from '../imports/store';
import { pendingCounts, pendingDiff, pendingGuard, releaseHold } from '../imports/confirm';
import type { SettingsStore } from '../settings/settings';
import { createSession, pushUntilIdle } from '../sync';
import type { PushResult, SignInResult } from '../sync';
import type { Transport } from '../transport/transport';
import { syncRegistry } from './sync-resources';

/**
 * What the CLI does that no screen action does, so it is not a bridge method: read-only output in the CLI's own
 * formats (the diff as keys, the EDEXML export, Kurve with a korte schoolnaam given on the command line), the guard
 * and hold of the import it stored, and the push with a token that is used once and never stored.
 */
export interface DirectAccess {
  /** The diff of the pending import `importId` (the one this command stored) against the confirmed data. */
  pendingDiff(brin6: string, importId: number): SchoolDataDiff | null;
  /** The same diff counted in SQL, for the text report: no row per changed pupil (30,000 re-keyed pupils). */
  pendingCounts(brin6: string, importId: number): DiffCounts | null;
  confirmedData(brin6: string): SchoolData | null;
  kurveExport(brin6: string, options: { korteSchoolnaam?: string }): Promise<KurveExport>;
  pushUntilIdle(brin6: string, options: { baseUrl: string; token: string; maxMs: number }): Promise<PushResult>;
  /**
   * The guard against destructive files for the pending import `importId` (null when another is pending by now),
   * from the diff the command already has: no second diff with names (a 30,000-pupil diff takes most of a second).
   */
  guard(brin6: string, importId: number, diff?: SchoolDataDiff | DiffCounts): RemovalGuard | null;
  /** A held pending import the command will not confirm after all (the guard said no): another file may replace it. */
  releaseHold(brin6: string, importId: number): void;
  /** The sign-in of `sync` on the command line: a token for this run only, never stored. */
  createSession(baseUrl: string, brin6: string, username: string, password: string): Promise<SignInResult>;
}

export function directAccess(deps: { readonly requireDb: () => Database.Database; readonly settings: SettingsStore; readonly today: () => Date; readonly transport: () => Transport }): DirectAccess {
  const { requireDb, settings, today } = deps;
  const network = { transport: deps.transport };
  return {
    pendingDiff: (brin6, importId) => pendingDiff(requireDb(), brin6, importId),
    pendingCounts: (brin6, importId) => pendingCounts(requireDb(), brin6, importId),
    releaseHold: (brin6, importId) => releaseHold(requireDb(), brin6, importId),
    guard: (brin6, importId, diff) => (importIdOf(requireDb(), brin6, 'pending') === importId ? pendingGuard(requireDb(), brin6, settings.get().removalThresholdPercent, diff) : null),
    confirmedData: (brin6) => loadImport(requireDb(), brin6, 'confirmed'),
    kurveExport: async (brin6, options) => (await import('../numo/kurve')).buildKurveExport(requireDb(), brin6, { ...options, now: today() }),
    async pushUntilIdle(brin6, push) {
      const db = requireDb();
      // Like a round: the Numo/allowlist versions first (If-Match), then the queue until it is empty.
      for (const puller of syncRegistry.pullers.filter((p) => p.phase === 'before-push')) await puller.pull(db, brin6, { ...push, transport: network.transport() }, false);
      return pushUntilIdle(db, brin6, { registry: syncRegistry, ...push, transport: network.transport() });
    },
    createSession: (baseUrl, brin6, username, password) => createSession({ baseUrl, transport: network.transport() }, brin6, username, password),
  };

}
