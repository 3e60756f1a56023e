import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { runCli } from '../../../main/cli/cli';
import { receiveUpload } from '../../../main/uploads/receive';
import type { AuditEntry, ImportDiff, ImportState } from '../../../shared/bridge';
import { ACCOUNT_A, signIn, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { bridgeCaller, reviewedImportId } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { fieldMessages } from '../../helpers/refusal';

const TODAY = new Date('2025-10-01T12:00:00Z');
const A = '99ZX10';

/** The guard against destructive files, through the bridge (step 3) and the CLI, on real SQLite files. */
describe('confirming a file that removes many pupils needs a second, typed confirmation', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  const { call, refused } = bridgeCaller(() => dispatch);
  const importText = async (text: string, name: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call('import:start', { brin6: A, uploadId: staged.value.uploadId });
  };
  const confirmedPupils = async () => (await call<ImportState>('import:get-state', { brin6: A })).confirmed?.counts.leerlingen;
  const queued = () => services.database!.db.prepare("SELECT COUNT(*) FROM outbox WHERE route_id = 'putSchoolData'").pluck().get() as number;

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: '' });
    await importText(generateEdexml({ pupils: 300, seed: 1 }), 'volledig.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) }); // the first import: nothing to guard
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('a file keeping 30 of 300 pupils: the diff states the numbers; without the typed number nothing changes; with it the log says what went', async () => {
    await importText(generateEdexml({ pupils: 30, seed: 1 }), 'half.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.guard).toMatchObject({ needed: true, confirmText: '270', removedPupils: 270, confirmedPupils: 300, percent: 90 });
    expect(diff.guard.reasons[0]).toBe('270 van 300 leerlingen (90 %) verdwijnen bij de centrale dienst.');
    expect(diff.guard.reasons[1]).toMatch(/^10 klassen verdwijnen, met samen 2\d\d van de 300 leerlingen/);

    const before = queued();
    for (const acknowledge of [undefined, '', '271', 'ja']) {
      const error = await refused('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), ...(acknowledge === undefined ? {} : { acknowledge }) });
      expect(error.message).toContain('270 van 300 leerlingen (90 %) verdwijnen');
      expect(error.message).toContain('typ dan 270 ter bevestiging');
    }
    expect(await confirmedPupils()).toBe(300);
    expect(queued()).toBe(before);
    expect((await call<ImportState>('import:get-state', { brin6: A })).pending?.sourceName).toBe('half.xml');

    const overview = async () => (await call<Array<{ warnings: string[] }>>('locations:get-overview'))[0]!.warnings;
    expect((await overview()).join(' ')).not.toContain('verdwenen');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), acknowledge: '270' });
    expect(await confirmedPupils()).toBe(30);
    // The overview card warns while these data are in force.
    expect(await overview()).toContain('Bij de laatste bevestiging (half.xml) verdwenen 270 van de 300 leerlingen (90 %). Klopt dat niet? Importeer het volledige bestand opnieuw en bevestig het.');
    const [entry] = await call<AuditEntry[]>('audit:list', { brin6: A });
    expect(entry).toMatchObject({ action: 'Schoolgegevens bevestigd' });
    expect(entry!.summary).toMatch(/^half\.xml: schooljaar 2025-2026, 30 leerlingen, 1 klas; leerlingen 0 nieuw, 270 verwijderd, \d+ gewijzigd, \d+ naar een andere klas; klassen 0 nieuw, \d+ verwijderd \(na tweede bevestiging: 270 van 300/);
  });

  it('a file of another school year (issue 33): only with that year typed; then the overview counts it as confirmed on purpose', async () => {
    await importText(generateEdexml({ pupils: 300, seed: 1, schooljaar: '2014-2015' }), 'oud.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.yearGuard).toEqual({ needed: true, schooljaar: '2014-2015', current: '2025-2026' });
    for (const acknowledgeYear of [undefined, '', '2025-2026', 'ja']) {
      const error = await refused('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), ...(acknowledgeYear === undefined ? {} : { acknowledgeYear }) });
      expect(error.message).toContain('Dit bestand is van schooljaar 2014-2015, niet van het huidige schooljaar 2025-2026.');
      expect(fieldMessages(error)).toEqual({ acknowledgeYear: expect.stringContaining('typ dan 2014-2015 ter bevestiging') });
    }
    expect((await call<ImportState>('import:get-state', { brin6: A })).confirmed?.sourceName).toBe('volledig.xml');
    // Typed as people type it: "2014/2015" and "2014 – 2015" are the same year.
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), acknowledgeYear: '2014 / 2015' });
    expect((await call<ImportState>('import:get-state', { brin6: A })).confirmed?.sourceName).toBe('oud.xml');
    const [row] = await call<Array<{ readiness: { gaps: Array<{ kind: string }> } }>>('locations:get-overview');
    expect(row!.readiness.gaps.map((g) => g.kind)).not.toContain('other-year');
    const [entry] = await call<AuditEntry[]>('audit:list', { brin6: A });
    expect(entry!.summary).toMatch(/^oud\.xml: schooljaar 2014-2015 \(bewust bevestigd; het huidige schooljaar is 2025-2026\)/);
    // The current year needs nothing typed.
    await importText(generateEdexml({ pupils: 300, seed: 2 }), 'nu.xml');
    expect((await call<ImportDiff>('import:get-diff', { brin6: A })).yearGuard.needed).toBe(false);
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
  });

  it('a diff you can act on: old → new per field, a re-keyed pupil (same eck-id) is one changed pupil, the whole diff as safe CSV', async () => {
    const text = generateEdexml({ pupils: 300, seed: 1 })
      .replace('<leerling key="00100004"', '<leerling key="NIEUW-04"')
      .replace(/(<leerling key="00100007"[\s\S]*?<achternaam>)[^<]*(<\/achternaam>)/, '$1=HYPERLINK("x")$2')
      .replace(/(<leerling key="00100011"[\s\S]*?<jaargroep>)\d+(<\/jaargroep>[\s\S]*?<groep key=")K\d+/, '$116$2K0006');
    await importText(text, 'oktober.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.leerlingen.added.total).toBe(0);
    expect(diff.leerlingen.removed.total).toBe(0);
    const byKey = new Map(diff.leerlingen.changed.items.map((c) => [c.key, c]));
    expect(byKey.get('NIEUW-04')).toMatchObject({ previousKey: '00100004', changes: [{ field: 'sleutel', from: '00100004', to: 'NIEUW-04' }] });
    expect(byKey.get('00100007')?.changes).toEqual([{ field: 'achternaam', from: expect.any(String), to: '=HYPERLINK("x")' }]);
    expect(byKey.get('00100011')?.changes).toEqual([
      { field: 'jaargroep', from: expect.stringMatching(/^1[1-6]$/), to: '16' },
      { field: 'groep', from: expect.any(String), to: '6A' },
    ]);
    const { fileName, csv } = await call<{ fileName: string; csv: string }>('import:export-diff', { brin6: A });
    expect(fileName).toBe('verschillen-99ZX10-2025-10-01.csv');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('Soort;Sleutel;Naam;Veld;Was;Wordt');
    expect(lines).toContain('Leerling gewijzigd;NIEUW-04;' + byKey.get('NIEUW-04')!.name + ';sleutel;00100004;NIEUW-04');
    expect(lines.find((l) => l.includes(';00100007;'))).toMatch(/;achternaam;[^;]+;"'=HYPERLINK\(""x""\)"$/);
    expect(lines.find((l) => l.includes(';00100011;') && l.includes(';groep;'))).toMatch(/;groep;\d[A-Z];6A$/);

    // The CLI's --json diff is the same engine: old → new values, the re-keyed pupil out of added/removed.
    const file = path.join(dir, 'oktober.xml');
    fs.writeFileSync(file, text);
    const out: string[] = [];
    expect(await runCli(['import', file, '--brin6', A, '--json', '--data-dir', dir], { stdout: (t) => out.push(t), stderr: () => {}, version: '1.0.0', defaultDataDir: dir })).toBe(0);
    const report = JSON.parse(out.join('')) as { diff: { leerlingen: { added: string[]; removed: string[]; changed: Array<{ key: string; previousKey?: string; changes: unknown[] }> } } };
    expect([report.diff.leerlingen.added, report.diff.leerlingen.removed]).toEqual([[], []]);
    expect(report.diff.leerlingen.changed.find((c) => c.key === 'NIEUW-04')).toMatchObject({ previousKey: '00100004', changes: [{ field: 'sleutel', from: '00100004', to: 'NIEUW-04' }] });
  });

  it('the threshold is a setting (default 10 %); a file of another school (schoolkey) asks to type its schoolkey', async () => {
    expect((await call<{ removalThresholdPercent: number }>('settings:get-all')).removalThresholdPercent).toBe(10);
    await importText(generateEdexml({ pupils: 30, seed: 1 }), 'half.xml');
    expect(fieldMessages(await refused('settings:set-removal-threshold', { percent: 0 }))['percent']).toContain('1 tot en met 100');
    await call('settings:set-removal-threshold', { percent: 95 });
    expect((await call<ImportDiff>('import:get-diff', { brin6: A })).guard.needed).toBe(false);
    await call('import:discard', { brin6: A });

    await importText(generateEdexml({ pupils: 300, seed: 1 }).replace('<schoolkey>41323</schoolkey>', '<schoolkey>77777</schoolkey>'), 'andere-school.xml');
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.guard).toMatchObject({ needed: true, confirmText: '77777', removedPupils: 0 });
    expect(diff.guard.reasons).toEqual(['Het bestand hoort bij een andere school: schoolkey 77777, de bevestigde gegevens hebben schoolkey 41323.']);
    await refused('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), acknowledge: '0' });
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A), acknowledge: '77777' });
  });

  it('CLI: import --confirm refuses with exit 1 and domain.mass-removal, stores the file for review; --allow-removals confirms', async () => {
    services.close();
    const file = path.join(dir, 'half.xml');
    fs.writeFileSync(file, generateEdexml({ pupils: 30, seed: 1 }));
    const cli = async (args: string[]) => {
      const out: string[] = [];
      const code = await runCli([...args, '--data-dir', dir], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), version: '1.0.0', defaultDataDir: dir });
      return { code, out: out.join('') };
    };
    const refusedRun = await cli(['import', file, '--brin6', A, '--confirm', '--json']);
    expect(refusedRun.code).toBe(1);
    const report = JSON.parse(refusedRun.out) as { stored: string; findings: Array<{ code: string; severity: string; message: string }> };
    expect(report.stored).toBe('pending');
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'domain.mass-removal', message: expect.stringContaining('270 van 300 leerlingen (90 %) verdwijnen') }),
    ]);
    const text = await cli(['import', file, '--brin6', A, '--confirm']);
    expect(text.code).toBe(1);
    expect(text.out).toContain('--allow-removals');
    // The file is of schooljaar 2025-2026 (the command runs today): the second guard asks for that year, as step 3 does.
    const otherYear = await cli(['import', file, '--brin6', A, '--confirm', '--allow-removals', '--json']);
    expect(otherYear.code).toBe(1);
    expect((JSON.parse(otherYear.out) as { findings: Array<{ code: string; message: string }> }).findings).toContainEqual(
      expect.objectContaining({ code: 'domain.other-year', message: expect.stringContaining('Het bestand is van schooljaar 2025-2026, niet van het huidige schooljaar') }),
    );
    expect((await cli(['import', file, '--brin6', A, '--confirm', '--allow-removals'])).out).toContain('Of bevestig het hier met --allow-other-year.');
    const allowed = await cli(['import', file, '--brin6', A, '--confirm', '--allow-removals', '--allow-other-year', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ stored: 'confirmed', ok: true });
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    expect(await confirmedPupils()).toBe(30);
    expect((await call<AuditEntry[]>('audit:list', { brin6: A }))[0]!.summary).toContain('270 verwijderd');
  });
});

