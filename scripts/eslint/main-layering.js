// The lint rule for layering inside main/ (eslint.config.js uses it; tests/main/main-layering.test.ts proves it fires).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Layering inside main/ (as VS Code's code-layering does inside a process): each folder directly under main/ is a
 * capability, and may import only the folders listed for it here — so the folders form no cycle (the list is a DAG;
 * tests/main/main-layering.test.ts checks that and the real import graph). Where a folder names a public entry, the
 * others import only that (`main/sync` is reached through `main/sync/index.ts`, never its internals). Files directly
 * in main/ (index.ts, the Electron entry) may import anything.
 */
export const MAIN_LAYERS = {
  // Leaves: no other folder of main.
  errors: [],
  log: [],
  static: [],
  settings: [],
  db: [],
  // How main reaches the central service (Chromium's network stack or undici): below the sync engine.
  transport: [],
  // The platform: the sync engine (knows no feature), staged files, the locations table and the audit log.
  sync: ['db', 'errors', 'settings', 'transport'],
  uploads: ['errors'],
  locations: ['errors'],
  // What every capability's handlers get from the composition root (types only): main/capability/context.ts.
  capability: ['log', 'settings', 'sync', 'uploads'],
  audit: ['locations', 'capability'],
  // The EDEXML file format: read, validate, schemas, the model, write. A library: no database, sync or log.
  edexml: [],
  // Capabilities. imports: the import tables, reading a file into them (worker), the diff, the one confirm, history.
  imports: ['db', 'errors', 'log', 'settings', 'sync', 'audit', 'locations', 'uploads', 'edexml', 'capability'],
  roster: ['errors', 'sync', 'imports', 'capability'],
  users: ['errors', 'sync', 'audit', 'locations', 'uploads', 'imports', 'capability'],
  numo: ['errors', 'sync', 'audit', 'locations', 'edexml', 'imports', 'capability'],
  allowlist: ['errors', 'sync', 'audit', 'locations', 'capability'],
  plan: ['errors', 'audit', 'locations', 'capability'],
  accounts: ['errors', 'audit', 'locations'],
  updates: ['log'],
  overview: ['sync', 'locations', 'edexml', 'imports', 'roster', 'accounts', 'capability'],
  // The wiring: every capability, once (main/app/services.ts, main/app/sync-resources.ts).
  app: ['errors', 'log', 'settings', 'db', 'transport', 'sync', 'uploads', 'locations', 'capability', 'audit', 'edexml', 'imports', 'roster', 'users', 'numo', 'allowlist', 'plan', 'accounts', 'updates', 'overview'],
  // Transports: IPC (bridge, window), HTTP (browser), the command line (cli).
  window: ['settings', 'static'],
  bridge: ['app', 'errors', 'uploads', 'window'],
  browser: ['app', 'bridge', 'errors', 'static', 'uploads', 'window', 'transport'],
  cli: ['app', 'bridge', 'errors', 'db', 'log', 'sync', 'edexml', 'imports', 'transport'],
};

/** Folders whose other files are internal: the rest of main imports only these modules of them. */
export const MAIN_PUBLIC_ENTRIES = { sync: ['index'] };

/**
 * What one capability may use of another: its public modules. The wiring (main/app) and the transports reach further
 * (they start workers, read files for the CLI); a capability never reaches into another's internals.
 */
export const MAIN_CAPABILITY_API = {
  edexml: ['engine', 'model/builder', 'sniff', 'write', 'domain'],
  imports: ['store'],
  locations: ['locations'],
  audit: ['audit'],
  uploads: ['staging'],
  roster: ['store'],
};
const WIRING = new Set(['app', 'bridge', 'browser', 'cli', 'window']);

const mainRoot = path.resolve(import.meta.dirname, '../../main');

/** The folder directly under main/ that `file` is in; null for a file directly in main/ or outside it. */
function mainFolderOf(file) {
  const rel = path.relative(mainRoot, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  if (parts.length > 1) return parts[0];
  // `../sync`: the folder itself (its index.ts).
  return fs.existsSync(file) && fs.statSync(file).isDirectory() ? parts[0] : null;
}

export const mainLayering = {
  rules: {
    imports: {
      meta: { type: 'problem', messages: { layer: '{{message}}' }, schema: [] },
      create(context) {
        const from = mainFolderOf(context.filename);
        if (from === null) return {};
        const check = (node, specifier) => {
          if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
          const target = path.resolve(path.dirname(context.filename), specifier);
          const to = mainFolderOf(target);
          if (to === null || to === from) {
            const rel = path.relative(mainRoot, target);
            if (to === null && rel.split(path.sep).length === 1 && !rel.startsWith('..')) {
              context.report({ node, messageId: 'layer', data: { message: `main/${from}/ imports ${specifier}: a file directly in main/ (the Electron entry) is above every folder.` } });
            }
            return;
          }
          const allowed = MAIN_LAYERS[from] ?? [];
          if (!allowed.includes(to)) {
            context.report({
              node,
              messageId: 'layer',
              data: { message: `main/${from}/ may not import main/${to}/ (allowed: ${allowed.length ? allowed.join(', ') : 'no other folder of main'}). Move the shared part down a layer, or let main/app wire it (see MAIN_LAYERS in scripts/eslint/main-layering.js).` },
            });
            return;
          }
          const entries = MAIN_PUBLIC_ENTRIES[to];
          const module = path.relative(path.join(mainRoot, to), target).replace(/\.(ts|js)$/, '') || 'index';
          if (entries && !entries.includes(module)) {
            context.report({ node, messageId: 'layer', data: { message: `main/${to}/${module} is internal to main/${to}/: import its public entry (main/${to}/${entries[0]}.ts).` } });
            return;
          }
          const api = WIRING.has(from) ? undefined : MAIN_CAPABILITY_API[to];
          if (api && !api.includes(module)) {
            context.report({ node, messageId: 'layer', data: { message: `main/${to}/${module} is internal to main/${to}/: another capability uses only ${api.map((m) => `main/${to}/${m}.ts`).join(', ')}.` } });
          }
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};

