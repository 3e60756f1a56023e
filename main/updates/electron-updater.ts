/**
 * Electron only: electron-updater's `autoUpdater` as the `Updater` the controller (main/updates/updates.ts) drives.
 * The feed is electron-builder's `publish` entry (a generic URL given at build time, electron-builder.yml), or the
 * school's own address from IT's policy (main/policy/). A per-machine install asks for administrator rights to update.
 */
import electronUpdater from 'electron-updater';
import type { Updater } from './updates';

export function electronUpdaterAdapter(): Updater {
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  // Installed on the next quit or on "Herstarten" in the app; never a restart the coordinator did not ask for.
  autoUpdater.autoInstallOnAppQuit = true;
  // Its own log lines carry URLs and file paths; the controller logs what support needs.
  autoUpdater.logger = null;
  return {
    check: async () => {
      await autoUpdater.checkForUpdates();
    },
    install: () => autoUpdater.quitAndInstall(false, true),
    setFeedUrl: (url) => autoUpdater.setFeedURL({ provider: 'generic', url }),
    setChannel: (channel) => {
      autoUpdater.channel = channel;
      autoUpdater.allowPrerelease = channel !== 'latest';
    },
    setInstallOnQuit: (enabled) => {
      autoUpdater.autoInstallOnAppQuit = enabled;
      autoUpdater.autoDownload = enabled;
    },
    onDownloading: (listener) => void autoUpdater.on('update-available', () => listener()),
    onReady: (listener) => void autoUpdater.on('update-downloaded', (info) => listener(info.version)),
    onError: (listener) => void autoUpdater.on('error', (error) => listener(error)),
  };
}
