// Lint, including the process layering: which folder may import what (see README, "Architecture").
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import { mainLayering } from './scripts/eslint/main-layering.js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const nodeOnlyPackages = ['electron', 'electron-store', 'electron-updater', 'better-sqlite3', 'conf', 'fast-xml-parser'];
const browserOnlyPackages = ['react', 'react-dom', 'zustand'];
const electronOnlyFiles = ['main/index.ts', 'main/window/window.ts', 'main/bridge/ipc.ts', 'main/updates/electron-updater.ts', 'main/transport/electron.ts'];

/**
 * One restriction per process folder; the message says which rule of the architecture it guards.
 * Package names are matched exactly (`paths`), folders by pattern, so `../domain/x` is not mistaken for node:domain.
 */
function layer(message, { packages = [], folders = [] }) {
  // `node:` names are caught by the node:* pattern below; listing them twice would report each import twice.
  const names = [...new Set(packages.filter((p) => !p.startsWith('node:')))];
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: [
          {
            group: [
              ...(packages.some((p) => p.startsWith('node:')) ? ['node:*'] : []),
              ...packages.filter((p) => !p.startsWith('node:') && !builtinModules.includes(p)).map((p) => `${p}/*`),
            ],
            message,
          },
          ...(folders.length > 0 ? [{ group: folders, message }] : []),
        ],
      },
    ],
  };
}


const mainMessage = 'main/ never imports the renderer or the preload; they talk through the bridge contract in shared/.';
const mainElectronMessage =
  'Only main/index.ts, main/window/window.ts, main/bridge/ipc.ts, main/updates/electron-updater.ts and main/transport/electron.ts may import electron (or electron-store, electron-updater, which load it): the rest runs in plain Node (browser mode, CLI, tests).';

export default defineConfig(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,mts}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer('renderer/ runs in the sandboxed page: only shared/ and browser packages; main is reached through the bridge.', {
        packages: [...nodeBuiltins, ...nodeOnlyPackages],
        folders: ['**/main/**', '**/preload/**'],
      }),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: layer('shared/ is imported by every process: no Node, Electron, DOM or process-specific code (only zod).', {
      packages: [...nodeBuiltins, ...nodeOnlyPackages, ...browserOnlyPackages],
      folders: ['**/main/**', '**/preload/**', '**/renderer/**'],
    }),
  },
  {
    files: ['preload/**/*.ts'],
    rules: layer('preload/ is sandboxed: only electron (contextBridge, ipcRenderer) and shared/.', {
      packages: [...nodeBuiltins, 'better-sqlite3', 'conf', 'fast-xml-parser', ...browserOnlyPackages],
      folders: ['**/main/**', '**/renderer/**'],
    }),
  },
  {
    files: electronOnlyFiles,
    rules: layer(mainMessage, { packages: browserOnlyPackages, folders: ['**/renderer/**', '**/preload/**'] }),
  },
  {
    files: ['main/**/*.ts', 'bench/**/*.ts', 'tests/main/**/*.ts', 'tests/shared/**/*.ts'],
    ignores: electronOnlyFiles,
    rules: layer(`${mainMessage} ${mainElectronMessage}`, {
      packages: ['electron', 'electron-store', 'electron-updater', ...browserOnlyPackages],
      folders: ['**/renderer/**', '**/preload/**', '**/main/index', '**/window/window', '**/bridge/ipc', '**/updates/electron-updater'],
    }),
  },
  {
    files: ['main/**/*.ts'],
    plugins: { 'main-layering': mainLayering },
    rules: { 'main-layering/imports': 'error' },
  },
  {
    files: ['server/**/*.ts'],
    rules: layer('server/ is the reference API: a separate program that shares only the API contract in shared/.', {
      packages: ['electron', ...browserOnlyPackages],
      folders: ['**/main/**', '**/renderer/**', '**/preload/**'],
    }),
  },
  {
    // Playwright fixtures must destructure their (possibly empty) dependencies: `async ({}, use) => …`.
    files: ['tests/e2e/**/*.ts'],
    rules: { 'no-empty-pattern': 'off' },
  },
);
