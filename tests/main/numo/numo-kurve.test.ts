import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { analyseBytes, analyseFile } from '../../../main/edexml/engine';
import { storePendingImport } from '../../../main/imports/store';
import { confirmPendingImport } from '../../../main/imports/confirm';
import { kurveFileName } from '../../../main/numo/kurve';
import type { KurveExport, NumoRegistrationInput, NumoView } from '../../../shared/bridge/numo';
import { generateEdexml } from '../../helpers/generate-edexml';
import { runCliHere } from '../../helpers/cli';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { xmllintMany } from '../../helpers/xmllint';
import { bridgeCaller } from '../../helpers/bridge';
import { fieldMessages } from '../../helpers/refusal';

// The official XSD's schooljaar enumeration ends at 2024-2025 (PITFALLS.md): the open-schooljaar copy is the oracle.
const XSD21 = path.resolve(import.meta.dirname, '../../../../shared/edexml/xsd-2.1-open-schooljaar/EDEXML.structuur.xsd');
const TODAY = new Date('2025-10-01T10:00:00');
const A = '99ZX10';
const B = '99ZX11';

/**
 * A generated VO file where every third pupil has a pupil number (gebruikersnaam), every fourth (from the second)
 * has no eck-id: so some pupils have both, some one, some neither.
 */
function schoolFile(pupils: number, dependancecode = '10'): string {
  let p = 0;
  return generateEdexml({ pupils, seed: 7, dependancecode }).replace(/<leerling key="(\d+)"( eckid="[^"]*")?>([\s\S]*?)<\/leerling>/g, (_all, key: string, eckid: string | undefined, body: string) => {
    const i = p++;
    const withEckid = i % 4 === 1 ? '' : (eckid ?? '');
    const withUser = i % 3 === 0 ? body.replace(/(\s*)<land>/, `$1<gebruikersnaam>ll${key}</gebruikersnaam>$1<land>`) : body;
    return `<leerling key="${key}"${withEckid}>${withUser}</leerling>`;
  });
}

const REGISTRATION: NumoRegistrationInput = {
  klantnummer: '123456',
  schoolnaam: 'Het Stedelijk Lyceum',
  aanhef: 'mevrouw',
  voornaam: 'Anna',
  achternaam: 'de Boer',
  email: 'A.deBoer@lyceum.example',
  maximumNiveau: 'vwo',
  korteSchoolnaam: 'Stedelijk Lyceum é/1',
  terugstuuroptie: 0,
};

