import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { openDatabase } from '../../../main/db/database';
import { migrations } from '../../../main/db/migrations';
import type { SchoolYearPlan } from '../../../shared/bridge/plan';
import { PLAN_ROLES, SEED_TASKS } from '../../../shared/domain/plan';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { fieldMessages } from '../../helpers/refusal';

const trusted = { trusted: true };
const A = '99ZX10';
const B = '99ZX11';
const YEAR = '2025-2026';

describe('school-year plan for Leerling in beeld VO (seed 001), per location and school year', () => {
  let dir: string;
  let services: Services;
  let now: Date;
  let dispatch: ReturnType<typeof createDispatcher>;
  const call = async (method: string, input?: unknown): Promise<SchoolYearPlan> => {
    const result = await dispatch(method, input, trusted);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as SchoolYearPlan;
  };
  const refused = async (method: string, input?: unknown) => {
    const result = await dispatch(method, input, trusted);
    if (result.ok) throw new Error(`${method} should have been refused`);
    return result.error;
  };
  const task = (plan: SchoolYearPlan, id: string) => plan.tasks.find((t) => t.id === id)!;

  beforeEach(async () => {
    dir = makeTempDir();
    now = new Date('2025-10-01T09:00:00');
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => now });
    dispatch = createDispatcher(services.handlers);
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await call('locations:add', { brin6: B, name: 'Noord', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('starts pre-filled with every task of the seed, by role in the seed\'s order, nothing done or overdue', async () => {
    const plan = await call('plan:get', { brin6: A, schooljaar: YEAR });
    expect(plan.tasks).toHaveLength(SEED_TASKS.length);
    expect(plan.tasks.map((t) => t.id)).toEqual(SEED_TASKS.map((t) => t.id));
    expect(plan.counts).toEqual({ total: SEED_TASKS.length, done: 0, overdue: 0 });
    expect(new Set(plan.tasks.map((t) => t.ownerRole))).toEqual(new Set(PLAN_ROLES));
    expect(plan.tasks.every((t) => t.fromSeed && !t.done && t.due === null && t.note === '')).toBe(true);
    expect(plan.tasks.filter((t) => t.ownerRole === 'coordinator')).toHaveLength(12);
    expect(plan.tasks.map((t) => t.title)).toContain('Een programma aanmaken in Woots (bijvoorbeeld: Cito leerjaar 1).');
  });

  it('ticks off, dates and annotates a seed task (its title and role stay), and shows what is overdue', async () => {
    const id = 'seed:coordinator-planning';
    let plan = await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id, title: 'iets anders', ownerRole: 'docent', due: '2025-09-15', done: false, note: 'Inhaalmoment in week 44' } });
    expect(task(plan, id)).toMatchObject({ title: SEED_TASKS.find((t) => t.id === id)!.title, ownerRole: 'coordinator', due: '2025-09-15', done: false, note: 'Inhaalmoment in week 44', overdue: true });
    expect(plan.counts.overdue).toBe(1);
    plan = await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id: 'seed:management-keuzes', title: 'x', ownerRole: 'management', due: '2025-10-01', done: false, note: '' } });
    expect(task(plan, 'seed:management-keuzes').overdue).toBe(false); // due today is not overdue yet
    now = new Date('2025-10-02T08:00:00');
    expect(task(await call('plan:get', { brin6: A, schooljaar: YEAR }), 'seed:management-keuzes').overdue).toBe(true);
    plan = await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id, title: 'x', ownerRole: 'coordinator', due: '2025-09-15', done: true, note: 'Ingepland' } });
    expect(task(plan, id)).toMatchObject({ done: true, overdue: false, note: 'Ingepland' });
    expect(plan.counts).toEqual({ total: SEED_TASKS.length, done: 1, overdue: 1 });
  });

  it('adds, updates and removes own tasks; seed tasks cannot be removed', async () => {
    let plan = await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { title: '  Leerlingen met dyslexie: verlengde tijd instellen  ', ownerRole: 'woots-beheerder', due: null, done: false, note: '' } });
    const own = plan.tasks.find((t) => !t.fromSeed)!;
    expect(own).toMatchObject({ title: 'Leerlingen met dyslexie: verlengde tijd instellen', ownerRole: 'woots-beheerder', fromSeed: false });
    expect(plan.tasks).toHaveLength(SEED_TASKS.length + 1);
    // Grouped with its role: after the last seed task of Beheerder Woots, before the docenten.
    const ids = plan.tasks.map((t) => t.id);
    expect(ids.indexOf(own.id)).toBe(ids.indexOf('seed:beheerder-mentorrol') + 1);

    plan = await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id: own.id, title: 'Verlengde tijd instellen', ownerRole: 'coordinator', due: '2025-09-01', done: false, note: 'n.a.v. zorgoverleg' } });
    expect(task(plan, own.id)).toMatchObject({ title: 'Verlengde tijd instellen', ownerRole: 'coordinator', due: '2025-09-01', overdue: true, note: 'n.a.v. zorgoverleg' });

    const seedRemoval = await refused('plan:remove-task', { brin6: A, schooljaar: YEAR, id: 'seed:docent-actie' });
    expect(seedRemoval.message).toContain('kun je niet verwijderen');
    plan = await call('plan:remove-task', { brin6: A, schooljaar: YEAR, id: own.id });
    expect(plan.tasks.map((t) => t.id)).toEqual(SEED_TASKS.map((t) => t.id));
    expect((await refused('plan:remove-task', { brin6: A, schooljaar: YEAR, id: own.id })).message).toContain('bestaat niet');
    expect((await refused('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id: 'own:bestaat-niet', title: 'x', ownerRole: 'docent', due: null, done: false, note: '' } })).message).toContain('bestaat niet');
  });

  it('keeps each location and each school year apart', async () => {
    await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { id: 'seed:docent-actie', title: 'x', ownerRole: 'docent', due: null, done: true, note: '' } });
    await call('plan:save-task', { brin6: A, schooljaar: YEAR, task: { title: 'Alleen A', ownerRole: 'management', due: null, done: false, note: '' } });
    for (const [brin6, schooljaar] of [[B, YEAR], [A, '2026-2027']] as const) {
      const other = await call('plan:get', { brin6, schooljaar });
      expect(other.counts).toEqual({ total: SEED_TASKS.length, done: 0, overdue: 0 });
    }
    const ownId = (await call('plan:get', { brin6: A, schooljaar: YEAR })).tasks.find((t) => !t.fromSeed)!.id;
    expect((await refused('plan:remove-task', { brin6: B, schooljaar: YEAR, id: ownId })).message).toContain('bestaat niet');
    expect((await refused('plan:get', { brin6: '99ZX12', schooljaar: YEAR })).message).toContain('staat niet in deze console');
  });

  it('validates input with Dutch messages', async () => {
    expect(fieldMessages(await refused('plan:get', { brin6: A, schooljaar: '2025-2027' }))['schooljaar']).toContain('Een schooljaar schrijf je als 2025-2026');
    const bad = await refused('plan:save-task', { brin6: A, schooljaar: YEAR, task: { title: ' ', ownerRole: 'conciërge', due: '2025-02-30', done: false, note: '' } });
    expect(fieldMessages(bad)['task.title']).toContain('Vul in wat er moet gebeuren.');
    expect(fieldMessages(bad)['task.ownerRole']).toContain('Kies wie de taak uitvoert');
    expect(fieldMessages(bad)['task.due']).toContain('Deze datum bestaat niet.');
  });
});

