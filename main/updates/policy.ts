import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Updates that school IT controls. A coordinator can switch automatic updates off in the app (a setting); IT can
 * decide for the whole PC with a policy file, which then wins and locks the switch:
 *
 *   { "updates": { "enabled": false } }                      no updates on this PC
 *   { "updates": { "enabled": true, "url": "https://…/" } }  updates from the school's own mirror
 *   { "network": { "caFile": "C:\\ICT\\school.pem" } }       the school's TLS-inspection certificate
 *
 * Where (the first that exists wins): the machine-wide folder (%ProgramData%\Beheerconsole on Windows,
 * /etc/beheerconsole elsewhere; only administrators can write there), then next to the installed executable.
 */
export const POLICY_FILE_NAME = 'beheerconsole-policy.json';

const policySchema = z.strictObject({
  /** The school's certificate for TLS inspection (issue 30): a PEM file on this PC, trusted beside the system's. */
  network: z.strictObject({ caFile: z.string().min(1).max(1024).optional() }).optional(),
  updates: z
    .strictObject({
      enabled: z.boolean().optional(),
      url: z
        .url({ protocol: /^https$/, message: 'moet een https-adres zijn' })
        .optional(),
    })
    .optional(),
});
export type UpdatePolicy = z.infer<typeof policySchema>;

export type PolicyRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly file: string; readonly policy: UpdatePolicy }
  | { readonly kind: 'invalid'; readonly file: string; readonly problem: string };

/** The candidate policy files, most authoritative first. */
export function policyFiles(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, executable: string): string[] {
  const machineWide =
    platform === 'win32'
      ? path.win32.join(env['ProgramData'] ?? 'C:\\ProgramData', 'Beheerconsole', POLICY_FILE_NAME)
      : path.posix.join('/etc/beheerconsole', POLICY_FILE_NAME);
  const paths = platform === 'win32' ? path.win32 : path.posix;
  const beside = paths.join(paths.dirname(executable), POLICY_FILE_NAME);
  return [machineWide, beside];
}

/** Reads the first policy file that exists; a file that is there but unreadable counts (and switches updates off). */
export function readPolicy(files: readonly string[], read: (file: string) => string | null = readIfExists): PolicyRead {
  for (const file of files) {
    const text = read(file);
    if (text === null) continue;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return { kind: 'invalid', file, problem: 'geen geldige JSON' };
    }
    const parsed = policySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { kind: 'invalid', file, problem: `${issue?.path.join('.') || 'bestand'}: ${issue?.message ?? 'onbekende inhoud'}` };
    }
    return { kind: 'ok', file, policy: parsed.data };
  }
  return { kind: 'none' };
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export interface UpdateConfig {
  /** Whether this PC looks for updates at all. */
  readonly enabled: boolean;
  /** Who decided: IT's policy file (the in-app switch is then locked), the school's setting, or the build itself. */
  readonly managedBy: 'policy' | 'setting' | 'build';
  /** Another update address than the one built in (the policy's `url`), or null. */
  readonly url: string | null;
  /** One Dutch line for the support dialog. */
  readonly line: string;
}

/** Puts the build, the policy file and the setting together. Pure. */
export function resolveUpdateConfig(input: { readonly canUpdate: boolean; readonly policy: PolicyRead; readonly settingEnabled: boolean }): UpdateConfig {
  if (!input.canUpdate) {
    return {
      enabled: false,
      managedBy: 'build',
      url: null,
      line: 'Deze versie werkt zichzelf niet bij: dat doet alleen de geïnstalleerde Beheerconsole (Windows).',
    };
  }
  const { policy } = input;
  if (policy.kind === 'invalid') {
    return {
      enabled: false,
      managedBy: 'policy',
      url: null,
      line: `Automatisch bijwerken staat uit: het beleidsbestand van de ICT-afdeling (${policy.file}) is niet te lezen (${policy.problem}). Vraag de ICT-afdeling het te herstellen.`,
    };
  }
  if (policy.kind === 'ok' && policy.policy.updates?.enabled !== undefined) {
    const enabled = policy.policy.updates.enabled;
    return {
      enabled,
      managedBy: 'policy',
      url: enabled ? (policy.policy.updates.url ?? null) : null,
      line: enabled
        ? 'De ICT-afdeling van de school heeft automatisch bijwerken aangezet voor deze pc.'
        : 'De ICT-afdeling van de school heeft automatisch bijwerken uitgezet voor deze pc; zij installeren nieuwe versies zelf.',
    };
  }
  const url = policy.kind === 'ok' ? (policy.policy.updates?.url ?? null) : null;
  return {
    enabled: input.settingEnabled,
    managedBy: 'setting',
    url,
    line: input.settingEnabled
      ? 'De console zoekt zelf naar nieuwe versies en installeert ze als je herstart.'
      : 'Automatisch bijwerken staat uit. Zet het aan, of laat de ICT-afdeling nieuwe versies installeren.',
  };
}

/**
 * Whether to look for an update now: when enabled, not busy, and due — never depending on whether the sync reaches
 * the central service (issue 30: behind a proxy, or before a service address is set, the update that fixes it must
 * still be found). A failed check is tried again after `retryMs` (at most the interval).
 */
export function shouldCheck(input: {
  readonly config: UpdateConfig;
  readonly phase: 'idle' | 'checking' | 'downloading' | 'ready' | 'error' | 'off';
  readonly lastCheck: number | null;
  readonly now: number;
  readonly intervalMs: number;
  readonly retryMs?: number;
}): boolean {
  if (!input.config.enabled) return false;
  if (input.phase === 'checking' || input.phase === 'downloading' || input.phase === 'ready') return false;
  const wait = input.phase === 'error' ? Math.min(input.retryMs ?? input.intervalMs, input.intervalMs) : input.intervalMs;
  return input.lastCheck === null || input.now - input.lastCheck >= wait;
}

/**
 * Restarting to install: never while changes wait to be sent, unless the user was told and said yes. (They are
 * kept in the local database and sent after the restart, but the coordinator decides, not the updater.)
 */
export function restartDecision(input: { readonly ready: boolean; readonly pendingChanges: number; readonly confirmed: boolean }): 'restart' | 'ask' | 'not-ready' {
  if (!input.ready) return 'not-ready';
  if (input.pendingChanges > 0 && !input.confirmed) return 'ask';
  return 'restart';
}

/** The school's certificate file IT names in the policy (`network.caFile`), or null. */
export function policyCaFile(read: PolicyRead): string | null {
  return read.kind === 'ok' ? (read.policy.network?.caFile ?? null) : null;
}
