// The lint rule for layering inside main/ (eslint.config.js uses it; tests/main/layering/main-layering.test.ts proves it fires).
import fs from 'node:fs';
import path from 'node:path';

/**
 * Layering inside main/ (as VS Code's code-layering does inside a process), by tiers: each folder directly under main/
 * sits in one tier, and imports only folders of a lower tier — or of its own tier where that tier allows peers (never
 * leaves; capabilities only through each other's public modules, MAIN_CAPABILITY_API). A new folder is placed by
 * naming its tier, not by listing its edges. tests/main/layering/main-layering.test.ts proves the rule fires and that the real
 * import graph has no cycle. Files directly in main/ (index.ts, the Electron entry) may import anything.
 */
export const MAIN_TIERS = [
  // Leaves: no other folder of main. The EDEXML file format is one: a library without database, sync or log.
  { tier: 'leaf', peers: false, folders: ['errors', 'log', 'static', 'settings', 'db', 'transport', 'edexml', 'policy'] },
  // The platform: the sync engine (knows no feature), staged files, the locations table, what a capability gets.
  { tier: 'platform', peers: true, folders: ['sync', 'uploads', 'locations', 'capability'] },
  // Capabilities: one name from contract to screen (shared/bridge/<cap>.ts, main/<cap>/app.ts, renderer features).
  { tier: 'capability', peers: true, folders: ['audit', 'imports', 'roster', 'users', 'numo', 'allowlist', 'plan', 'accounts', 'updates', 'overview', 'rollover'] },
  // The composition root: every capability, once (main/app/services.ts, main/app/sync-resources.ts).
  { tier: 'app', peers: false, folders: ['app'] },
  // Transports: IPC (bridge, window), HTTP (browser), the command line (cli).
  { tier: 'transport', peers: true, folders: ['window', 'bridge', 'browser', 'cli'] },
];

const tierOf = new Map(MAIN_TIERS.flatMap((t, rank) => t.folders.map((f) => [f, { ...t, rank }])));

/** The tiers as "who may import whom", for tools and the test (a folder → the folders it may import). */
export const MAIN_LAYERS = Object.fromEntries(
  [...tierOf].map(([folder, t]) => [folder, [...tierOf].filter(([other, o]) => other !== folder && (o.rank < t.rank || (o.rank === t.rank && t.peers))).map(([other]) => other)]),
);

/** Folders whose other files are internal: the rest of main imports only these modules of them. */
export const MAIN_PUBLIC_ENTRIES = { sync: ['index'] };

/**
 * What one capability may use of another: its public modules. The wiring (main/app) and the transports reach further
 * (they start workers, read files for the CLI); a capability never reaches into another's internals.
 */
export const MAIN_CAPABILITY_API = {
  edexml: ['engine', 'model/builder', 'sniff', 'write', 'domain'],
  imports: ['store', 'upload', 'years'],
  locations: ['locations'],
  audit: ['audit'],
  uploads: ['staging'],
  roster: ['store'],
  users: ['facts', 'roles'],
  accounts: ['accounts'],
};
/** The composition root and the transports reach into a capability's internals (they start workers, read files). */
const WIRING = new Set(MAIN_TIERS.filter((t) => t.tier === 'app' || t.tier === 'transport').flatMap((t) => t.folders));

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
          const own = tierOf.get(from);
          const theirs = tierOf.get(to);
          const refusal = !own || !theirs
            ? `main/${!own ? from : to}/ has no tier: name it in MAIN_TIERS (scripts/eslint/main-layering.js)`
            : theirs.rank > own.rank
              ? `main/${from}/ may not import main/${to}/: ${own.tier} may not import ${theirs.tier}, a higher tier`
              : theirs.rank === own.rank && !own.peers
                ? `main/${from}/ may not import main/${to}/: a ${own.tier} folder imports no other ${own.tier} folder`
                : null;
          if (refusal) {
            context.report({ node, messageId: 'layer', data: { message: `${refusal}. Move the shared part down a tier, or let main/app wire it (see MAIN_TIERS in scripts/eslint/main-layering.js).` } });
            return;
          }
          const entries = MAIN_PUBLIC_ENTRIES[to];
          const module = path.relative(path.join(mainRoot, to), target).replace(/\.(ts|js)$/, '') || 'index';
          if (entries && !entries.includes(module)) {
            context.report({ node, messageId: 'layer', data: { message: `main/${to}/${module} is internal to main/${to}/: import its public entry (main/${to}/${entries[0]}.ts).` } });
            return;
          }
          // A capability without a listed API is used by no other capability (only the wiring reaches it).
          const api = WIRING.has(from) ? undefined : (MAIN_CAPABILITY_API[to] ?? (theirs.tier === 'capability' ? [] : undefined));
          if (api && !api.includes(module)) {
            context.report({ node, messageId: 'layer', data: { message: `main/${to}/${module} is internal to main/${to}/: another capability uses ${api.length ? `only ${api.map((m) => `main/${to}/${m}.ts`).join(', ')}` : 'none of its modules'}.` } });
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

