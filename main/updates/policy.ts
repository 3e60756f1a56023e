import type { MachinePolicy } from '../policy/policy';

/**
 * Updates that school IT controls. A coordinator can switch automatic updates off in the app (a setting); IT can
 * decide for the whole PC with a policy (main/policy/: the registry on Windows, then the machine-wide policy.json),
 * which then wins and locks the switch: `updates.enabled`, `updates.url` (the school's own https mirror),
 * `updates.channel`.
 */
export interface UpdateConfig {
  /** Whether this PC looks for updates at all. */
  readonly enabled: boolean;
  /** Who decided: IT's policy (the in-app switch is then locked), the school's setting, or the build itself. */
  readonly managedBy: 'policy' | 'setting' | 'build';
  /** Another update address than the one built in (the policy's `updates.url`), or null. */
  readonly url: string | null;
  /** Another channel than the build's (the policy's `updates.channel`), or null. */
  readonly channel: 'latest' | 'beta' | null;
  /** One Dutch line for the support dialog. */
  readonly line: string;
}

/** Puts the build, IT's policy and the setting together. Pure. */
export function resolveUpdateConfig(input: { readonly canUpdate: boolean; readonly policy: MachinePolicy; readonly settingEnabled: boolean }): UpdateConfig {
  if (!input.canUpdate) {
    return {
      enabled: false,
      managedBy: 'build',
      url: null,
      channel: null,
      line: 'Deze versie werkt zichzelf niet bij: dat doet alleen de geïnstalleerde Beheerconsole (Windows).',
    };
  }
  const { policy } = input;
  // A policy IT wrote that cannot be read, or an update value that cannot be used: IT meant to steer updates, so
  // none until it is repaired (any other unusable value is only a warning).
  const broken = policy.broken.find((b) => b.key === undefined || b.key.startsWith('updates.'));
  if (broken) {
    return {
      enabled: false,
      managedBy: 'policy',
      url: null,
      channel: null,
      line: `Automatisch bijwerken staat uit: het beleid van de ICT-afdeling (${broken.where}) is niet te lezen (${broken.problem}). Vraag de ICT-afdeling het te herstellen.`,
    };
  }
  const url = policy.values['updates.url'] ?? null;
  const channel = policy.values['updates.channel'] ?? null;
  const enabledByPolicy = policy.values['updates.enabled'];
  if (enabledByPolicy !== undefined) {
    return {
      enabled: enabledByPolicy,
      managedBy: 'policy',
      url: enabledByPolicy ? url : null,
      channel: enabledByPolicy ? channel : null,
      line: enabledByPolicy
        ? 'De ICT-afdeling van de school heeft automatisch bijwerken aangezet voor deze pc.'
        : 'De ICT-afdeling van de school heeft automatisch bijwerken uitgezet voor deze pc; zij installeren nieuwe versies zelf.',
    };
  }
  return {
    enabled: input.settingEnabled,
    managedBy: 'setting',
    url,
    channel,
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
