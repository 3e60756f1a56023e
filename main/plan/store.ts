import type Database from 'better-sqlite3';
import type { PlanRole } from '../../shared/domain/plan';

/** SQL of the school-year plan: per location and school year, the progress on seed tasks and the own tasks. */

export interface TaskRow {
  readonly id: string;
  readonly fromSeed: boolean;
  readonly title: string | null;
  readonly ownerRole: PlanRole | null;
  readonly due: string | null;
  readonly done: boolean;
  readonly note: string;
  readonly createdAt: string;
}

export function taskRows(db: Database.Database, brin6: string, schooljaar: string): TaskRow[] {
  return (
    db
      .prepare(
        `SELECT id, from_seed AS fromSeed, title, owner_role AS ownerRole, due, done, note, created_at AS createdAt
         FROM plan_tasks WHERE brin6 = ? AND schooljaar = ? ORDER BY created_at, id`,
      )
      .all(brin6, schooljaar) as Array<Omit<TaskRow, 'fromSeed' | 'done'> & { fromSeed: number; done: number }>
  ).map((r) => ({ ...r, fromSeed: r.fromSeed === 1, done: r.done === 1 }));
}

export function taskRow(db: Database.Database, brin6: string, schooljaar: string, id: string): TaskRow | null {
  return taskRows(db, brin6, schooljaar).find((r) => r.id === id) ?? null;
}

/** Progress on a seed task (its title and role stay in the code). */
export function upsertSeedTaskState(db: Database.Database, brin6: string, schooljaar: string, id: string, s: { due: string | null; done: boolean; note: string }, at: string): void {
  db.prepare(
    `INSERT INTO plan_tasks (brin6, schooljaar, id, from_seed, title, owner_role, due, done, note, created_at, updated_at)
     VALUES (?, ?, ?, 1, NULL, NULL, ?, ?, ?, ?, ?)
     ON CONFLICT (brin6, schooljaar, id) DO UPDATE SET due = excluded.due, done = excluded.done, note = excluded.note, updated_at = excluded.updated_at`,
  ).run(brin6, schooljaar, id, s.due, s.done ? 1 : 0, s.note, at, at);
}

export function upsertOwnTask(
  db: Database.Database,
  brin6: string,
  schooljaar: string,
  id: string,
  t: { title: string; ownerRole: PlanRole; due: string | null; done: boolean; note: string },
  at: string,
): void {
  db.prepare(
    `INSERT INTO plan_tasks (brin6, schooljaar, id, from_seed, title, owner_role, due, done, note, created_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (brin6, schooljaar, id) DO UPDATE SET title = excluded.title, owner_role = excluded.owner_role, due = excluded.due,
       done = excluded.done, note = excluded.note, updated_at = excluded.updated_at`,
  ).run(brin6, schooljaar, id, t.title, t.ownerRole, t.due, t.done ? 1 : 0, t.note, at, at);
}

export function deleteOwnTask(db: Database.Database, brin6: string, schooljaar: string, id: string): boolean {
  return db.prepare('DELETE FROM plan_tasks WHERE brin6 = ? AND schooljaar = ? AND id = ? AND from_seed = 0').run(brin6, schooljaar, id).changes > 0;
}
