import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POLICY_KEYS, POLICY_KEY_NAMES, POLICY_REGISTRY_KEY } from '../../../main/policy/keys';
import { LEGACY_POLICY_FILE_NAME, chooseDataFolder, expandDataFolder, policySources, readMachinePolicy, registryEntries } from '../../../main/policy/policy';
import type { PolicyIo } from '../../../main/policy/policy';
import { policySummary } from '../../../main/policy/summary';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { propertySeed, seededRandom } from '../../helpers/random';

const io = (files: Record<string, string>, registry: string | null = null): PolicyIo => ({
  readFile: (file) => files[file] ?? null,
  queryRegistry: (key) => (key === POLICY_REGISTRY_KEY ? registry : null),
});

/** `reg query` as Windows prints it (four spaces, name, type, value). */
const regOutput = (rows: readonly (readonly [string, string, string])[]) =>
  `\r\n${POLICY_REGISTRY_KEY.replace('HKLM', 'HKEY_LOCAL_MACHINE')}\r\n${rows.map(([n, t, v]) => `    ${n}    ${t}    ${v}`).join('\r\n')}\r\n\r\n`;

describe('where IT\'s policy is read: only places a user of the PC cannot write', () => {
  it('Windows: the Group Policy registry key, then %ProgramData%; never beside the executable of a per-user install', () => {
    const env = { ProgramData: 'D:\\ProgramData', LOCALAPPDATA: 'C:\\Users\\coord\\AppData\\Local', APPDATA: 'C:\\Users\\coord\\AppData\\Roaming' };
    const sources = policySources('win32', env);
    expect(sources).toEqual([
      { kind: 'registry', key: 'HKLM\\Software\\Policies\\Beheerconsole' },
      { kind: 'file', file: 'D:\\ProgramData\\Beheerconsole\\policy.json' },
      { kind: 'file', file: `D:\\ProgramData\\Beheerconsole\\${LEGACY_POLICY_FILE_NAME}` },
    ]);
    for (const source of sources) if (source.kind === 'file') expect(source.file.toLowerCase()).not.toContain('\\users\\');
    expect(policySources('linux', {})).toEqual([
      { kind: 'file', file: '/etc/beheerconsole/policy.json' },
      { kind: 'file', file: `/etc/beheerconsole/${LEGACY_POLICY_FILE_NAME}` },
    ]);
    expect(policySources('darwin', {})[0]).toEqual({ kind: 'file', file: '/etc/beheerconsole/policy.json' });
  });

  describe('on disk', () => {
    let dir: string;
    beforeEach(() => (dir = makeTempDir()));
    afterEach(() => removeTempDir(dir));

    it('a policy file beside the executable is ignored; the machine-wide one is read', () => {
      const install = path.join(dir, 'home', 'coord', '.local', 'Beheerconsole');
      fs.mkdirSync(install, { recursive: true });
      for (const name of ['policy.json', LEGACY_POLICY_FILE_NAME]) {
        fs.writeFileSync(path.join(install, name), JSON.stringify({ updates: { enabled: true, url: 'https://evil.example/' }, service: { url: 'https://evil.example/' } }));
      }
      const machine = path.join(dir, 'etc', 'beheerconsole');
      fs.mkdirSync(machine, { recursive: true });
      fs.writeFileSync(path.join(machine, 'policy.json'), JSON.stringify({ updates: { enabled: false } }));
      const policy = readMachinePolicy(policySources('linux', {}, dir));
      expect(policy.values).toEqual({ 'updates.enabled': false });
      expect(policy.origin).toEqual({ 'updates.enabled': path.join(machine, 'policy.json') });
      expect(policy.looked.some((p) => p.startsWith(install))).toBe(false);
    });
  });
});

