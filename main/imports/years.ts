/**
 * The evidence for carrying colleagues' classes into a new school year (issue 37), from two stored imports: the one in
 * force and the confirmed one before it — classes, where every pupil went (matched by key, else eck-id, as the diff
 * does), and what the new file says each teacher teaches. Keys and class names only; no pupil's name leaves SQLite.
 */
import type Database from 'better-sqlite3';
import type { ClassInfo, Move, Teacher } from '../../shared/domain/succession';

export interface YearEvidence {
  readonly from: { readonly id: number; readonly schooljaar: string | null; readonly sourceName: string | null };
  readonly to: { readonly id: number; readonly schooljaar: string | null; readonly sourceName: string | null };
  readonly oldClasses: readonly ClassInfo[];
  readonly newClasses: readonly ClassInfo[];
  readonly moves: readonly Move[];
  readonly teachers: readonly Teacher[];
}

type Head = YearEvidence['from'];

/**
 * The last evidence read, per connection. An import's rows never change once stored (ids are never reused; a purge
 * deletes them and sets `purged_at`, which makes another import "the one before"), so the same pair of ids is the same
 * evidence: read once after a confirm, not again for step 3's hint and the plan's screen (~250 ms at 30,000 pupils).
 */
const lastRead = new WeakMap<Database.Database, YearEvidence>();

/** The import in force and the confirmed one before it (with its data still kept), or null when there are not two. */
export function yearEvidence(db: Database.Database, brin6: string): YearEvidence | null {
  const to = db.prepare("SELECT id, schooljaar, source_name AS sourceName FROM imports WHERE brin6 = ? AND status = 'confirmed'").get(brin6) as Head | undefined;
  const from = db
    .prepare("SELECT id, schooljaar, source_name AS sourceName FROM imports WHERE brin6 = ? AND status = 'previous' AND purged_at IS NULL ORDER BY confirmed_at DESC, id DESC LIMIT 1")
    .get(brin6) as Head | undefined;
  if (!to || !from) return null;
  const kept = lastRead.get(db);
  if (kept && kept.to.id === to.id && kept.from.id === from.id) return kept;
  const evidence = readEvidence(db, from, to);
  lastRead.set(db, evidence);
  return evidence;
}

/** Forgets what was read (the bench measures the first read after a confirm with it). */
export function forgetYearEvidence(db: Database.Database): void {
  lastRead.delete(db);
}

function readEvidence(db: Database.Database, from: Head, to: Head): YearEvidence {
  const classes = (id: number) => db.prepare('SELECT key, naam, jaargroep FROM import_groepen WHERE import_id = ? ORDER BY samengesteld, naam COLLATE NOCASE, key').all(id) as ClassInfo[];
  const pupils = (id: number) => db.prepare('SELECT key, eckid, groep_key AS groep FROM import_leerlingen WHERE import_id = ?').all(id) as Array<{ key: string; eckid: string | null; groep: string | null }>;
  const clusters = (id: number) => {
    const map = new Map<string, string[]>();
    for (const row of db.prepare('SELECT leerling_key AS pupil, groep_key AS groep FROM import_leerling_clusters WHERE import_id = ?').all(id) as Array<{ pupil: string; groep: string }>) {
      map.set(row.pupil, [...(map.get(row.pupil) ?? []), row.groep]);
    }
    return map;
  };
  const newPupils = pupils(to.id);
  const byKey = new Map(newPupils.map((p) => [p.key, p]));
  // An eck-id that occurs twice identifies nobody for sure (as in the diff): only unique ones match.
  const eckCount = new Map<string, number>();
  for (const p of newPupils) if (p.eckid) eckCount.set(p.eckid, (eckCount.get(p.eckid) ?? 0) + 1);
  const byEck = new Map(newPupils.filter((p) => p.eckid && eckCount.get(p.eckid) === 1).map((p) => [p.eckid!, p]));
  const oldClusters = clusters(from.id);
  const newClusters = clusters(to.id);
  const moves: Move[] = [];
  for (const pupil of pupils(from.id)) {
    const now = byKey.get(pupil.key) ?? (pupil.eckid ? byEck.get(pupil.eckid) : undefined);
    if (pupil.groep) moves.push({ from: pupil.groep, to: now?.groep ?? null });
    const theirs = now ? (newClusters.get(now.key) ?? []) : [];
    for (const cluster of oldClusters.get(pupil.key) ?? []) {
      if (theirs.length === 0) moves.push({ from: cluster, to: null });
      for (const next of theirs) moves.push({ from: cluster, to: next });
    }
  }
  const teachers = (
    db
      .prepare(
        `SELECT t.key, t.emailadres AS email,
                (SELECT json_group_array(groep_key) FROM (SELECT groep_key FROM import_leerkracht_groepen g WHERE g.import_id = t.import_id AND g.leerkracht_key = t.key ORDER BY groep_key)) AS groepen
         FROM import_leerkrachten t WHERE t.import_id = ?`,
      )
      .all(to.id) as Array<{ key: string; email: string | null; groepen: string }>
  ).map((t) => ({ key: t.key, email: t.email, groepen: JSON.parse(t.groepen) as string[] }));
  return { from, to, oldClasses: classes(from.id), newClasses: classes(to.id), moves, teachers };
}