describe('history and restore, through the outbox to the reference server, and the CLI', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let api: RunningApi;
  const { call, refused } = bridgeCaller(() => dispatch);
  const importText = async (text: string, name: string) => {
    const staged = receiveUpload(services.uploads, true, name, new TextEncoder().encode(text));
    if (!staged.ok) throw new Error(staged.error.message);
    return call('import:start', { brin6: A, uploadId: staged.value.uploadId });
  };
  const servicePupils = async () => {
    const token = await signIn(api.origin, ACCOUNT_A);
    const page = (await (await fetch(`${api.origin}/v1/locations/${A}/pupils?limit=10000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: unknown[] };
    return page.items.length;
  };
  const cli = async (args: string[]) => {
    const out: string[] = [];
    const code = await runCli([...args, '--data-dir', dir], { stdout: (t) => out.push(t), stderr: (t) => out.push(t), version: '1.0.0', defaultDataDir: dir });
    return { code, out: out.join('') };
  };

  beforeEach(async () => {
    dir = makeTempDir();
    api = await startApi();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers, (line) => console.error(line));
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('locations:add', { brin6: A, name: 'Het Lyceum', username: ACCOUNT_A.username });
    await call('sync:sign-in', { ...ACCOUNT_A });
  });
  afterEach(async () => {
    services.close();
    await api.stop();
    removeTempDir(dir);
  });

  it('restoring the import before the current one is a confirm like any other: diff, queue, log; the service then holds the earlier data', async () => {
    await importText(generateEdexml({ pupils: 300, seed: 1 }), 'oktober.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    await importText(generateEdexml({ pupils: 310, seed: 1 }), 'november.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    await call('sync:sync-now', { brin6: A });
    expect(await servicePupils()).toBe(310);
    const history = await call<Array<{ id: number; file: string; current: boolean; restorable: boolean; added: number; removed: number }>>('import:list-history', { brin6: A });
    expect(history.map((h) => [h.file, h.current, h.restorable, h.added, h.removed])).toEqual([
      ['november.xml', true, false, 10, 0],
      ['oktober.xml', false, true, 300, 0],
    ]);

    const state = await call<ImportState>('import:restore', { brin6: A });
    expect(state.pending).toMatchObject({ sourceName: 'oktober.xml', counts: { leerlingen: 300 } });
    const diff = await call<ImportDiff>('import:get-diff', { brin6: A });
    expect(diff.leerlingen.removed.total).toBe(10);
    expect(diff.guard.needed).toBe(false);
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    await call('sync:sync-now', { brin6: A });
    expect(await servicePupils()).toBe(300);
    const log = (await call<AuditEntry[]>('audit:list', { brin6: A })).map((e) => e.action);
    expect(log.slice(0, 2)).toEqual(['Schoolgegevens bevestigd', 'Eerdere import teruggezet']);
    const after = await call<Array<{ confirmedAt: string; file: string; restoredFrom: string | null }>>('import:list-history', { brin6: A });
    expect(after[0]).toMatchObject({ file: 'oktober.xml', current: true, added: 0, removed: 10 });
    // The history marks the restored import, with the date of the import it came from (issue 33).
    expect(after.map((h) => h.restoredFrom)).toEqual([after[2]!.confirmedAt, null, null]);
    expect((await refused('import:restore', { brin6: A, importId: 9999 })).message).toContain('bestaat niet bij deze locatie');
  });

  it('CLI history prints the documented JSON; restore --confirm is guarded like import --confirm', async () => {
    await importText(generateEdexml({ pupils: 30, seed: 1 }), 'klein.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    await importText(generateEdexml({ pupils: 300, seed: 1 }), 'groot.xml');
    await call('import:confirm', { brin6: A, importId: await reviewedImportId(call, A) });
    services.close();
    const history = await cli(['history', '--brin6', A, '--json']);
    expect(history.code).toBe(0);
    const parsed = JSON.parse(history.out) as { imports: Array<Record<string, unknown>> };
    expect(parsed.imports).toEqual([
      { id: expect.any(Number), confirmedAt: expect.any(String), file: 'groot.xml', schooljaar: '2025-2026', counts: { leerlingen: 300, groepen: 11 }, added: 270, removed: 0, current: true, restorable: false, restoredFrom: null },
      { id: expect.any(Number), confirmedAt: expect.any(String), file: 'klein.xml', schooljaar: '2025-2026', counts: { leerlingen: 30, groepen: 1 }, added: 30, removed: 0, current: false, restorable: true, restoredFrom: null },
    ]);
    expect((await cli(['history', '--brin6', A])).out).toMatch(/\* \d+ .+groot\.xml .+300 leerlingen {2}\+270 −0 {2}\(in gebruik\)/);

    const guarded = await cli(['restore', '--brin6', A, '--confirm', '--json']);
    expect(guarded.code).toBe(1);
    expect(JSON.parse(guarded.out)).toMatchObject({ stored: 'pending', guard: { needed: true, removedPupils: 270 }, findings: [{ code: 'domain.mass-removal' }] });
    const allowed = await cli(['restore', '--brin6', A, '--import', String(parsed.imports[1]!['id']), '--confirm', '--allow-removals', '--allow-other-year', '--json']);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.out)).toMatchObject({ stored: 'confirmed' });
    expect(JSON.parse((await cli(['history', '--brin6', A, '--json'])).out).imports[0]).toMatchObject({ file: 'klein.xml', current: true, removed: 270 });
    expect((await cli(['restore', '--brin6', A, '--import', 'x'])).code).toBe(2);
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
  });
});