describe('migration 0006 numo-allowlist-plan', () => {
  it('upgrades a version-5 file in place; every new table belongs to its location and goes with it', () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'c.sqlite');
      const { db: old } = openDatabase(file, migrations.slice(0, 5));
      old.prepare("INSERT INTO locations (brin6, name) VALUES ('99ZX10', 'A'), ('99ZX11', 'B')").run();
      old.close();
      const { db, applied } = openDatabase(file, migrations.slice(0, 6));
      expect(applied).toEqual([6]);
      const add = (brin6: string) => {
        db.prepare("INSERT INTO numo_registrations VALUES (?, '1', 's', 'meneer', 'v', 'a', 'e@x.nl', 'havo', 'k', 0, 't')").run(brin6);
        db.prepare("INSERT INTO ip_allowlists VALUES (?, 't')").run(brin6);
        db.prepare("INSERT INTO ip_allowlist_entries VALUES (?, 0, '145.12.34.56', NULL, NULL)").run(brin6);
        db.prepare("INSERT INTO remote_documents VALUES (?, 'numo', 1, '{}', 't')").run(brin6);
        db.prepare("INSERT INTO plan_tasks (brin6, schooljaar, id, from_seed, created_at, updated_at) VALUES (?, '2025-2026', 'seed:docent-actie', 1, 't', 't')").run(brin6);
      };
      add('99ZX10');
      add('99ZX11');
      expect(() => db.prepare("INSERT INTO numo_registrations VALUES ('99ZX12', '1', 's', 'meneer', 'v', 'a', 'e', 'havo', 'k', 0, 't')").run()).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("UPDATE numo_registrations SET terugstuuroptie = 3").run()).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE numo_registrations SET maximum_niveau = 'mavo'").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO ip_allowlist_entries VALUES ('99ZX10', 1, '145.12.34.56', NULL, NULL)").run()).toThrow(/UNIQUE/);
      expect(() => db.prepare("INSERT INTO plan_tasks (brin6, schooljaar, id, from_seed, created_at, updated_at) VALUES ('99ZX10', '2025-2026', 'own:1', 0, 't', 't')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO numo_registrations VALUES ('99ZX10', 1, 's', 'meneer', 'v', 'a', 'e', 'havo', 'k', 0, 't')").run()).toThrow(); // STRICT: no integer klantnummer
      db.prepare("DELETE FROM locations WHERE brin6 = '99ZX10'").run();
      for (const table of ['numo_registrations', 'ip_allowlists', 'ip_allowlist_entries', 'remote_documents', 'plan_tasks']) {
        expect(db.prepare(`SELECT brin6 FROM ${table}`).pluck().all(), table).toEqual(['99ZX11']);
      }
      db.close();
    } finally {
      removeTempDir(dir);
    }
  });
});
