import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, POLICY_KEY_NAMES, POLICY_REGISTRY_KEY } from '../../../main/policy/keys';
// @ts-expect-error -- a plain script without types (scripts/make-icon.mjs)
import { ICO_SIZES, iconFiles } from '../../../scripts/make-icon.mjs';

/**
 * Issue 35, point 3: what can only be built on Windows (or Linux with Wine), checked where it can be — the builder's
 * configuration as electron-builder itself loads and validates it (app-builder-lib's getConfig + its JSON schema),
 * the icon, and the Group Policy template against the policy table the console reads.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  readonly win: { target: { target: string }[]; icon: string; signtoolOptions: { publisherName: string[] }; verifyUpdateCodeSignature: boolean; requestedExecutionLevel: string };
  readonly nsis: Record<string, unknown>;
  readonly msiWrapped: Record<string, unknown>;
  readonly linux: { icon: string };
  readonly publish: { provider: string; url: string };
}

async function resolvedConfig(file = path.join(root, 'electron-builder.yml')): Promise<BuilderConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(projectDir: string, configPath: string, options: null): Promise<BuilderConfig>;
    validateConfiguration(config: unknown, debug: { isEnabled: boolean; add(): void }): Promise<void>;
  };
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, { isEnabled: false, add() {} });
  return config;
}

describe('the installer (electron-builder.yml, as electron-builder resolves and validates it)', () => {
  it('per-machine NSIS in Dutch with an MSI beside it; signed as a named publisher the updater checks; the icon', async () => {
    const config = await resolvedConfig();
    expect(config.nsis).toMatchObject({ perMachine: true, allowElevation: true, oneClick: false, installerLanguages: ['nl_NL'], language: '1043', multiLanguageInstaller: false, deleteAppDataOnUninstall: false });
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis', 'msiWrapped']);
    // msiWrapped looks for the NSIS installer under its own artifact name: the same pattern, or it finds nothing.
    expect(config.msiWrapped).toMatchObject({ perMachine: true, artifactName: config.nsis['artifactName'] });
    expect(config.win.signtoolOptions.publisherName.length).toBeGreaterThan(0);
    expect(config.win.verifyUpdateCodeSignature).toBe(true);
    expect(config.win.requestedExecutionLevel).toBe('asInvoker');
    for (const icon of [config.win.icon, config.nsis['installerIcon'], config.nsis['uninstallerIcon'], config.linux.icon]) expect(fs.existsSync(path.join(root, String(icon))), String(icon)).toBe(true);
    expect(config.publish).toEqual({ provider: 'generic', url: '${env.BEHEERCONSOLE_UPDATE_URL}' });
  });

  it('no secret in the repository: the certificate and its password come from the environment', () => {
    const yml = fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8');
    expect(yml).not.toMatch(/^\s*(cscLink|cscKeyPassword|certificateFile|certificatePassword|certificateSha1)\s*:/m);
    expect(yml).toContain('CSC_LINK');
    const scripts = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['dist:signed']).toContain('forceCodeSigning=true');
  });

  it('the validation is real: a wrong option is refused by electron-builder\'s own schema', async () => {
    const file = path.join(root, 'test-results', 'builder-wrong.yml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, fs.readFileSync(path.join(root, 'electron-builder.yml'), 'utf8').replace('  perMachine: true\n', '  perMachin: true\n'));
    await expect(resolvedConfig(file)).rejects.toThrow(/configuration\.nsis/);
  });
});

describe('the icon (build/, drawn by scripts/make-icon.mjs)', () => {
  it('the committed files are what the script draws: a 512×512 RGBA PNG and an ICO with 16–256 px', () => {
    const drawn = iconFiles() as Record<string, Buffer>;
    for (const [name, bytes] of Object.entries(drawn)) expect(fs.readFileSync(path.join(root, 'build', name)).equals(bytes), `build/${name} is out of date: node scripts/make-icon.mjs`).toBe(true);
    const pngFile = fs.readFileSync(path.join(root, 'build', 'icon.png'));
    expect(pngFile.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([pngFile.readUInt32BE(16), pngFile.readUInt32BE(20), pngFile[24], pngFile[25]]).toEqual([512, 512, 8, 6]);
    const icoFile = fs.readFileSync(path.join(root, 'build', 'icon.ico'));
    expect([icoFile.readUInt16LE(0), icoFile.readUInt16LE(2), icoFile.readUInt16LE(4)]).toEqual([0, 1, ICO_SIZES.length]);
    const sizes = ICO_SIZES.map((_: number, i: number) => icoFile[6 + 16 * i] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});

describe('the Group Policy template (build/policies/)', () => {
  const dir = path.join(root, 'build', 'policies');
  const files = ['Beheerconsole.admx', 'nl-NL/Beheerconsole.adml', 'en-US/Beheerconsole.adml'].map((f) => path.join(dir, f));
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => ['policy', 'string', 'presentation', 'category', 'item'].includes(name) });

  it('is well-formed XML (xmllint)', () => {
    execFileSync('xmllint', ['--noout', ...files]);
  });

  it('every policy writes exactly a value the console reads, under its key, with the type the reader expects', () => {
    const admx = parser.parse(fs.readFileSync(files[0]!, 'utf8')) as { policyDefinitions: { policies: { policy: Array<Record<string, unknown>> } } };
    const policies = admx.policyDefinitions.policies.policy;
    const registryKey = POLICY_REGISTRY_KEY.replace(/^HKLM\\/, '');
    const written = new Map<string, Record<string, unknown>>();
    for (const policy of policies) {
      expect(policy['key']).toBe(registryKey);
      expect(policy['class']).toBe('Machine');
      const elements = policy['elements'] as Record<string, { valueName: string }> | undefined;
      const valueName = (policy['valueName'] as string | undefined) ?? Object.values(elements ?? {})[0]?.valueName;
      written.set(valueName!, policy);
    }
    expect([...written.keys()].sort()).toEqual(POLICY_KEY_NAMES.map((k) => POLICY_KEYS[k].registry.name).sort());
    for (const key of POLICY_KEY_NAMES) {
      const { name, type } = POLICY_KEYS[key].registry;
      const policy = written.get(name)!;
      if (type === 'boolean') expect(policy, name).toMatchObject({ enabledValue: { decimal: { value: '1' } }, disabledValue: { decimal: { value: '0' } } });
      else expect(policy['elements'], name).toBeDefined();
    }
    // The channel's choices are the reader's.
    const channel = written.get('UpdateChannel')!['elements'] as { enum: { item: Array<{ value: { string: string | string[] } }> } };
    expect(channel.enum.item.flatMap((i) => i.value.string)).toEqual(['latest', 'beta']);
  });

  it('both languages (nl-NL, en-US) name every string and presentation the template refers to', () => {
    const admxText = fs.readFileSync(files[0]!, 'utf8');
    const strings = new Set([...admxText.matchAll(/\$\(string\.([^)]+)\)/g)].map((m) => m[1]!));
    const presentations = new Set([...admxText.matchAll(/\$\(presentation\.([^)]+)\)/g)].map((m) => m[1]!));
    for (const file of files.slice(1)) {
      const adml = parser.parse(fs.readFileSync(file, 'utf8')) as { policyDefinitionResources: { resources: { stringTable: { string: Array<{ id: string }> }; presentationTable: { presentation: Array<{ id: string }> } } } };
      const { stringTable, presentationTable } = adml.policyDefinitionResources.resources;
      expect(new Set(stringTable.string.map((s) => s.id)), file).toEqual(strings);
      expect(new Set(presentationTable.presentation.map((p) => p.id)), file).toEqual(presentations);
    }
  });
});
