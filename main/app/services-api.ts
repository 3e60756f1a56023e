import type { KeyStore } from '../db/key';
import type { AppInfo } from '../../shared/bridge';
import type { OpenedDatabase } from '../db/database';
import type { SettingsBackend, SettingsStore } from '../settings/settings';
import type { Logger } from '../log/logger';
import type { SyncService, TokenVault } from '../sync';
import type { Transport, TransportFactory } from '../transport/transport';
import type { ProxyLogins } from '../transport/proxy-login';
import type { UploadStaging } from '../uploads/staging';
import type { UpdateController } from '../updates/updates';
import type { EventListener, Handlers } from '../capability/handlers';
import type { CliMethodsOf } from './cli-methods';
import type { DesktopHooks } from './shell';
import type { MachinePolicy } from '../policy/policy';

export type AppMode = AppInfo['mode'];

/** What the composition root (main/app/services.ts) hands the three entry points: Electron, browser mode, the CLI. */
export interface Services {
  /** The bridge methods, one per method of the contract: IPC and HTTP dispatch only these. */
  readonly handlers: Handlers;
  /** The contract's CLI-only methods (main/capability/cli-method.ts): only the CLI's dispatcher gets them. */
  readonly cli: CliMethodsOf;
  readonly settings: SettingsStore;
  readonly dataDir: string;
  /** The open cache, or null when the file was refused (then `info.notices` says why). */
  readonly database: OpenedDatabase | null;
  /** Events for the renderer (Electron IPC or browser-mode server-sent events carry them). */
  readonly events: { subscribe(listener: EventListener): () => void };
  /** The sync engine (null when the database was refused). */
  readonly sync: SyncService | null;
  /** Files handed over by the renderer (Electron IPC or browser-mode POST /upload), until `import:start` takes them. */
  readonly uploads: UploadStaging;
  /** Version, mode and start-up notices; also what `app:get-info` answers. */
  getInfo(): AppInfo;
  /** The log files for support (`<data folder>/logs/<mode>.log`). */
  readonly log: Logger;
  /** Automatic updates: decisions here, the download in electron-updater (installed app only). */
  readonly updates: UpdateController;
  /** The one transport to the central service of this process (main/transport). */
  transport(): Transport;
  /** Proxy sign-in asked in the window (Electron's app.on('login'), the Node transport in browser mode). */
  readonly proxyLogins: ProxyLogins;
  close(): void;
}

export interface ServicesOptions {
  readonly dataDir: string;
  readonly mode: AppMode;
  readonly version: string;
  /** Where sign-in tokens are kept; memory only unless the Electron main process passes an encrypted vault. */
  readonly vault?: TokenVault;
  /**
   * Where the database key is kept (main/db/key.ts): Electron passes the OS keychain (safeStorage); absent, the key
   * file beside the data (browser mode, the CLI, tests). null: a plain database — only to measure what encryption costs
   * (bench) and to show at the byte level that deleted data is gone (tests/main/privacy).
   */
  readonly databaseKeys?: KeyStore | null;
  /** electron-store in Electron (main/index.ts); conf otherwise. Both from the same options: one config.json. */
  readonly settingsBackend?: SettingsBackend;
  /** "Today" for the school-year checks (tests); defaults to the clock. */
  readonly today?: () => Date;
  /** What only the desktop app can do; browser mode and the CLI leave it out. */
  readonly desktop?: DesktopHooks;
  /**
   * How this process reaches the central service: Electron passes Chromium's network stack
   * (main/transport/electron.ts); without it, undici with the environment's proxy (main/transport/node.ts).
   */
  readonly transportFactory?: TransportFactory;
  /** Where the Node transport reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY; the process's environment by default. */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * What school IT presets or locks (main/policy/), read once by the entry point from the registry and the
   * machine-wide policy file; absent (tests): no policy.
   */
  readonly policy?: MachinePolicy;
  /** Warnings found before the services opened (the policy's data folder that cannot be used), for the window's top. */
  readonly startNotices?: readonly string[];
  /** The service address built into this version (main/app/build-config.ts), or null. */
  readonly buildServiceUrl?: string | null;
  /** `--ca-file` of the CLI and browser mode: the school's certificates for this run (before the setting). */
  readonly caFile?: { readonly path: string; readonly text: string | null };
}
