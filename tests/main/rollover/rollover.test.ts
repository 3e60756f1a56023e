import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import type { AuditEntry, RolloverPlanView, UserView } from '../../../shared/bridge';
import { ACCOUNT_A, startApi } from '../../helpers/api-server';
import { bridgeCaller, importThroughBridge } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { memoryVault } from '../../../main/sync';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const A = ACCOUNT_A.brin6;

/**
 * Issue 37, points 2–3 through the bridge: the plan after next year's file is confirmed, applied as one change (one
 * log entry, one queued roles PUT per colleague), undone as one; the service ends with the new roles exactly once.
 */
describe('a new school year: every colleague\'s classes carried over as one change', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const vault = memoryVault();
  const { call, refused } = bridgeCaller(() => dispatch);
  const importText = (text: string, name: string) => importThroughBridge(services.uploads, call, A, text, name);
  const queuedRoles = () => services.database!.db.prepare("SELECT COUNT(*) FROM outbox WHERE route_id = 'putRoles'").pluck().get() as number;
  const roles = async () => new Map((await call<UserView[]>('users:list', { brin6: A })).map((u) => [u.email, u.roles]));

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', vault, today: () => new Date('2026-09-01T12:00:00Z') });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: ACCOUNT_A.username });
    const last = await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2025-2026' }), 'vorig-jaar.xml');
    await call('import:confirm', { brin6: A, importId: last, acknowledgeYear: '2025-2026' });
    // A mentor of 1A (K0001) added by hand; a teacher added from the file (LK3: K0003 and K0004 last year).
    const mentor = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Mia', initialen: 'M.', voorvoegsel: '', achternaam: 'Mentor', email: 'mia@school.example' } });
    await call('users:set-roles', { brin6: A, ids: [mentor.id], access: true, roles: [{ role: 'leerlingbegeleider', classes: ['K0001', 'K0006'] }], mode: 'replace' });
    await call('users:add-suggested', { brin6: A, leerkrachtKeys: ['LK3'], role: { role: 'vakdocent', subject: 'wiskunde' } });
    const added = (await call<UserView[]>('users:list', { brin6: A })).find((u) => u.leerkrachtKey === 'LK3')!;
    await call('users:set-roles', { brin6: A, ids: [added.id], access: true, roles: [{ role: 'vakdocent', subject: 'wiskunde', classes: ['K0003', 'K0004'] }], mode: 'replace' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('before next year\'s file there is nothing to compare; after it, the plan per colleague and role with its reasons', async () => {
    const none = await call<RolloverPlanView>('rollover:get-plan', { brin6: A });
    expect(none).toMatchObject({ available: false, reason: expect.stringContaining('eerder bevestigd bestand') });
    await call('import:confirm', { brin6: A, importId: await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2026-2027', nextYear: true }), 'nieuw-jaar.xml') });
    const plan = await call<RolloverPlanView>('rollover:get-plan', { brin6: A });
    expect(plan).toMatchObject({ available: true, from: { schooljaar: '2025-2026' }, to: { schooljaar: '2026-2027' } });
    expect(plan.succession.find((s) => s.from.key === 'K0001')!.line).toMatch(/^1A → 2A: \d+ van \d+ leerlingen; \d+ naar 2B$/);
    const mentor = plan.colleagues.find((c) => c.name.includes('Mentor'))!;
    expect(mentor.roles[0]!.reasons).toEqual([
      { from: { key: 'K0001', naam: '1A' }, to: { key: 'N0002', naam: '2A' }, reason: 'klas volgt leerlingen' },
      { from: { key: 'K0006', naam: '6A' }, to: null, reason: 'vervalt' },
    ]);
    const teacher = plan.colleagues.find((c) => !c.name.includes('Mentor'))!;
    // The new file's own links for LK3: its classes (and cluster) of next year.
    expect(teacher.roles[0]!.fileKnown).toBe(true);
    expect(teacher.roles[0]!.reasons.every((r) => r.reason === 'volgens het bestand')).toBe(true);
    expect(teacher.roles[0]!.proposed.map((c) => c.naam)).toEqual(expect.arrayContaining(['3A', '4A']));
    expect(plan.changes).toBe(2);
    // A choice per role: the mentor's classes by name instead (1A and 6A exist by name in the new file).
    const byName = await call<RolloverPlanView>('rollover:get-plan', { brin6: A, choices: [{ userId: mentor.id, roleIndex: 0, strategies: ['name'] }] });
    expect(byName.colleagues.find((c) => c.id === mentor.id)!.roles[0]!.reasons.map((r) => r.reason)).toEqual(['zelfde naam', 'zelfde naam']);
  });

  it('applied as one change, undone as one: one log entry each, one roles PUT per colleague, the service holds the result once', async () => {
    const api = await startApi();
    try {
      await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
      await call('sync:sign-in', { ...ACCOUNT_A });
      await call('import:confirm', { brin6: A, importId: await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2026-2027', nextYear: true }), 'nieuw-jaar.xml') });
      await call('sync:sync-now', { brin6: A });
      expect(queuedRoles()).toBe(0);
      const before = await roles();

      const applied = await call<RolloverPlanView>('rollover:apply', { brin6: A, revision: (await call<RolloverPlanView>('rollover:get-plan', { brin6: A })).revision });
      expect(applied).toMatchObject({ changes: 0, undo: { colleagues: 2 } });
      expect(queuedRoles()).toBe(2);
      expect((await roles()).get('mia@school.example')).toEqual([{ role: 'leerlingbegeleider', classes: ['N0002'] }]);
      const log = await call<AuditEntry[]>('audit:list', { brin6: A });
      expect(log.filter((e) => e.action === 'Klassen van collega\'s bijgewerkt (nieuw schooljaar)')).toHaveLength(1);
      await call('sync:sync-now', { brin6: A });
      expect(queuedRoles()).toBe(0);
      const token = vault.load(A)!;
      const feed = (await (await fetch(`${api.origin}/v1/locations/${A}/users`, { headers: { authorization: `Bearer ${token}` } })).json()) as { changes: Array<{ kind: string; user?: { email: string; roles: unknown } }> };
      const latest = new Map(feed.changes.filter((c) => c.user).map((c) => [c.user!.email, c.user!.roles]));
      expect(latest.get('mia@school.example')).toEqual([{ role: 'leerlingbegeleider', classes: ['N0002'] }]);

      // Nothing left to change: applying again is refused with why.
      expect((await refused('rollover:apply', { brin6: A, revision: (await call<RolloverPlanView>('rollover:get-plan', { brin6: A })).revision })).message).toContain('verandert niets');
      const undone = await call<RolloverPlanView>('rollover:undo', { brin6: A });
      expect(undone.undo).toBeNull();
      expect(await roles()).toEqual(before);
      expect(queuedRoles()).toBe(2);
      const after = await call<AuditEntry[]>('audit:list', { brin6: A });
      expect(after.filter((e) => e.action === 'Klassen van collega\'s teruggedraaid')).toHaveLength(1);
      await call('sync:sync-now', { brin6: A });
      expect(queuedRoles()).toBe(0);
    } finally {
      await api.stop();
    }
  }, 60_000);
});

describe('what is applied is what was reviewed; an undo never overwrites a later change', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call, refused } = bridgeCaller(() => dispatch);
  const importText = (text: string, name: string) => importThroughBridge(services.uploads, call, A, text, name);
  const roles = async () => new Map((await call<UserView[]>('users:list', { brin6: A })).map((u) => [u.achternaam, u.roles]));

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => new Date('2026-09-01T12:00:00Z') });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: ACCOUNT_A.username });
    await call('import:confirm', { brin6: A, importId: await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2025-2026' }), 'vorig-jaar.xml'), acknowledgeYear: '2025-2026' });
    for (const [achternaam, classes] of [['Mentor', ['K0001']], ['Tweede', ['K0002']]] as const) {
      const user = await call<UserView>('users:add', { brin6: A, user: { voornaam: 'Mia', initialen: 'M.', voorvoegsel: '', achternaam, email: `${achternaam.toLowerCase()}@school.example` } });
      await call('users:set-roles', { brin6: A, ids: [user.id], access: true, roles: [{ role: 'leerlingbegeleider', classes: [...classes] }], mode: 'replace' });
    }
    await call('import:confirm', { brin6: A, importId: await importText(generateEdexml({ pupils: 600, seed: 3, schooljaar: '2026-2027', nextYear: true }), 'nieuw-jaar.xml') });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('a plan changed since it was shown (another process, another screen) is refused at "revision", and nothing is written', async () => {
    const shown = await call<RolloverPlanView>('rollover:get-plan', { brin6: A });
    expect(shown.changes).toBe(2);
    expect(shown.revision).toMatch(/^[0-9a-f]{16,}$/);
    // In between, Mentor's classes are changed elsewhere (step 7, or a second console on the same data folder).
    const mentor = (await call<UserView[]>('users:list', { brin6: A })).find((u) => u.achternaam === 'Mentor')!;
    await call('users:set-roles', { brin6: A, ids: [mentor.id], access: true, roles: [{ role: 'leerlingbegeleider', classes: ['N0003'] }], mode: 'replace' });
    const between = await roles();
    const error = await refused('rollover:apply', { brin6: A, revision: shown.revision });
    expect(error.issues?.[0]).toMatchObject({ path: ['revision'], message: expect.stringContaining('veranderd sinds je het bekeek') });
    expect(await roles()).toEqual(between);
    expect((await call<RolloverPlanView>('rollover:get-plan', { brin6: A })).undo).toBeNull();
    expect((await call<AuditEntry[]>('audit:list', { brin6: A })).filter((e) => e.action.startsWith('Klassen van collega'))).toHaveLength(0);
    // Without a revision there is nothing to check against: refused too.
    expect((await refused('rollover:apply', { brin6: A })).code).toBe('invalid-input');
    // The plan looked at again applies.
    const again = await call<RolloverPlanView>('rollover:get-plan', { brin6: A });
    expect(again.revision).not.toBe(shown.revision);
    expect((await call<RolloverPlanView>('rollover:apply', { brin6: A, revision: again.revision })).undo).toMatchObject({ colleagues: again.changes });
  });

  it('Terugdraaien restores only colleagues whose classes are still as the plan left them, and names the others', async () => {
    const before = await roles();
    const plan = await call<RolloverPlanView>('rollover:get-plan', { brin6: A });
    await call('rollover:apply', { brin6: A, revision: plan.revision });
    // After the plan, Tweede's classes are set by hand (step 7): the undo must not take that back.
    const tweede = (await call<UserView[]>('users:list', { brin6: A })).find((u) => u.achternaam === 'Tweede')!;
    const edited = [{ role: 'leerlingbegeleider' as const, classes: ['N0005'] }];
    await call('users:set-roles', { brin6: A, ids: [tweede.id], access: true, roles: edited, mode: 'replace' });
    const undone = await call<RolloverPlanView & { kept: Array<{ name: string }> }>('rollover:undo', { brin6: A });
    const after = await roles();
    expect(after.get('Mentor')).toEqual(before.get('Mentor'));
    expect(after.get('Tweede')).toEqual(edited);
    expect(undone.kept.map((k) => k.name)).toEqual(['Mia Tweede']);
    const log = await call<AuditEntry[]>('audit:list', { brin6: A });
    expect(log.find((e) => e.action === 'Klassen van collega\'s teruggedraaid')!.summary).toContain('Mia Tweede');
  });
});

describe('the CLI: rollover prints the same plan, and applies it as one change', () => {
  it('rollover --brin6 X prints the plan; --strategy names the order; --apply applies; a wrong strategy is a usage error', async () => {
    const { runCliHere } = await import('../../helpers/cli');
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = makeTempDir();
    try {
      const data = path.join(dir, 'data');
      const file = (name: string, text: string) => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      expect((await runCliHere(['locations', 'add', A, '--name', 'Het Lyceum', '--data-dir', data])).status).toBe(0);
      const none = await runCliHere(['rollover', '--brin6', A, '--data-dir', data]);
      expect(none.status).toBe(1);
      expect(none.stdout).toContain('eerder bevestigd bestand');
      expect((await runCliHere(['import', file('oud.xml', generateEdexml({ pupils: 300, seed: 5, schooljaar: '2025-2026' })), '--brin6', A, '--confirm', '--allow-other-year', '--data-dir', data])).status).toBe(0);
      // A colleague added from the file, with last year's classes of teacher LK2.
      expect((await runCliHere(['import', file('nieuw.xml', generateEdexml({ pupils: 300, seed: 5, schooljaar: '2026-2027', nextYear: true })), '--brin6', A, '--confirm', '--allow-other-year', '--data-dir', data])).status).toBe(0);
      const plan = await runCliHere(['rollover', '--brin6', A, '--data-dir', data]);
      expect(plan.status, plan.stderr).toBe(0);
      expect(plan.stdout).toMatch(/^Nieuw schooljaar 2025-2026 → 2026-2027\n\nKlassen:\n {2}1A → 2A: \d+ van \d+ leerlingen/);
      const json = JSON.parse((await runCliHere(['rollover', '--brin6', A, '--strategy', 'name', '--json', '--data-dir', data])).stdout) as RolloverPlanView;
      expect(json.available).toBe(true);
      const wrong = await runCliHere(['rollover', '--brin6', A, '--strategy', 'raden', '--data-dir', data]);
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('--strategy "raden" ken ik niet');
      // Nothing to change (no colleagues yet): --apply says so, exit 1.
      const nothing = await runCliHere(['rollover', '--brin6', A, '--apply', '--data-dir', data]);
      expect(nothing.status).toBe(1);
      expect(nothing.stderr).toContain('verandert niets');
      // A mentor of last year's 1A (added in the window, on the same data folder): --apply carries her class over.
      const opened = createServices({ dataDir: data, mode: 'browser', version: '1.0.0' });
      try {
        const here = bridgeCaller(() => createDispatcher(opened.handlers, () => {}));
        const mia = await here.call<UserView>('users:add', { brin6: A, user: { voornaam: 'Mia', initialen: 'M.', voorvoegsel: '', achternaam: 'Mentor', email: 'mia@school.example' } });
        opened.database!.db.prepare('UPDATE users SET access = 1, roles_json = ? WHERE id = ?').run(JSON.stringify([{ role: 'leerlingbegeleider', classes: ['K0001'] }]), mia.id);
      } finally {
        opened.close();
      }
      const apply = await runCliHere(['rollover', '--brin6', A, '--apply', '--data-dir', data]);
      expect(apply.status, apply.stderr).toBe(0);
      expect(apply.stdout).toContain('Mia Mentor — Leerlingbegeleider: 1A → 2A (klas volgt leerlingen)');
      expect(apply.stdout).toContain("Toegepast: de klassen van 1 collega zijn bijgewerkt");
      const again = JSON.parse((await runCliHere(['rollover', '--brin6', A, '--json', '--data-dir', data])).stdout) as RolloverPlanView;
      expect(again).toMatchObject({ changes: 0, undo: { colleagues: 1 } });
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);
});
