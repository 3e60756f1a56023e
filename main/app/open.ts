import fs from 'node:fs';
import path from 'node:path';
import { KeyUnavailableError, keyFileStore, newDatabaseKey } from '../db/key';
import type { KeyStore } from '../db/key';
import { fileKind } from '../db/cipher';
import { openReadOnlyCopy } from '../db/read-only';
import type { AppInfo } from '../../shared/bridge';
import { DATABASE_FILE_NAME, DatabaseOpenError, folderWritable, openDatabase } from '../db/database';
import type { OpenedDatabase } from '../db/database';
import { latestSchemaVersion } from '../db/migrations';
import { openSettings } from '../settings/settings';
import { NO_POLICY } from '../policy/policy';
import type { SettingsStore } from '../settings/settings';
import { createLogger } from '../log/logger';
import type { Logger } from '../log/logger';
import type { ServicesOptions } from './services-api';
import { makePrivate } from './private-files';

export interface OpenedStores {
  readonly log: Logger;
  readonly settings: SettingsStore;
  /** The open cache, or null when the file was refused (`notices` says why). */
  readonly database: OpenedDatabase | null;
  /** Start-up notices for the top of the window (and `check`): a settings file moved aside, a refused database. */
  readonly notices: AppInfo['notices'];
  getInfo(): AppInfo;
}

/**
 * The key the cache is encrypted with (issue 34): the one kept for this data folder; a new one only when none is kept
 * and there is no encrypted file it could belong to (a lost key never becomes a new, empty console over the old file:
 * openDatabase refuses such a file with what to do).
 */
function databaseKey(keys: KeyStore, file: string): string | null {
  const kept = keys.load();
  if (kept) return kept;
  if (fs.existsSync(file) && fileKind(file) === 'other') return null;
  const key = newDatabaseKey();
  keys.save(key);
  return key;
}

const READ_ONLY_NOTICE =
  'De map met de gegevens van de console is alleen-lezen: je kunt alles bekijken, maar niets wijzigen of versturen. Vraag de ICT-afdeling om schrijfrechten op die map, of start de console met een andere gegevensmap.';

/**
 * What lives in the data folder: the support log, the settings and the cache. A refused database does not stop the
 * start: the shell opens and tells the user what to do.
 */
export function openStores(options: ServicesOptions): OpenedStores {
  const notices: AppInfo['notices'] = (options.startNotices ?? []).map((message) => ({ level: 'warning' as const, message }));
  // Before any store writes: the folder 0700, every file in it 0600 (what an older version left open is repaired).
  const repaired = makePrivate(options.dataDir);
  const log = createLogger({ dataDir: options.dataDir, name: options.mode });
  const policy = options.policy ?? NO_POLICY;
  const { store: settings, notice } = openSettings(options.dataDir, {
    version: options.version,
    ...(options.settingsBackend ? { backend: options.settingsBackend } : {}),
    addressPolicy: {
      url: policy.values['service.url'] ?? null,
      allowChange: policy.values['service.allowChange'] ?? true,
      where: policy.origin['service.url'] ?? policy.origin['service.allowChange'] ?? null,
    },
    buildServiceUrl: options.buildServiceUrl ?? null,
  });
  if (notice) notices.push({ level: 'warning', message: notice });
  let database: OpenedDatabase | null = null;
  try {
    const file = path.join(options.dataDir, DATABASE_FILE_NAME);
    const keys = options.databaseKeys === undefined ? keyFileStore(options.dataDir) : options.databaseKeys;
    if (fs.existsSync(file) && !folderWritable(options.dataDir)) {
      // A read-only data folder: what only reads still works, on a private copy; every change is refused (issue 34).
      database = openReadOnlyCopy(file, keys?.load() ?? null);
      notices.push({ level: 'warning', message: READ_ONLY_NOTICE });
    } else database = openDatabase(file, undefined, { key: keys ? databaseKey(keys, file) : null });
  } catch (error) {
    if (!(error instanceof DatabaseOpenError) && !(error instanceof KeyUnavailableError)) throw error;
    notices.push({ level: 'error', message: error.message });
  }
  log.info('app.start', {
    mode: options.mode,
    version: options.version,
    schema: latestSchemaVersion,
    database: database?.schemaVersion ?? null,
    platform: process.platform,
    arch: process.arch,
    electron: process.versions['electron'] ?? null,
    node: process.versions.node,
  });
  if (repaired.length > 0) log.info('data.private', { repaired: repaired.length });
  // IT's policy: what is in force, and what was ignored (unknown keys, unusable values) — a warning, never a stop.
  if (policy.looked.length > 0) log.info('policy.read', { keys: Object.keys(policy.values).join(','), from: [...new Set(Object.values(policy.origin))].join(', ') });
  for (const warning of policy.warnings) log.warn('policy.warning', { warning });
  const getInfo = (): AppInfo => ({
    name: 'Beheerconsole',
    version: options.version,
    mode: options.mode,
    schemaVersion: latestSchemaVersion,
    databaseVersion: database?.schemaVersion ?? null,
    notices,
  });
  return { log, settings, database, notices, getInfo };
}
