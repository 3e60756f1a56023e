/**
 * A new school year in one sitting (issue 37): the plan (shared/domain/succession.ts) from the two confirmed imports
 * (main/imports/years.ts) and the colleagues (main/users/roles.ts), applied as one change and undone as one. What each
 * colleague held before the last applied plan is kept (table rollover_undo, ids and class keys only) until the next
 * plan replaces it or *Terugdraaien* uses it.
 */
import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Role } from '../../shared/bridge';
import type { RolloverPlanView, RolloverUndone } from '../../shared/bridge/rollover';
import { dutchNumber as nl, plural } from '../../shared/domain/names';
import { rolloverPlan } from '../../shared/domain/succession';
import type { RolloverPlan, Strategy } from '../../shared/domain/succession';
import { ServiceError } from '../errors/service-error';
import { yearEvidence } from '../imports/years';
import { requireLocation } from '../locations/locations';
import { replaceRoles, rolloverColleagues } from '../users/roles';

export interface PlanRequest {
  readonly brin6: string;
  readonly strategies?: readonly Strategy[] | undefined;
  readonly choices?: readonly { userId: string; roleIndex: number; strategies: readonly Strategy[] }[] | undefined;
}

interface Computed {
  readonly plan: RolloverPlan | null;
  readonly view: RolloverPlanView;
}

export function computePlan(db: Database.Database, request: PlanRequest): Computed {
  requireLocation(db, request.brin6);
  const evidence = yearEvidence(db, request.brin6);
  const undo = undoOf(db, request.brin6);
  if (!evidence) {
    return {
      plan: null,
      view: {
        brin6: request.brin6,
        available: false,
        reason: 'Er is nog geen eerder bevestigd bestand om mee te vergelijken: het plan komt er zodra het bestand van het nieuwe schooljaar is bevestigd.',
        from: null,
        to: null,
        succession: [],
        colleagues: [],
        seeNothing: [],
        uncovered: [],
        changes: 0,
        undo,
        revision: null,
      },
    };
  }
  const colleagues = rolloverColleagues(db, request.brin6);
  const choices = new Map((request.choices ?? []).map((c) => [`${c.userId}/${c.roleIndex}`, c.strategies]));
  const plan = rolloverPlan({ ...evidence, colleagues }, request.strategies ?? undefined, (id, index) => choices.get(`${id}/${index}`));
  const names = new Map([...evidence.oldClasses, ...evidence.newClasses].map((c) => [c.key, c.naam]));
  const ref = (key: string) => ({ key, naam: names.get(key) ?? key });
  const byId = new Map(colleagues.map((c) => [c.id, c]));
  return {
    plan,
    view: {
      brin6: request.brin6,
      available: true,
      reason: null,
      from: { schooljaar: evidence.from.schooljaar, sourceName: evidence.from.sourceName },
      to: { schooljaar: evidence.to.schooljaar, sourceName: evidence.to.sourceName },
      succession: plan.succession.map((s) => ({ from: { key: s.from.key, naam: s.from.naam }, successor: s.successor ? { key: s.successor.key, naam: s.successor.naam } : null, line: s.line })),
      colleagues: plan.colleagues.map((c) => ({
        id: c.id,
        name: c.name,
        access: byId.get(c.id)!.access,
        changed: c.changed,
        roles: c.roles.map((r) => ({
          index: r.index,
          label: r.label,
          kind: byId.get(c.id)!.roles[r.index]!.role as 'leerlingbegeleider' | 'vakdocent',
          current: r.current.map(ref),
          proposed: r.proposed.map(ref),
          reasons: r.reasons.map((x) => ({ from: x.from ? ref(x.from) : null, to: x.to ? ref(x.to) : null, reason: x.reason })),
          strategies: [...r.strategies],
          fileKnown: r.fileKnown,
        })),
        sees: c.sees.map((k) => names.get(k) ?? k),
      })),
      seeNothing: plan.seeNothing.map((id) => ({ id, name: byId.get(id)!.name })),
      uncovered: plan.uncovered.map(ref),
      changes: plan.colleagues.filter((c) => c.changed).length,
      undo,
      revision: revisionOf(evidence.from.id, evidence.to.id, plan.colleagues.filter((c) => c.changed).map((c) => [c.id, byId.get(c.id)!.roles, c.after])),
    },
  };
}

/** The plan's digest: the two imports it rests on and, per colleague it changes, the roles now and after. */
function revisionOf(from: number, to: number, writes: ReadonlyArray<readonly [string, readonly Role[], readonly Role[]]>): string {
  return crypto.createHash('sha256').update(JSON.stringify([from, to, writes])).digest('hex').slice(0, 32);
}

const PLAN_CHANGED =
  'Het plan is veranderd sinds je het bekeek: er is intussen een ander bestand bevestigd, of de rollen van een collega zijn gewijzigd. Er is niets gewijzigd; bekijk het plan opnieuw en pas het dan toe.';

/**
 * Applies the plan the admin reviewed (`revision`): computed again and written in one write transaction, so no other
 * process can change a file or a role between the check and the write. One log entry; the undo kept.
 */
