import type Database from 'better-sqlite3';
import crypto from 'node:crypto';
import type { PlanTask, PlanTaskInput, SchoolYearPlan } from '../../shared/bridge/plan';
import { localIsoDate } from '../../shared/domain/ip';
import { PLAN_ROLES, SEED_TASKS, isOverdue, isSeedTaskId } from '../../shared/domain/plan';
import { ServiceError } from '../errors/service-error';
import { requireLocation } from '../locations/locations';
import { deleteOwnTask, taskRow, taskRows, upsertOwnTask, upsertSeedTaskState } from './store';
import { recordAudit } from '../audit/audit';

/**
 * The school-year plan of a location (seed 001): the seed's tasks, always there, with this location's progress per
 * school year, then the school's own tasks; grouped by role in the seed's order. Local to the console.
 */
export function schoolYearPlan(db: Database.Database, brin6: string, schooljaar: string, today: Date = new Date()): SchoolYearPlan {
  requireLocation(db, brin6);
  const day = localIsoDate(today);
  const rows = taskRows(db, brin6, schooljaar);
  const state = new Map(rows.filter((r) => r.fromSeed).map((r) => [r.id, r]));
  const seed: PlanTask[] = SEED_TASKS.map((t) => {
    const s = state.get(t.id);
    const task = { due: s?.due ?? null, done: s?.done ?? false };
    return { id: t.id, title: t.title, ownerRole: t.ownerRole, ...task, note: s?.note ?? '', fromSeed: true, overdue: isOverdue(task, day) };
  });
  const own: PlanTask[] = rows
    .filter((r) => !r.fromSeed)
    .map((r) => ({ id: r.id, title: r.title ?? '', ownerRole: r.ownerRole!, due: r.due, done: r.done, note: r.note, fromSeed: false, overdue: isOverdue(r, day) }));
  const order = (t: PlanTask) => PLAN_ROLES.indexOf(t.ownerRole);
  // Stable sort: per role, seed tasks in the seed's order, then own tasks in the order they were added.
  const tasks = [...seed, ...own].map((t, i) => ({ t, i })).sort((a, b) => order(a.t) - order(b.t) || a.i - b.i).map(({ t }) => t);
  return {
    brin6,
    schooljaar,
    tasks,
    counts: { total: tasks.length, done: tasks.filter((t) => t.done).length, overdue: tasks.filter((t) => t.overdue).length },
  };
}

/** Adds (no id) or updates a task. A seed task keeps its title and role: only due date, done and note change. */
export function saveTask(db: Database.Database, brin6: string, schooljaar: string, task: PlanTaskInput, now: Date = new Date()): SchoolYearPlan {
  requireLocation(db, brin6);
  const at = now.toISOString();
  db.transaction(() => {
    if (task.id === undefined) {
      upsertOwnTask(db, brin6, schooljaar, `own:${crypto.randomUUID()}`, task, at);
      recordAudit(db, brin6, 'Taak toegevoegd aan jaarplan', `${schooljaar}: ${task.title}`, now);
    } else if (isSeedTaskId(task.id)) {
      const seed = SEED_TASKS.find((t) => t.id === task.id);
      if (!seed) throw new ServiceError('invalid-input', 'Deze taak bestaat niet (meer). Laad het jaarplan opnieuw.');
      upsertSeedTaskState(db, brin6, schooljaar, task.id, task, at);
      recordAudit(db, brin6, 'Jaarplan bijgewerkt', `${schooljaar}: ${seed.title}${task.done ? ' (afgevinkt)' : ''}`, now);
    } else {
      if (!taskRow(db, brin6, schooljaar, task.id)) throw new ServiceError('invalid-input', 'Deze taak bestaat niet (meer) in dit jaarplan. Laad het jaarplan opnieuw.');
      upsertOwnTask(db, brin6, schooljaar, task.id, task, at);
      recordAudit(db, brin6, 'Jaarplan bijgewerkt', `${schooljaar}: ${task.title}${task.done ? ' (afgevinkt)' : ''}`, now);
    }
  }).immediate();
  return schoolYearPlan(db, brin6, schooljaar, now);
}

/** Removes an own task; seed tasks stay (tick them off, or note why they do not apply). */
export function removeTask(db: Database.Database, brin6: string, schooljaar: string, id: string, now: Date = new Date()): SchoolYearPlan {
  requireLocation(db, brin6);
  if (isSeedTaskId(id)) {
    throw new ServiceError('invalid-input', 'Taken uit het stappenplan van Leerling in beeld VO kun je niet verwijderen. Vink ze af, of noteer waarom ze niet van toepassing zijn.');
  }
  db.transaction(() => {
    if (!deleteOwnTask(db, brin6, schooljaar, id)) throw new ServiceError('invalid-input', 'Deze taak bestaat niet (meer) in dit jaarplan. Laad het jaarplan opnieuw.');
    recordAudit(db, brin6, 'Taak verwijderd uit jaarplan', schooljaar, now);
  }).immediate();
  return schoolYearPlan(db, brin6, schooljaar, now);
}