describe('reading a policy', () => {
  it('the registry (Group Policy) wins per key over the file; REG_DWORD as yes/no; names are case-insensitive', () => {
    const registry = regOutput([
      ['ServiceUrl', 'REG_SZ', 'https://lvs.school.nl/api/'],
      ['allowserviceurlchange', 'REG_DWORD', '0x0'],
      ['UpdatesEnabled', 'REG_DWORD', '0x1'],
      ['DataFolder', 'REG_EXPAND_SZ', 'H:\\Beheerconsole'],
    ]);
    const policy = readMachinePolicy(policySources('win32', { ProgramData: 'C:\\ProgramData' }), io({
      'C:\\ProgramData\\Beheerconsole\\policy.json': JSON.stringify({ service: { url: 'https://other.school.nl/' }, network: { caFile: 'C:\\ICT\\school.pem' } }),
    }, registry));
    expect(policy.values).toEqual({
      'service.url': 'https://lvs.school.nl/api/',
      'service.allowChange': false,
      'updates.enabled': true,
      dataFolder: 'H:\\Beheerconsole',
      'network.caFile': 'C:\\ICT\\school.pem',
    });
    expect(policy.origin['service.url']).toBe(POLICY_REGISTRY_KEY);
    expect(policy.origin['network.caFile']).toBe('C:\\ProgramData\\Beheerconsole\\policy.json');
    expect(policy.warnings).toEqual([]);
  });

  it('an unknown key is a warning, not a kill switch: the rest still counts', () => {
    const policy = readMachinePolicy([{ kind: 'file', file: '/p' }], io({ '/p': JSON.stringify({ updates: { enabled: false, kanaal: 'x' }, telemetry: true }) }));
    expect(policy.values).toEqual({ 'updates.enabled': false });
    expect(policy.warnings).toEqual(['Onbekende beleidsinstelling "updates.kanaal" in /p genegeerd.', 'Onbekende beleidsinstelling "telemetry" in /p genegeerd.']);
    expect(policy.broken).toEqual([]);
    const registry = readMachinePolicy([{ kind: 'registry', key: POLICY_REGISTRY_KEY }], io({}, regOutput([['Telemetry', 'REG_DWORD', '0x1'], ['UpdatesEnabled', 'REG_DWORD', '0x0']])));
    expect(registry.values).toEqual({ 'updates.enabled': false });
    expect(registry.warnings).toHaveLength(1);
  });

  it('a value that cannot be used is ignored with a warning; for updates it also counts as broken (updates stay off)', () => {
    const policy = readMachinePolicy([{ kind: 'file', file: '/p' }], io({ '/p': JSON.stringify({ updates: { url: 'http://mirror.school.nl/' }, service: { url: 'ftp://x' } }) }));
    expect(policy.values).toEqual({});
    expect(policy.warnings).toHaveLength(2);
    expect(policy.broken).toEqual([{ where: '/p', problem: 'updates.url: moet een https-adres zijn', key: 'updates.url' }]);
  });

  it('a file that is not JSON is broken (said with its path); a missing one is nothing', () => {
    const policy = readMachinePolicy([{ kind: 'file', file: '/a' }, { kind: 'file', file: '/b' }], io({ '/a': '{"updates": {enabled: false}', '/b': '\uFEFF{"updates":{"enabled":true}}' }));
    expect(policy.broken).toEqual([{ where: '/a', problem: 'geen geldige JSON' }]);
    expect(policy.values).toEqual({ 'updates.enabled': true });
    expect(readMachinePolicy([{ kind: 'file', file: '/a' }], io({}))).toMatchObject({ values: {}, broken: [], warnings: [] });
    expect(policySummary(policy).warnings[0]).toContain('/a is niet te lezen (geen geldige JSON)');
  });

  it('every key round-trips through JSON and through the registry (generated values, fixed seed)', () => {
    const random = seededRandom(propertySeed(3535));
    const samples: Record<string, () => unknown> = {
      'service.url': () => `https://lvs${random.int(99)}.school.nl/`,
      'service.allowChange': () => random.next() < 0.5,
      'network.caFile': () => `C:\\ICT\\school-${random.int(9)}.pem`,
      'updates.enabled': () => random.next() < 0.5,
      'updates.url': () => `https://mirror${random.int(9)}.school.nl/beheerconsole/`,
      'updates.channel': () => random.pick(['latest', 'beta'] as const),
      dataFolder: () => `%LOCALAPPDATA%\\Beheerconsole${random.int(9)}`,
    };
    expect(Object.keys(samples).sort()).toEqual([...POLICY_KEY_NAMES].sort());
    for (let round = 0; round < 200; round++) {
      const chosen = POLICY_KEY_NAMES.filter(() => random.next() < 0.6);
      const values = Object.fromEntries(chosen.map((k) => [k, samples[k]!()]));
      const json: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(values)) {
        const parts = key.split('.');
        let at = json;
        for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
        at[parts.at(-1)!] = value;
      }
      const rows = Object.entries(values).map(([key, value]) => {
        const { name, type } = POLICY_KEYS[key as keyof typeof POLICY_KEYS].registry;
        return [name, type === 'boolean' ? 'REG_DWORD' : 'REG_SZ', type === 'boolean' ? `0x${value ? 1 : 0}` : String(value)] as const;
      });
      const fromFile = readMachinePolicy([{ kind: 'file', file: '/p' }], io({ '/p': JSON.stringify(json) }));
      const fromRegistry = readMachinePolicy([{ kind: 'registry', key: POLICY_REGISTRY_KEY }], io({}, regOutput(rows)));
      expect(fromFile.values, `seed ${random.seed}, round ${round}`).toEqual(values);
      expect(fromRegistry.values, `seed ${random.seed}, round ${round}`).toEqual(values);
      expect(fromFile.warnings.length + fromRegistry.warnings.length).toBe(0);
    }
  });

  it('reg query lines of other shapes are skipped; a value of another type is refused for that key', () => {
    const warnings: string[] = [];
    expect(registryEntries('ERROR: The system was unable to find the specified registry key or value.\r\n', warnings, 'x')).toEqual([]);
    expect(registryEntries('    UpdatesEnabled    REG_SZ    1\r\n', warnings, 'x')).toEqual([{ key: 'updates.enabled', value: '1' }]);
    const policy = readMachinePolicy([{ kind: 'registry', key: POLICY_REGISTRY_KEY }], io({}, regOutput([['UpdatesEnabled', 'REG_SZ', '1']])));
    expect(policy.values).toEqual({});
    expect(policy.broken).toMatchObject([{ key: 'updates.enabled' }]);
  });
});

