/** Types of scripts/electron-native.mjs (plain JavaScript because it runs at install time, before any compile). */
export declare const ELECTRON_NATIVE_DIR: string;
export declare const ELECTRON_BINDING: string;

export interface ElectronNativeInputs {
  readonly env: Record<string, string | undefined>;
  readonly electronVersion: string | null;
  readonly betterSqlite3Version: string | null;
  readonly platform: string;
  readonly arch: string;
  readonly marker: { electron?: string; betterSqlite3?: string; platform?: string; arch?: string } | null;
  readonly bindingExists: boolean;
}

export interface ElectronNativeTarget {
  readonly electron: string;
  readonly betterSqlite3: string;
  readonly platform: string;
  readonly arch: string;
}

export type ElectronNativePlan =
  | { readonly action: 'skip'; readonly reason: 'skip-variable' | 'no-electron' | 'no-better-sqlite3'; readonly line: string }
  | { readonly action: 'ready' | 'build'; readonly target: ElectronNativeTarget; readonly line: string };

export declare function skipRequested(env: Record<string, string | undefined>): boolean;
export declare function planElectronNative(inputs: ElectronNativeInputs): ElectronNativePlan;
export declare function inspect(root: string, env?: Record<string, string | undefined>): ElectronNativeInputs;
export declare function run(options: {
  root: string;
  env?: Record<string, string | undefined>;
  ensure?: boolean;
  build?: (root: string, target: ElectronNativeTarget) => Promise<void>;
  print?: (line: string) => void;
}): Promise<{ plan: ElectronNativePlan; code: 0 | 1 }>;