describe('Numo coupling and the Kurve export (services, real SQLite)', () => {
  let dir: string;
  let services: Services;
  let dispatch: ReturnType<typeof createDispatcher>;
  const { call, refused } = bridgeCaller(() => dispatch);
  const confirm = (brin6: string, text: string) => {
    const a = analyseBytes(Buffer.from(text), { keepModel: true, today: TODAY });
    if (!a.data) throw new Error(JSON.stringify(a.findings));
    storePendingImport(services.database!.db, brin6, a.data, { sourceName: 'school.xml', summary: {} });
    confirmPendingImport(services.database!.db, brin6);
    return a.data;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => TODAY });
    dispatch = createDispatcher(services.handlers);
    await call('locations:add', { brin6: A, name: 'Lyceum', username: '' });
    await call('locations:add', { brin6: B, name: 'Lyceum Noord', username: '' });
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('shows how many pupils can be matched (pupil number or eck-id) and lists those who cannot', async () => {
    const empty = await call<NumoView>('numo:get', { brin6: A });
    expect(empty).toMatchObject({ registration: null, sync: null, matching: { hasConfirmedImport: false, pupils: 0, unmatchable: [] } });
    const data = confirm(A, schoolFile(60));
    const view = await call<NumoView>('numo:get', { brin6: A });
    const has = (v: string | null) => v !== null && v.trim() !== '';
    const neither = data.leerlingen.filter((l) => !has(l.gebruikersnaam) && !has(l.eckid));
    expect(view.matching).toMatchObject({
      hasConfirmedImport: true,
      schooljaar: '2025-2026',
      pupils: 60,
      withGebruikersnaam: data.leerlingen.filter((l) => has(l.gebruikersnaam)).length,
      withEckid: data.leerlingen.filter((l) => has(l.eckid)).length,
      withNeither: neither.length,
    });
    expect(view.matching.withGebruikersnaam).toBe(20);
    expect(view.matching.withNeither).toBeGreaterThan(0);
    expect(view.matching.unmatchable.map((u) => u.key).sort()).toEqual(neither.map((l) => l.key).sort());
    const first = view.matching.unmatchable[0]!;
    const pupil = data.leerlingen.find((l) => l.key === first.key)!;
    expect(first.name).toContain(pupil.achternaam!);
    expect(first.groep).toBe(data.groepen.find((g) => g.key === pupil.groep)!.naam);
    // Scoped: the other location has nothing.
    expect((await call<NumoView>('numo:get', { brin6: B })).matching).toMatchObject({ hasConfirmedImport: false, pupils: 0 });
  });

  it('caps the list of unmatchable pupils at 500 and keeps the total', async () => {
    confirm(A, generateEdexml({ pupils: 620, seed: 3 }).replace(/ eckid="[^"]*"/g, ''));
    const view = await call<NumoView>('numo:get', { brin6: A });
    expect(view.matching.withNeither).toBe(620);
    expect(view.matching.unmatchable).toHaveLength(500);
  });

  it('validates the registration with Dutch messages, stores it per location and queues it for the service', async () => {
    const wrong = await refused('numo:save', { brin6: A, registration: { ...REGISTRATION, klantnummer: 'AB-12', email: 'geen-adres', terugstuuroptie: 3 } });
    expect(wrong.code).toBe('invalid-input');
    expect(fieldMessages(wrong)['registration.klantnummer']).toContain('Het klantnummer van Cito bestaat alleen uit cijfers');
    expect(fieldMessages(wrong)['registration.email']).toContain('Vul een geldig e-mailadres in');
    expect(fieldMessages(wrong)['registration.terugstuuroptie']).toContain('Kies een terugstuuroptie van −2 tot en met +2');
    const empty = await refused('numo:save', { brin6: A, registration: { ...REGISTRATION, korteSchoolnaam: '  ' } });
    expect(fieldMessages(empty)['registration.korteSchoolnaam']).toContain('Vul de korte schoolnaam in Numo in.');

    const saved = await call<NumoView>('numo:save', { brin6: A, registration: REGISTRATION });
    expect(saved.registration).toMatchObject({ ...REGISTRATION, email: 'a.deboer@lyceum.example', brin6: A });
    expect(saved.sync).toEqual({ state: 'pending', message: 'Wordt verstuurd zodra er verbinding is.' });
    const queued = services.database!.db.prepare('SELECT brin6, route_id AS routeId, path, body_json AS body FROM outbox').all() as Array<{ brin6: string; routeId: string; path: string; body: string }>;
    expect(queued).toEqual([{ brin6: A, routeId: 'putNumo', path: `/v1/locations/${A}/numo`, body: expect.any(String) }]);
    expect(JSON.parse(queued[0]!.body)).toEqual({ ...REGISTRATION, email: 'a.deboer@lyceum.example' });
    expect((await call<NumoView>('numo:get', { brin6: B })).registration).toBeNull();
    const audit = await call<Array<{ action: string }>>('audit:list', { brin6: A });
    expect(audit[0]!.action).toBe('Numo-aanmelding vastgelegd');
  });

  it('round-trips the Kurve export: valid against the XSD, read back with the same keys, eck-ids and pupil numbers, nothing more', async () => {
    const noImport = await refused('numo:export-kurve', { brin6: A });
    expect(noImport.message).toContain('korte schoolnaam');
    await call('numo:save', { brin6: A, registration: REGISTRATION });
    const noData = await refused('numo:export-kurve', { brin6: A });
    expect(noData.message).toContain(`Er is nog geen bevestigd bestand voor ${A}`);

    const data = confirm(A, schoolFile(90));
    const exported = await call<KurveExport>('numo:export-kurve', { brin6: A });
    expect(exported.fileName).toBe(`Stedelijk-Lyceum-e-1_${A}_2025-2026.xml`);
    // Every pupil's key, eck-id and name for a third party: on record in the log (issue 34).
    const [logged] = await call<Array<{ action: string; summary: string }>>('audit:list', { brin6: A });
    expect(logged).toMatchObject({ action: 'Gegevens geëxporteerd', summary: `Kurve-importbestand (Numo): 90 leerlingen → ${exported.fileName}` });
    expect(exported.to).toBe('support@kurve.nl');
    expect(exported.subject).toContain('Stedelijk Lyceum é/1');
    expect(exported.message).toContain('Korte schoolnaam in Numo: Stedelijk Lyceum é/1');
    expect(exported.message).toContain(`BRIN: ${A}`);
    expect(exported.message).toContain('Cito-leerlingkey');
    const withEckid = data.leerlingen.filter((l) => l.eckid !== null).length;
    expect(exported.counts).toEqual({ groepen: data.groepen.filter((g) => !g.samengesteld).length, leerlingen: 90, withEckid, withGebruikersnaam: 30 });

    // Only what the coupling needs (AVG).
    for (const absent of ['<geboortedatum>', '<geslacht>', '<bsn>', '<voornamen>', '<emailadres>', '<leerkracht', '<samengestelde_groep', '<vestiging', '<postcodenl>', '<land>']) {
      expect(exported.xml, absent).not.toContain(absent);
    }
    const file = path.join(dir, exported.fileName);
    fs.writeFileSync(file, exported.xml);
    expect(xmllintMany(XSD21, [file]).get(file)).toMatchObject({ valid: true });

    const again = analyseFile(file, { keepModel: true, targetBrin6: A, today: TODAY });
    expect(again.ok).toBe(true);
    const pick = (list: typeof data.leerlingen) =>
      [...list].map((l) => ({ key: l.key, eckid: l.eckid, gebruikersnaam: l.gebruikersnaam, achternaam: l.achternaam, groep: l.groep })).sort((a, b) => a.key.localeCompare(b.key));
    expect(pick(again.data!.leerlingen)).toEqual(pick(data.leerlingen));
    expect(again.data!.school).toMatchObject({ brin6: A, schooljaar: '2025-2026', schoolkey: data.school.schoolkey });
    // And it imports again into the console like any file of this location.
    storePendingImport(services.database!.db, A, again.data!, { sourceName: exported.fileName, summary: {} });
    const state = await call<{ pending: unknown }>('import:get-state', { brin6: A });
    expect(state.pending).not.toBeNull();
  });

  it('makes safe file names', () => {
    expect(kurveFileName('Het "Lyceum" <Noord>: ÿ', '99ZX10', '2025-2026')).toBe('Het-Lyceum-Noord-y_99ZX10_2025-2026.xml');
    expect(kurveFileName('***', '99ZX10', '2025-2026')).toBe('school_99ZX10_2025-2026.xml');
    expect(kurveFileName('../../etc/passwd', '99ZX10', '2025-2026')).toBe('etc-passwd_99ZX10_2025-2026.xml');
  });

  it('removing a location removes its registration, allowlist and plan with it, and leaves the other location alone', async () => {
    await call('numo:save', { brin6: A, registration: REGISTRATION });
    await call('numo:save', { brin6: B, registration: { ...REGISTRATION, korteSchoolnaam: 'Noord' } });
    await call('allowlist:save', { brin6: A, entries: [{ address: '145.12.34.56', label: null, until: null }] });
    await call('plan:save-task', { brin6: A, schooljaar: '2025-2026', task: { title: 'Eigen taak', ownerRole: 'coordinator', due: null, done: false, note: '' } });
    await call('locations:remove', { brin6: A });
    const db = services.database!.db;
    for (const table of ['numo_registrations', 'ip_allowlists', 'ip_allowlist_entries', 'plan_tasks', 'remote_documents']) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${table} WHERE brin6 = ?`).pluck().get(A), table).toBe(0);
    }
    expect((await call<NumoView>('numo:get', { brin6: B })).registration?.korteSchoolnaam).toBe('Noord');
    expect((await refused('numo:get', { brin6: A })).message).toContain('staat niet in deze console');
  });
});

describe('CLI export-kurve', () => {
  it('exports from a clean data folder: usage 2, not ready 1, written 0 (file or folder, --json), valid against the XSD', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'school.xml');
      fs.writeFileSync(file, schoolFile(40));
      const run = (args: string[]) => runCliHere([...args, '--data-dir', path.join(dir, 'data')]);
      const help = await run(['--help']);
      expect(help.stdout).toContain('export-kurve --brin6 X --out');
      const noOut = await run(['export-kurve', '--brin6', A]);
      expect(noOut.status).toBe(2);
      expect(noOut.stderr).toContain('--out');
      expect((await run(['export-kurve', '--out', dir])).status).toBe(2);
      expect((await run(['locations', 'add', A, '--name', 'Lyceum'])).status).toBe(0);
      expect((await run(['import', file, '--brin6', A, '--confirm', '--allow-other-year'])).status).toBe(0);
      const noName = await run(['export-kurve', '--brin6', A, '--out', dir]);
      expect(noName.status).toBe(1);
      expect(noName.stderr).toContain('korte schoolnaam');
      const noData = await run(['export-kurve', '--brin6', B, '--out', dir, '--korte-schoolnaam', 'Noord']);
      expect(noData.status).toBe(1);
      expect(noData.stderr).toContain('staat niet in deze console');

      const intoFolder = await run(['export-kurve', '--brin6', A, '--out', dir, '--korte-schoolnaam', 'Lyceum']);
      expect(intoFolder.status, intoFolder.stderr).toBe(0);
      const written = path.join(dir, `Lyceum_${A}_2025-2026.xml`);
      expect(intoFolder.stdout).toContain(written);
      expect(intoFolder.stdout).toContain('support@kurve.nl');
      expect(intoFolder.stdout).toContain('Korte schoolnaam in Numo: Lyceum');
      const named = path.join(dir, 'kurve.xml');
      const json = await run(['export-kurve', '--brin6', A, '--out', named, '--korte-schoolnaam', 'Lyceum', '--json']);
      expect(json.status).toBe(0);
      const report = JSON.parse(json.stdout) as { ok: boolean; file: string; fileName: string; counts: { leerlingen: number } };
      expect(report).toMatchObject({ ok: true, file: named, fileName: `Lyceum_${A}_2025-2026.xml`, counts: { leerlingen: 40 } });
      const verdicts = xmllintMany(XSD21, [written, named]);
      expect(verdicts.get(written)).toMatchObject({ valid: true });
      expect(verdicts.get(named)).toMatchObject({ valid: true });
      const unwritable = await run(['export-kurve', '--brin6', A, '--out', path.join(dir, 'bestaat-niet', 'x.xml'), '--korte-schoolnaam', 'Lyceum']);
      expect(unwritable.status).toBe(2);
      expect(unwritable.stderr).toContain('niet schrijven');
    } finally {
      removeTempDir(dir);
    }
  }, 90_000);
});
