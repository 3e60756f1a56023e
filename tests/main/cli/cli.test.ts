import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import { DATABASE_FILE_NAME } from '../../../main/db/database';
import { latestSchemaVersion } from '../../../main/db/migrations';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { createServices } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import { bridgeCaller, reviewedImportId } from '../../helpers/bridge';
import { generateEdexml } from '../../helpers/generate-edexml';

function capture(argv: string[], dataDir: string) {
  const out: string[] = [];
  const err: string[] = [];
  return runCli(argv, {
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    version: '3.4.5',
    defaultDataDir: dataDir,
  }).then((code) => ({ code, stdout: out.join(''), stderr: err.join('') }));
}

describe('CLI', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('--help lists the commands and exit codes in Dutch, exit 0', async () => {
    const { code, stdout } = await capture(['--help'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('Gebruik: npm run cli -- <opdracht>');
    expect(stdout).toContain('version');
    expect(stdout).toContain('Afsluitcodes: 0 in orde, 1');
  });

  it('version prints app and schema version, exit 0', async () => {
    const { code, stdout } = await capture(['version'], dir);
    expect(code).toBe(0);
    expect(stdout).toContain('Beheerconsole 3.4.5');
    expect(stdout).toContain(`Schemaversie database: ${latestSchemaVersion}`);
  });

  it('usage errors exit 2 with a Dutch message on stderr', async () => {
    expect(await capture([], dir)).toMatchObject({ code: 2 });
    const unknown = await capture(['opruimen'], dir);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('Onbekende opdracht "opruimen"');
    const badOption = await capture(['version', '--kleur'], dir);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain('Onbekende optie --kleur');
    const extra = await capture(['version', 'nu'], dir);
    expect(extra.code).toBe(2);
  });

  it('check exits 0 on a healthy folder and 1 on a corrupt database, leaving it as it was', async () => {
    const healthy = await capture(['check', '--data-dir', dir], dir);
    expect(healthy.code).toBe(0);
    expect(healthy.stdout).toContain(`Database in orde (schemaversie ${latestSchemaVersion})`);

    const broken = makeTempDir();
    fs.writeFileSync(path.join(broken, DATABASE_FILE_NAME), 'stuk'.repeat(500));
    const result = await capture(['check', '--data-dir', broken], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^FOUT: .*beschadigd/);
    expect(fs.readFileSync(path.join(broken, DATABASE_FILE_NAME), 'utf8')).toBe('stuk'.repeat(500));
    removeTempDir(broken);
  });

  it('runs through npm run cli with the documented exit codes', () => {
    const run = (args: string[]) =>
      spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '../../..') });
    const version = run(['version']);
    expect(version.status).toBe(0);
    expect(version.stdout).toMatch(/^Beheerconsole \d+\.\d+\.\d+/);
    const usage = run(['bestaat-niet', '--data-dir', dir]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('Onbekende opdracht');
  });

  it('validate takes a size cap in MB and refuses a larger file before reading it', async () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, '<?xml version="1.0"?>\n<EDEX/>\n'.padEnd(300_000, ' '));
    const capped = await capture(['validate', file, '--max-mb', '0.1', '--json'], dir);
    expect(capped.code).toBe(2);
    expect(JSON.parse(capped.stdout).findings[0]).toMatchObject({ code: 'io.too-large' });
    expect(JSON.parse(capped.stdout).findings[0].message).toContain('tot 0,1 MB');
    // One Dutch text per finding (the window shows it as is); the command line adds its own flag (issue 32).
    expect(JSON.parse(capped.stdout).findings[0].message).not.toContain('--');
    expect((await capture(['validate', file, '--max-mb', '0.1'], dir)).stderr).toContain('tot 0,1 MB. Is dit wel het EDEXML-bestand van één schoollocatie? Zo ja: geef een hogere grens op met --max-mb N.');
    expect((await capture(['validate', file, '--max-mb', 'veel'], dir)).code).toBe(2);
    const read = await capture(['validate', file, '--max-mb', '1', '--json'], dir);
    expect(read.code).toBe(1);
    expect(JSON.parse(read.stdout).findings.map((f: { code: string }) => f.code)).toContain('xsd.missing-element');
  });

  it('is a third transport of the dispatcher: locations list/add/remove, and import --confirm logs what the window\'s confirm logs', async () => {
    const file = path.join(dir, 'school.xml');
    fs.writeFileSync(file, generateEdexml({ pupils: 40, seed: 3 }));
    expect(JSON.parse((await capture(['locations', 'list', '--json'], dir)).stdout)).toEqual({ locations: [] });
    expect((await capture(['locations', 'list'], dir)).stdout).toContain('Nog geen locaties. Voeg er een toe: npm run cli -- locations add');
    // The same contract as the form: a bad BRIN6 or no name is usage (2); a BRIN6 that is already there is refused (1).
    const badBrin6 = await capture(['locations', 'add', 'abc', '--name', 'X'], dir);
    expect(badBrin6.code).toBe(2);
    // The field's own message: nothing is "marked" on a command line.
    expect(badBrin6.stderr).toBe('Een Brin6-code is 2 cijfers, 2 hoofdletters en 2 cijfers, bijvoorbeeld 99ZX10.\n');
    expect((await capture(['locations', 'add', '99ZX10'], dir)).code).toBe(2);
    const added = await capture(['locations', 'add', '99zx10', '--name', 'Het Lyceum', '--username', 'ria.smit'], dir);
    expect(added).toMatchObject({ code: 0, stdout: 'Locatie 99ZX10 (Het Lyceum) toegevoegd.\n' });
    const twice = await capture(['locations', 'add', '99ZX10', '--name', 'Nog eens'], dir);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('Locatie 99ZX10 staat al in deze console.');
    expect(JSON.parse((await capture(['locations', 'list', '--json'], dir)).stdout)).toEqual({ locations: [{ brin6: '99ZX10', name: 'Het Lyceum', username: 'ria.smit' }] });

    // The generated file is of schooljaar 2025-2026: confirmed here as another year on purpose (--allow-other-year).
    expect((await capture(['import', file, '--brin6', '99ZX10', '--confirm', '--allow-other-year'], dir)).code).toBe(0);
    const cliLog = fs.readFileSync(path.join(dir, 'logs', 'cli.log'), 'utf8');

    // The window does the same through IPC/HTTP: its confirm's log line is the CLI's, field for field.
    const appDir = makeTempDir();
    try {
      const services = createServices({ dataDir: appDir, mode: 'browser', version: '3.4.5' });
      const { call } = bridgeCaller(() => createDispatcher(services.handlers));
      await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: 'ria.smit' });
      const staged = receiveUpload(services.uploads, true, 'school.xml', fs.readFileSync(file));
      if (!staged.ok) throw new Error(staged.error.message);
      await call('import:start', { brin6: '99ZX10', uploadId: staged.value.uploadId });
      await call('import:confirm', { brin6: '99ZX10', importId: await reviewedImportId(call, '99ZX10'), acknowledgeYear: '2025-2026' });
      services.close();
      const event = (log: string, name: string) => log.split('\n').find((l) => l.includes(` ${name} `))?.replace(/^\S+ /, '');
      const appLog = fs.readFileSync(path.join(appDir, 'logs', 'browser.log'), 'utf8');
      expect(event(cliLog, 'import.confirm')).toBe('INFO import.confirm brin6=99ZX10 leerlingen=40 groepen=1 acknowledged=false');
      expect(event(cliLog, 'import.confirm')).toBe(event(appLog, 'import.confirm'));
      expect(event(cliLog, 'import.read')?.replace(/ ms=\d+/, '')).toBe(event(appLog, 'import.read')?.replace(/ ms=\d+/, ''));
    } finally {
      removeTempDir(appDir);
    }

    // And the audit log: the location's addition and the confirm, as the window writes them.
    const services = createServices({ dataDir: dir, mode: 'cli', version: '3.4.5' });
    try {
      const { call } = bridgeCaller(() => createDispatcher(services.handlers));
      const audit = await call<Array<{ action: string; actor: string }>>('audit:list', { brin6: '99ZX10' });
      expect(audit.map((a) => [a.action, a.actor])).toEqual([
        ['Schoolgegevens bevestigd', 'ria.smit'],
        ['Locatie toegevoegd', 'ria.smit'],
      ]);
    } finally {
      services.close();
    }

    // The confirmed import waits to be sent: removing asks for --force first (exit 1, the count), as the window asks.
    const unsent = await capture(['locations', 'remove', '99ZX10'], dir);
    expect(unsent).toMatchObject({ code: 1, stdout: '' });
    expect(unsent.stderr).toContain('Locatie 99ZX10 heeft 1 wijziging die de centrale dienst nog niet heeft');
    expect(unsent.stderr).toContain('--force');
    expect((await capture(['locations', 'list', '--json'], dir)).stdout).toContain('"99ZX10"');
    expect((await capture(['locations', 'remove', '99ZX10', '--force'], dir))).toMatchObject({ code: 0, stdout: 'Locatie 99ZX10 verwijderd, met alles wat de console ervan bewaarde.\n' });
    expect((await capture(['locations', 'remove', '99ZX10'], dir)).code).toBe(1);
    expect((await capture(['locations', 'list', '--json'], dir)).stdout).toBe('{"locations":[]}\n');
    expect((await capture(['locations', 'wis'], dir)).code).toBe(2);
  });

  it('--help says where a command differs from the window', async () => {
    const { stdout } = await capture(['--help'], dir);
    expect(stdout).toContain('locations add X --name NAAM');
    expect(stdout).toContain('Anders dan "Nu synchroniseren" in het venster');
    expect(stdout).toContain('Elke opdracht die iets wijzigt doet precies wat dezelfde actie in het venster doet');
  });

  it('import takes several files and routes each to the location it names; --brin6 then only checks', async () => {
    const write = (name: string, brin6: string, pupils: number) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, generateEdexml({ pupils, seed: 3, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4) }));
      return file;
    };
    const a = write('lyceum.xml', '99ZX10', 40);
    const b = write('havo.xml', '99ZX11', 30);
    const c = write('nieuw.xml', '99ZX12', 20);
    for (const [brin6, name] of [['99ZX10', 'Lyceum'], ['99ZX11', 'Havo']]) expect((await capture(['locations', 'add', brin6!, '--name', name!], dir)).code).toBe(0);
    const routed = await capture(['import', a, b, c, path.join(dir, 'weg.xml'), '--json'], dir);
    expect(routed.code).toBe(2); // the worst of the files: one could not be read at all
    const { ok, files } = JSON.parse(routed.stdout) as { ok: boolean; files: Array<{ file: string; outcome: string; brin6: string | null; stored?: string; message?: string; report?: { counts: { leerlingen: number } } }> };
    expect(ok).toBe(false);
    expect(files.map((f) => [path.basename(f.file), f.outcome, f.brin6, f.stored ?? null, f.report?.counts.leerlingen ?? null])).toEqual([
      ['lyceum.xml', 'stored', '99ZX10', 'pending', 40],
      ['havo.xml', 'stored', '99ZX11', 'pending', 30],
      ['nieuw.xml', 'unknown-location', '99ZX12', null, null],
      ['weg.xml', 'unreadable', null, null, null],
    ]);
    expect(files[2]!.message).toBe('Locatie 99ZX12 staat niet in deze console; het bestand is niet ingelezen. Voeg haar eerst toe: npm run cli -- locations add 99ZX12 --name "Hoofdlocatie"');
    // Text, with --confirm: each read file confirmed like its step 3; --brin6 only checks.
    const text = await capture(['import', a, b, '--confirm', '--allow-other-year'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${a} → 99ZX10: ingelezen en bevestigd; 40 leerlingen, 0 fouten`);
    expect(text.stdout).toContain(`${b} → 99ZX11: ingelezen en bevestigd; 30 leerlingen`);
    const checked = await capture(['import', a, b, '--brin6', '99ZX10'], dir);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(`${b} → 99ZX11: overgeslagen. Dit bestand is van locatie 99ZX11, niet van 99ZX10; het is niet ingelezen.`);
    // One file without --brin6 is routed too, with the report as before; it is the data 99ZX11 has confirmed, so
    // nothing is stored and there is nothing to confirm (issue 31).
    const one = await capture(['import', b, '--json'], dir);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ ok: true, school: { brin6: '99ZX11' }, identical: true });
    expect(JSON.parse(one.stdout).stored).toBeUndefined();
    // status --json lists every location.
    expect(JSON.parse((await capture(['status', '--json'], dir)).stdout).locations.map((l: { brin6: string }) => l.brin6)).toEqual(['99ZX10', '99ZX11']);
  });
});
