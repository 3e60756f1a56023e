import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { POLICY_KEYS, POLICY_KEY_NAMES, POLICY_REGISTRY_KEY, checkPolicyValue } from './keys';
import type { PolicyKey, PolicyValues } from './keys';

/**
 * Policies school IT owns (issue 35), read in main from places a user of the PC cannot write:
 *
 * - Windows: the registry, `HKLM\Software\Policies\Beheerconsole` (Group Policy / Intune, ADMX template in
 *   build/policies/), then `%ProgramData%\Beheerconsole\policy.json`;
 * - macOS and Linux: `/etc/beheerconsole/policy.json`.
 *
 * Never beside the executable: a per-user install lives in the user's own profile, where the user could rewrite it.
 * Per key the first source that sets it wins (the registry over the file). An unknown key or a value that cannot be
 * used is a warning (logged, shown in *Support en updates*), never a reason to ignore the rest. A file that is not
 * JSON at all is "broken": IT meant something the console cannot read, so updates stay off until it is repaired.
 */
export const POLICY_FILE_NAME = 'policy.json';
/** The name the first versions read (`beheerconsole-policy.json`): still read, after `policy.json`. */
export const LEGACY_POLICY_FILE_NAME = 'beheerconsole-policy.json';

export type PolicySource = { readonly kind: 'registry'; readonly key: string } | { readonly kind: 'file'; readonly file: string };

export interface MachinePolicy {
  readonly values: PolicyValues;
  /** Per key that is set: where it came from (the registry key or the file's path). */
  readonly origin: Partial<Record<PolicyKey, string>>;
  /** The places that were looked at, most authoritative first. */
  readonly looked: readonly string[];
  /** Unknown keys, values that cannot be used and files that cannot be read, in Dutch, with where. */
  readonly warnings: readonly string[];
  /** Sources IT wrote that cannot be read at all (not JSON), and keys of updates with a value that cannot be used. */
  readonly broken: readonly { readonly where: string; readonly problem: string; readonly key?: PolicyKey }[];
}

export const NO_POLICY: MachinePolicy = { values: {}, origin: {}, looked: [], warnings: [], broken: [] };

/** The places a policy may be, most authoritative first. `root` moves the POSIX folder (tests). */
export function policySources(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, root = '/'): PolicySource[] {
  if (platform === 'win32') {
    const folder = path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'Beheerconsole');
    return [
      { kind: 'registry', key: POLICY_REGISTRY_KEY },
      { kind: 'file', file: path.win32.join(folder, POLICY_FILE_NAME) },
      { kind: 'file', file: path.win32.join(folder, LEGACY_POLICY_FILE_NAME) },
    ];
  }
  const folder = path.posix.join(root, 'etc', 'beheerconsole');
  return [
    { kind: 'file', file: path.posix.join(folder, POLICY_FILE_NAME) },
    { kind: 'file', file: path.posix.join(folder, LEGACY_POLICY_FILE_NAME) },
  ];
}

export interface PolicyIo {
  /** The file's text, or null when there is none. */
  readonly readFile: (file: string) => string | null;
  /** `reg query <key>` output, or null when the key does not exist (or there is no registry). */
  readonly queryRegistry: (key: string) => string | null;
}

export const systemPolicyIo: PolicyIo = {
  readFile(file) {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch {
      return null;
    }
  },
  queryRegistry(key) {
    if (process.platform !== 'win32') return null;
    try {
      // The 64-bit view, as Group Policy writes it; a missing key exits 1 ("unable to find").
      return execFileSync('reg', ['query', key, '/reg:64'], { encoding: 'utf8', timeout: 5000, windowsHide: true, stdio: ['ignore', 'pipe', 'ignore'] });
    } catch {
      return null;
    }
  },
};

/** Reads every source and puts them together (the first source that sets a key wins). */
export function readMachinePolicy(sources: readonly PolicySource[], io: PolicyIo = systemPolicyIo): MachinePolicy {
  const values: Record<string, unknown> = {};
  const origin: Partial<Record<PolicyKey, string>> = {};
  const warnings: string[] = [];
  const broken: { where: string; problem: string; key?: PolicyKey }[] = [];
  const looked: string[] = [];
  const unreadable = (where: string, problem: string) => {
    broken.push({ where, problem });
    warnings.push(`Het beleid in ${where} is niet te lezen (${problem}); vraag de ICT-afdeling het te herstellen.`);
  };
  for (const source of sources) {
    const where = source.kind === 'registry' ? source.key : source.file;
    looked.push(where);
    let entries: { key: string; value: unknown }[];
    if (source.kind === 'registry') {
      const output = io.queryRegistry(source.key);
      if (output === null) continue;
      entries = registryEntries(output, warnings, where);
    } else {
      const text = io.readFile(source.file);
      if (text === null) continue;
      let json: unknown;
      try {
        json = JSON.parse(text.replace(/^\uFEFF/, ''));
      } catch {
        unreadable(where, 'geen geldige JSON');
        continue;
      }
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        unreadable(where, 'geen JSON-object');
        continue;
      }
      entries = flatten(json as Record<string, unknown>);
    }
    for (const { key, value } of entries) {
      if (!(key in POLICY_KEYS)) {
        warnings.push(`Onbekende beleidsinstelling "${key}" in ${where} genegeerd.`);
        continue;
      }
      const known = key as PolicyKey;
      if (known in values) continue;
      const checked = checkPolicyValue(known, value);
      if (!checked.ok) {
        warnings.push(`Beleidsinstelling "${key}" in ${where} genegeerd: ${checked.problem}.`);
        if (known.startsWith('updates.')) broken.push({ where, problem: `${key}: ${checked.problem}`, key: known });
        continue;
      }
      values[known] = checked.value;
      origin[known] = where;
    }
  }
  return { values: values as PolicyValues, origin, looked, warnings, broken };
}