export function applyPlan(db: Database.Database, request: PlanRequest & { readonly revision: string }, now: Date): RolloverPlanView {
  db.transaction(() => {
    const { plan, view } = computePlan(db, request);
    if (!plan) throw new ServiceError('invalid-input', view.reason ?? 'Er is geen plan om uit te voeren.');
    if (view.revision !== request.revision) throw new ServiceError('invalid-input', PLAN_CHANGED, [{ path: ['revision'], message: PLAN_CHANGED }]);
    const changed = plan.colleagues.filter((c) => c.changed);
    if (changed.length === 0) throw new ServiceError('invalid-input', 'Het plan verandert niets: alle collega\'s hebben al deze klassen.');
    const changedIds = new Set(changed.map((c) => c.id));
    const lines = view.colleagues
      .filter((c) => changedIds.has(c.id))
      .map((c) => `${c.name}: ${c.roles.map((r) => `${r.label} ${r.proposed.map((p) => p.naam).join(', ') || 'geen klassen'}`).join('; ')}`);
    const before = replaceRoles(db, request.brin6, changed.map((c) => ({ id: c.id, roles: [...c.after] })), {
      action: 'Klassen van collega\'s bijgewerkt (nieuw schooljaar)',
      detail: `${view.from?.schooljaar ?? '?'} → ${view.to?.schooljaar ?? '?'}: ${plural(changed.length, 'collega', 'collega\'s')}. ${lines.join(' · ')}`,
    });
    db.prepare('INSERT INTO rollover_undo (brin6, applied_at, before_json, after_json) VALUES (?, ?, ?, ?) ON CONFLICT (brin6) DO UPDATE SET applied_at = excluded.applied_at, before_json = excluded.before_json, after_json = excluded.after_json').run(
      request.brin6,
      now.toISOString(),
      JSON.stringify(before),
      JSON.stringify(changed.map((c) => ({ id: c.id, roles: c.after }))),
    );
  }).immediate();
  return computePlan(db, request).view;
}

/**
 * Terugdraaien: the roles as they were before the last applied plan, as one change — for every colleague whose roles
 * are still as the plan left them. A colleague changed since (step 7, a conflict settled, another console) keeps the
 * newer roles and is named: an undo never overwrites later work.
 */
export function undoPlan(db: Database.Database, brin6: string): RolloverUndone {
  requireLocation(db, brin6);
  let kept: { id: string; name: string }[] = [];
  db.transaction(() => {
    const row = db.prepare('SELECT before_json AS before, after_json AS after FROM rollover_undo WHERE brin6 = ?').get(brin6) as { before: string; after: string } | undefined;
    if (!row) throw new ServiceError('invalid-input', 'Er is geen uitgevoerd plan om terug te draaien.');
    const before = JSON.parse(row.before) as Array<{ id: string; access: boolean; roles: Role[] }>;
    const leftAs = new Map((JSON.parse(row.after) as Array<{ id: string; roles: Role[] }>).map((a) => [a.id, JSON.stringify(a.roles)]));
    const now = new Map(rolloverColleagues(db, brin6).map((c) => [c.id, c]));
    const present = before.filter((b) => now.has(b.id));
    const restore = present.filter((b) => JSON.stringify(now.get(b.id)!.roles) === leftAs.get(b.id));
    kept = present.filter((b) => !restore.includes(b)).map((b) => ({ id: b.id, name: now.get(b.id)!.name }));
    replaceRoles(db, brin6, restore.map((b) => ({ id: b.id, roles: b.roles })), {
      action: 'Klassen van collega\'s teruggedraaid',
      detail: `De rollen van ${plural(restore.length, 'collega', 'collega\'s')} staan weer zoals vóór het plan voor het nieuwe schooljaar.${
        kept.length > 0 ? ` Niet teruggedraaid, want na het plan gewijzigd: ${kept.map((k) => k.name).join(', ')}.` : ''
      }`,
    }, false);
    db.prepare('DELETE FROM rollover_undo WHERE brin6 = ?').run(brin6);
  }).immediate();
  return { ...computePlan(db, { brin6 }).view, kept };
}

function undoOf(db: Database.Database, brin6: string): RolloverPlanView['undo'] {
  const row = db.prepare('SELECT applied_at AS appliedAt, before_json AS before FROM rollover_undo WHERE brin6 = ?').get(brin6) as { appliedAt: string; before: string } | undefined;
  return row ? { appliedAt: row.appliedAt, colleagues: (JSON.parse(row.before) as unknown[]).length } : null;
}

/** The plan as text, for the CLI and support: the succession, then per colleague and role. */
export function planText(view: RolloverPlanView): string {
  if (!view.available) return `${view.reason}\n`;
  const out = [`Nieuw schooljaar ${view.from?.schooljaar ?? '?'} → ${view.to?.schooljaar ?? '?'}`, '', 'Klassen:'];
  for (const s of view.succession) out.push(`  ${s.line}`);
  out.push('', `Collega's (${nl(view.changes)} met een wijziging):`);
  for (const c of view.colleagues) {
    for (const r of c.roles) {
      const now = r.current.map((k) => k.naam).join(', ') || '—';
      const next = r.reasons.map((x) => (x.to ? `${x.to.naam} (${x.reason})` : `${x.from?.naam ?? '?'} vervalt`)).join(', ') || '—';
      out.push(`  ${c.name} — ${r.label}: ${now} → ${next}`);
    }
  }
  if (view.seeNothing.length > 0) out.push('', `Zien daarna niets: ${view.seeNothing.map((s) => s.name).join(', ')}`);
  if (view.uncovered.length > 0) out.push('', `Klassen waarin niemand iets ziet: ${view.uncovered.map((k) => k.naam).join(', ')}`);
  return `${out.join('\n')}\n`;
}
