import type Database from 'better-sqlite3';
import type { AllowlistView, ThisPcCheck } from '../../shared/bridge/allowlist';
import type { AllowlistEntryInput } from '../../shared/domain/ip';
import { isExpired, localIsoDate, parseSeenAddress, validateAllowlist } from '../../shared/domain/ip';
import { ServiceError } from '../errors/service-error';
import { recordAudit } from '../audit/audit';
import { requireLocation } from '../locations/locations';
import { documentSyncState, enqueue, supersedeSettledDocumentEntries } from '../sync';
import type { DocumentResource } from '../sync';
import { ipAllowlistSchema } from '../../shared/api/resources';
import { adoptRemoteAllowlist, getAllowlist, replaceAllowlist } from './store';


/** The allowlist as a whole-document resource of the sync engine (registered in main/app/sync-resources.ts). */
export const allowlistDocument: DocumentResource = {
  kind: 'ip-allowlist',
  putRoute: 'putIpAllowlist',
  getRoute: 'getIpAllowlist',
  schema: ipAllowlistSchema,
  adopt: adoptRemoteAllowlist,
};

/**
 * The test-taking allowlist of a location (seed 002). Saved as a whole: the normalised list, its outbox entry
 * (PUT /ip-allowlist, If-Match decided at send time) and an audit line in one transaction.
 */
export function allowlistView(db: Database.Database, brin6: string, today: Date = new Date()): AllowlistView {
  requireLocation(db, brin6);
  const stored = getAllowlist(db, brin6);
  const day = localIsoDate(today);
  const entries = (stored?.entries ?? []).map((e) => ({ ...e, expired: isExpired(e.until, day) }));
  return {
    brin6,
    entries,
    expired: entries.filter((e) => e.expired).length,
    sync: stored ? documentSyncState(db, brin6, allowlistDocument) : null,
    updatedAt: stored?.updatedAt ?? null,
  };
}

export function saveAllowlist(db: Database.Database, brin6: string, input: readonly AllowlistEntryInput[], now: Date = new Date()): AllowlistView {
  requireLocation(db, brin6);
  // A new or changed end date in the past is refused at its field; a row that expired since it was saved is kept (flagged).
  const checked = validateAllowlist(input, { today: localIsoDate(now), kept: getAllowlist(db, brin6)?.entries ?? [] });
  if (!checked.ok) {
    // The bridge schema already refuses these; this guards every other caller (CLI, tests) with the same words.
    const p = checked.problems[0]!;
    throw new ServiceError('invalid-input', `Regel ${p.index + 1}: ${p.message}`, [{ path: ['entries', p.index, p.field], message: p.message }]);
  }
  db.transaction(() => {
    const before = getAllowlist(db, brin6)?.entries ?? [];
    supersedeSettledDocumentEntries(db, brin6, allowlistDocument);
    replaceAllowlist(db, brin6, checked.entries, now.toISOString());
    enqueue(db, brin6, {
      routeId: 'putIpAllowlist',
      body: { entries: checked.entries.map((e) => ({ address: e.address, label: e.label, until: e.until })) },
    });
    const was = new Set(before.map((e) => e.address));
    const is = new Set(checked.entries.map((e) => e.address));
    const added = [...is].filter((a) => !was.has(a));
    const removed = [...was].filter((a) => !is.has(a));
    const parts = [
      ...(added.length > 0 ? [`toegevoegd: ${added.join(', ')}`] : []),
      ...(removed.length > 0 ? [`verwijderd: ${removed.join(', ')}`] : []),
    ];
    recordAudit(db, brin6, 'Toegestane IP-adressen gewijzigd', `${checked.entries.length} adressen${parts.length > 0 ? `; ${parts.join('; ')}` : ''}`, now);
  }).immediate();
  return allowlistView(db, brin6, now);
}

/**
 * Compares the address the service sees this PC as with the list. `problem`: why that address cannot be added
 * (the service sees an internal address, e.g. through a proxy in the school or on a test set-up).
 */
export function checkAddress(db: Database.Database, brin6: string, seen: string): ThisPcCheck {
  const parsed = parseSeenAddress(seen);
  const address = parsed.ok ? parsed.address : seen.trim();
  const onList = (getAllowlist(db, brin6)?.entries ?? []).some((e) => e.address === address);
  return { address, onList, problem: parsed.ok ? null : parsed.message };
}