/** `{ "service": { "url": … } }` as `service.url`; a value that is neither object nor leaf is kept for the check. */
function flatten(object: Record<string, unknown>, prefix = ''): { key: string; value: unknown }[] {
  return Object.entries(object).flatMap(([name, value]) => {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(key in POLICY_KEYS)) return flatten(value as Record<string, unknown>, key);
    return [{ key, value }];
  });
}

const REGISTRY_NAMES = new Map(POLICY_KEY_NAMES.map((key) => [POLICY_KEYS[key].registry.name.toLowerCase(), key]));

/**
 * The values of `reg query` output:
 *
 *     HKEY_LOCAL_MACHINE\Software\Policies\Beheerconsole
 *         ServiceUrl    REG_SZ    https://lvs.school.nl/
 *         AllowServiceUrlChange    REG_DWORD    0x0
 *
 * REG_SZ / REG_EXPAND_SZ as text, REG_DWORD as a number (booleans: 0 or 1). Value names are case-insensitive, as in
 * the registry; an unknown one is a warning.
 */
export function registryEntries(output: string, warnings: string[], where: string): { key: string; value: unknown }[] {
  const entries: { key: string; value: unknown }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s{2,}(\S.*?)\s{2,}(REG_[A-Z_]+)(?:\s{2,}(.*))?$/.exec(line);
    if (!match) continue;
    const [, name, type, raw = ''] = match;
    const key = REGISTRY_NAMES.get(name!.toLowerCase());
    if (!key) {
      warnings.push(`Onbekende beleidsinstelling "${name}" in ${where} genegeerd.`);
      continue;
    }
    const kind = POLICY_KEYS[key].registry.type;
    if (type === 'REG_DWORD') {
      const number = Number.parseInt(raw.trim(), 16);
      entries.push({ key, value: kind === 'boolean' ? (number === 0 ? false : number === 1 ? true : raw) : raw });
    } else if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') {
      entries.push({ key, value: raw.trim() });
    } else {
      entries.push({ key, value: `${type} ${raw}` });
    }
  }
  return entries;
}

/**
 * The policy's data folder with `%NAME%` replaced from the environment (`%USERNAME%`, `%LOCALAPPDATA%`: each user of
 * a shared PC gets their own folder) and a leading `~` as the home folder; null when a name is unknown.
 */
export function expandDataFolder(folder: string, env: NodeJS.ProcessEnv, home: string): string | null {
  let unknown = false;
  const expanded = folder.replace(/%([A-Za-z_][A-Za-z0-9_]*)%/g, (_all, name: string) => {
    const found = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = found ? env[found] : undefined;
    if (value === undefined || value === '') unknown = true;
    return value ?? '';
  });
  if (unknown) return null;
  return expanded.startsWith('~') ? path.join(home, expanded.slice(1)) : expanded;
}

/** The data folder for this run: a folder given on the command line, else IT's policy, else the default. */
export function chooseDataFolder(input: { readonly given?: string | undefined; readonly policy: MachinePolicy; readonly env: NodeJS.ProcessEnv; readonly home: string; readonly fallback: string }): { folder: string; warning: string | null } {
  if (input.given) return { folder: input.given, warning: null };
  const fromPolicy = input.policy.values.dataFolder;
  if (!fromPolicy) return { folder: input.fallback, warning: null };
  const expanded = expandDataFolder(fromPolicy, input.env, input.home);
  if (expanded && path.isAbsolute(expanded)) return { folder: expanded, warning: null };
  return {
    folder: input.fallback,
    warning: `De gegevensmap uit het beleid van de ICT-afdeling (${fromPolicy}) is niet te gebruiken; de console gebruikt ${input.fallback}. Vraag de ICT-afdeling het beleid te herstellen.`,
  };
}
