import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../main/cli/cli';
import { DATABASE_FILE_NAME } from '../../main/db/database';
import { latestSchemaVersion } from '../../main/db/migrations';
import { makeTempDir, removeTempDir } from '../helpers/tmp';

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
      spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], { encoding: 'utf8', cwd: path.resolve(import.meta.dirname, '../..') });
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
    expect((await capture(['validate', file, '--max-mb', 'veel'], dir)).code).toBe(2);
    const read = await capture(['validate', file, '--max-mb', '1', '--json'], dir);
    expect(read.code).toBe(1);
    expect(JSON.parse(read.stdout).findings.map((f: { code: string }) => f.code)).toContain('xsd.missing-element');
  });
});
