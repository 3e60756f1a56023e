import type { UpdateState } from '../../shared/bridge';
import type { Logger } from '../log/logger';
import { resolveUpdateConfig, restartDecision, shouldCheck } from './policy';
import type { UpdateConfig } from './policy';
import type { MachinePolicy } from '../policy/policy';

/**
 * What the controller needs of an updater. In the installed app this is electron-updater's `autoUpdater`
 * (main/updates/electron-updater.ts); nothing here imports Electron, so the decisions run in plain Node tests.
 */
export interface Updater {
  /** Looks for a newer version and downloads it; resolves when that attempt is over. */
  check(): Promise<void>;
  /** Quits and installs the downloaded version, then starts the new one. */
  install(): void;
  /** Another feed than the built-in one (the policy's `updates.url`). */
  setFeedUrl(url: string): void;
  /** Another channel than the build's (the policy's `updates.channel`). */
  setChannel(channel: 'latest' | 'beta'): void;
  /** Whether an update downloaded now is installed when the app quits. */
  setInstallOnQuit(enabled: boolean): void;
  onDownloading(listener: () => void): void;
  onReady(listener: (version: string) => void): void;
  onError(listener: (error: Error) => void): void;
}

export interface UpdateControllerOptions {
  /** Null in browser mode, the CLI and an unpackaged Electron: no updates, only the line that says so. */
  readonly updater: Updater | null;
  readonly policy: () => MachinePolicy;
  readonly settingEnabled: () => boolean;
  readonly setSettingEnabled: (enabled: boolean) => void;
  readonly pendingChanges: () => number;
  readonly onChange: (state: UpdateState) => void;
  readonly log: Logger;
  readonly now?: () => number;
  readonly intervalMs?: number;
  /** After a failed check: try again this much later (default 30 minutes). */
  readonly retryMs?: number;
}

export class UpdateRefusedError extends Error {}

/** The phases of one update, and the Dutch line the support dialog and the banner show. */
export class UpdateController {
  private phase: UpdateState['phase'] = 'idle';
  private readyVersion: string | null = null;
  private lastCheck: number | null = null;
  private appliedUrl: string | null = null;
  private appliedChannel: string | null = null;
  private readonly now: () => number;
  private readonly intervalMs: number;

  constructor(private readonly options: UpdateControllerOptions) {
    this.now = options.now ?? Date.now;
    this.intervalMs = options.intervalMs ?? 4 * 60 * 60 * 1000;
    const updater = options.updater;
    if (!updater) return;
    updater.onDownloading(() => this.set('downloading'));
    updater.onReady((version) => {
      this.readyVersion = version;
      this.set('ready');
      options.log.info('update.ready', { version });
    });
    updater.onError((error) => {
      this.set('error');
      options.log.error('update.error', error);
    });
  }

  config(): UpdateConfig {
    return resolveUpdateConfig({ canUpdate: this.options.updater !== null, policy: this.options.policy(), settingEnabled: this.options.settingEnabled() });
  }

  state(): UpdateState {
    const config = this.config();
    const phase = config.enabled || this.phase === 'ready' ? this.phase : 'off';
    return {
      available: this.options.updater !== null,
      enabled: config.enabled,
      managedBy: config.managedBy,
      phase,
      readyVersion: phase === 'ready' ? this.readyVersion : null,
      line: phase === 'ready' ? `Nieuwe versie ${this.readyVersion ? `${this.readyVersion} ` : ''}klaar — herstart om bij te werken.` : phaseLine(phase, config),
    };
  }

  /** Called at start and by a timer: looks for an update when that is due, whatever the sync's connection. */
  async maybeCheck(): Promise<void> {
    const updater = this.options.updater;
    const config = this.config();
    updater?.setInstallOnQuit(config.enabled);
    if (!updater || !shouldCheck({ config, phase: this.phase, lastCheck: this.lastCheck, now: this.now(), intervalMs: this.intervalMs, retryMs: this.options.retryMs ?? 30 * 60 * 1000 })) return;
    if (config.url && config.url !== this.appliedUrl) {
      updater.setFeedUrl(config.url);
      this.appliedUrl = config.url;
    }
    if (config.channel && config.channel !== this.appliedChannel) {
      updater.setChannel(config.channel);
      this.appliedChannel = config.channel;
    }
    this.lastCheck = this.now();
    this.set('checking');
    try {
      await updater.check();
      if (this.phase === 'checking') this.set('idle');
    } catch (error) {
      this.set('error');
      this.options.log.error('update.check-failed', error);
    }
  }

  setEnabled(enabled: boolean): UpdateState {
    if (this.config().managedBy === 'policy') {
      throw new UpdateRefusedError('De ICT-afdeling van de school regelt het bijwerken op deze pc met een beleid; dat kan hier niet worden veranderd.');
    }
    this.options.setSettingEnabled(enabled);
    this.options.updater?.setInstallOnQuit(this.config().enabled);
    this.options.log.info('update.setting', { enabled });
    this.emit();
    return this.state();
  }

  /** `restarting: false` with the number of waiting changes means: ask the coordinator first. */
  restart(confirmQueued: boolean): { restarting: boolean; pendingChanges: number } {
    const pendingChanges = this.options.pendingChanges();
    const decision = restartDecision({ ready: this.phase === 'ready', pendingChanges, confirmed: confirmQueued });
    if (decision !== 'restart') return { restarting: false, pendingChanges };
    this.options.log.info('update.restart', { version: this.readyVersion, pending: pendingChanges });
    this.options.updater?.install();
    return { restarting: true, pendingChanges };
  }

  private set(phase: UpdateState['phase']): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    this.options.onChange(this.state());
  }
}

function phaseLine(phase: UpdateState['phase'], config: UpdateConfig): string {
  switch (phase) {
    case 'checking':
      return 'Zoeken naar een nieuwe versie…';
    case 'downloading':
      return 'Een nieuwe versie wordt opgehaald; je kunt gewoon doorwerken.';
    case 'error':
      return 'Zoeken naar een nieuwe versie lukte niet; de console probeert het later opnieuw.';
    default:
      return config.line;
  }
}
