import { apiBaseUrlSchema } from '../../shared/bridge/settings';
import { policySources, readMachinePolicy } from '../policy/policy';
import type { MachinePolicy } from '../policy/policy';

/**
 * The service address built into this version: `BEHEERCONSOLE_SERVICE_URL=https://… npm run dist` (electron-vite
 * writes it in, electron.vite.config.ts). Empty in a development checkout, the tests and the CLI run from source.
 */
declare const __BEHEERCONSOLE_SERVICE_URL__: string | undefined;

export function builtServiceUrl(raw: string | undefined = typeof __BEHEERCONSOLE_SERVICE_URL__ === 'string' ? __BEHEERCONSOLE_SERVICE_URL__ : undefined): string | null {
  if (!raw) return null;
  const parsed = apiBaseUrlSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** IT's policy on this PC, read once at start by each entry point (Electron, browser mode, the CLI). */
export function machinePolicy(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): MachinePolicy {
  return readMachinePolicy(policySources(platform, env));
}