describe('the data folder IT names', () => {
  it('fills in %NAME% from the environment (each user of a shared PC their own folder) and ~; an unknown name is refused', () => {
    expect(expandDataFolder('%LOCALAPPDATA%\\Beheerconsole', { LocalAppData: 'C:\\Users\\coord\\AppData\\Local' }, '/home/x')).toBe('C:\\Users\\coord\\AppData\\Local\\Beheerconsole');
    expect(expandDataFolder('~/beheerconsole', {}, '/home/coord')).toBe('/home/coord/beheerconsole');
    expect(expandDataFolder('%ONBEKEND%\\x', {}, '/home/x')).toBeNull();
  });

  it('--data-dir first, then the policy, then the default; a policy folder that cannot be used is said, with the default', () => {
    const policy = (dataFolder: string) => ({ values: { dataFolder }, origin: { dataFolder: '/p' }, looked: ['/p'], warnings: [], broken: [] });
    const base = { env: { USER: 'coord' }, home: '/home/coord', fallback: '/home/coord/.config/Beheerconsole' };
    expect(chooseDataFolder({ ...base, given: '/tmp/x', policy: policy('/srv/%USER%') })).toEqual({ folder: '/tmp/x', warning: null });
    expect(chooseDataFolder({ ...base, policy: policy('/srv/%USER%') })).toEqual({ folder: '/srv/coord', warning: null });
    const bad = chooseDataFolder({ ...base, policy: policy('%HOMESHARE%/x') });
    expect(bad.folder).toBe(base.fallback);
    expect(bad.warning).toContain('is niet te gebruiken');
  });
});
