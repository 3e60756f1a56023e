import type Database from 'better-sqlite3';
import type { AllowlistEntryInput } from '../../shared/domain/ip';
import { validateAllowlist } from '../../shared/domain/ip';

/** SQL of the allowlist capability: one saved list per location, its rows in the order the admin keeps them. */

export interface StoredAllowlist {
  readonly entries: AllowlistEntryInput[];
  readonly updatedAt: string;
}

export function getAllowlist(db: Database.Database, brin6: string): StoredAllowlist | null {
  const head = db.prepare('SELECT updated_at FROM ip_allowlists WHERE brin6 = ?').pluck().get(brin6) as string | undefined;
  if (head === undefined) return null;
  const entries = db.prepare('SELECT address, label, until FROM ip_allowlist_entries WHERE brin6 = ? ORDER BY position').all(brin6) as AllowlistEntryInput[];
  return { entries, updatedAt: head };
}

/** Replaces the list (normalised entries). Call inside the caller's transaction. */
export function replaceAllowlist(db: Database.Database, brin6: string, entries: readonly AllowlistEntryInput[], updatedAt: string): void {
  db.prepare('INSERT INTO ip_allowlists (brin6, updated_at) VALUES (?, ?) ON CONFLICT (brin6) DO UPDATE SET updated_at = excluded.updated_at').run(brin6, updatedAt);
  db.prepare('DELETE FROM ip_allowlist_entries WHERE brin6 = ?').run(brin6);
  const insert = db.prepare('INSERT INTO ip_allowlist_entries (brin6, position, address, label, until) VALUES (?, ?, ?, ?, ?)');
  entries.forEach((e, i) => insert.run(brin6, i, e.address, e.label, e.until));
}

/**
 * The service's copy replaces the local list (sync, when nothing of ours is queued). Addresses this console would
 * refuse are dropped rather than failing the whole list; a duplicate after normalisation is kept once.
 */
export function adoptRemoteAllowlist(db: Database.Database, brin6: string, content: Record<string, unknown>): void {
  const raw = Array.isArray(content['entries']) ? (content['entries'] as unknown[]) : [];
  const entries: AllowlistEntryInput[] = [];
  const seen = new Set<string>();
  for (const item of raw) {
    if (typeof item !== 'object' || item === null) continue;
    const e = item as { address?: unknown; label?: unknown; until?: unknown };
    const candidate = {
      address: typeof e.address === 'string' ? e.address : '',
      label: typeof e.label === 'string' ? e.label : null,
      until: typeof e.until === 'string' ? e.until : null,
    };
    const checked = validateAllowlist([candidate]);
    if (!checked.ok) continue;
    const entry = checked.entries[0]!;
    if (seen.has(entry.address)) continue;
    seen.add(entry.address);
    entries.push(entry);
  }
  replaceAllowlist(db, brin6, entries, new Date().toISOString());
}
