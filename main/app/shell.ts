import fs from 'node:fs';
import path from 'node:path';
import type { AppInfo } from '../../shared/bridge';
import type { CapabilityContext } from '../capability/context';
import type { Handlers } from '../capability/handlers';
import { ServiceError } from '../errors/service-error';
import { newestLogFile } from '../log/logger';
import { UpdateRefusedError } from '../updates/updates';
import { AddressLockedError } from '../settings/settings';
import { policySummary } from '../policy/summary';
import { listLocations } from '../locations/locations';
import type { MachinePolicy } from '../policy/policy';
import type { UpdateController } from '../updates/updates';

import type { Updater } from '../updates/updates';

export interface DesktopHooks {
  /** Opens a folder in Explorer/Finder; resolves to an error text, or '' when it opened (Electron's shell.openPath). */
  readonly openFolder: (folder: string) => Promise<string>;
  /** electron-updater in the installed app; null in a development checkout. */
  readonly updater: Updater | null;
}

/** The shell's own methods: version and notices, support (logs, updates), settings. */
export function shellMethods(
  ctx: CapabilityContext,
  deps: { readonly getInfo: () => AppInfo; readonly updates: UpdateController; readonly desktop: DesktopHooks | undefined; readonly policy: MachinePolicy },
): Pick<Handlers, Extract<keyof Handlers, `app:${string}` | `settings:${string}`>> {
  const { log, settings } = ctx;
  const { updates, desktop } = deps;
  return {
    'app:get-info': deps.getInfo,
    'app:get-support': () => ({ logFolder: log.dir, canOpenFolder: desktop !== undefined, updates: updates.state(), policy: policySummary(deps.policy) }),
    'app:open-logs': async () => {
      if (desktop) {
        fs.mkdirSync(log.dir, { recursive: true });
        const problem = await desktop.openFolder(log.dir);
        if (problem) throw new ServiceError('unavailable', `De map met logbestanden kon niet worden geopend. Je vindt haar hier: ${log.dir}`);
        return { kind: 'opened' as const, folder: log.dir };
      }
      const newest = newestLogFile(log.dir);
      if (!newest) return { kind: 'empty' as const, folder: log.dir };
      return { kind: 'download' as const, fileName: path.basename(newest), content: fs.readFileSync(newest, 'utf8') };
    },
    'app:set-updates-enabled': ({ enabled }) => {
      try {
        return updates.setEnabled(enabled);
      } catch (error) {
        if (error instanceof UpdateRefusedError) throw new ServiceError('forbidden', error.message);
        throw error;
      }
    },
    'app:restart-to-update': ({ confirmQueued }) => updates.restart(confirmQueued),
    'app:report-error': ({ kind, message, stack }) => {
      const error = new Error(message);
      error.name = 'RendererError';
      error.stack = stack ?? `RendererError: ${message}`;
      log.error(`renderer.${kind}`, error);
      return null;
    },
    'settings:get-all': () => settings.get(),
    'settings:set-api-base-url': ({ apiBaseUrl }) => {
      const before = settings.get().apiBaseUrl;
      let saved;
      try {
        saved = settings.setApiBaseUrl(apiBaseUrl);
      } catch (error) {
        if (error instanceof AddressLockedError) throw new ServiceError('forbidden', error.message, [{ path: ['apiBaseUrl'], message: error.message }]);
        throw error;
      }
      const otherHost = before !== null && new URL(before).hostname !== new URL(apiBaseUrl).hostname;
      if (otherHost) {
        // Another host: a token of the old service is never sent to the new one (scoped by host, as cookies are;
        // another port or path of the same host keeps it). Every location signs in again.
        for (const brin6 of knownLocations(ctx)) ctx.vault.clear(brin6);
      }
      if (before !== saved.apiBaseUrl) log.info('settings.service-address', { host: new URL(apiBaseUrl).host, source: saved.serviceAddress.source, signedOut: otherHost });
      // A new address: ask at once whether it answers, so step 1 says "bereikbaar" or "niet bereikbaar" truthfully.
      void ctx.sync()?.probe();
      return saved;
    },
    'settings:set-last-location': ({ brin6 }) => settings.setLastLocation(brin6),
    'settings:set-removal-threshold': ({ percent }) => settings.setRemovalThreshold(percent),
  };
}

/** The locations of this console (none when the database was refused). */
function knownLocations(ctx: CapabilityContext): string[] {
  try {
    return listLocations(ctx.requireDb()).map((l) => l.brin6);
  } catch {
    return [];
  }
}
