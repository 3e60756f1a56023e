import { test as base, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { isFreshBuild } from '../../scripts/fresh-build.mjs';

export interface ConsoleServer {
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly dataDir: string;
}

const root = path.resolve(import.meta.dirname, '../..');

function withoutProxy(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^(https?|no)_proxy$/i.test(name)));
}

/**
 * Browser mode as `npm run start:browser` runs it: the build (`node out/main/browser.js`, which `npm run test:e2e`
 * makes first) — no TypeScript loader in the server and its import worker, about two seconds of CPU less for each of
 * the ~34 tests. From the sources through tsx when the build is missing or older than a source file, so a test never
 * runs stale code.
 */
const browserMode: readonly string[] = isFreshBuild('out/main/browser.js') ? ['out/main/browser.js'] : ['--import', 'tsx', 'main/browser/start.ts'];

/**
 * Starts the real browser mode on a fresh data folder. `prepare` may put files in the folder first (a corrupt
 * database, say).
 */
export async function startConsole(
  prepare?: (dataDir: string) => void,
  options: { api?: string; caFile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ConsoleServer & { stop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-e2e-'));
  prepare?.(dataDir);
  const child: ChildProcess = spawn(
    process.execPath,
    [...browserMode, '--json', '--data-dir', dataDir, ...(options.api ? ['--api', options.api] : []), ...(options.caFile ? ['--ca-file', options.caFile] : [])],
    // The machine's own proxy variables never leak into a test; a test that wants a proxy names it (issue 30).
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...withoutProxy(process.env), BEHEERCONSOLE_KEYRING: 'off', ...options.env } },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`browser mode exited with ${code}: ${stderr}`)));
  });
  const info = JSON.parse(line) as ConsoleServer;
  return {
    ...info,
    async stop() {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const test = base.extend<{ consoleServer: ConsoleServer; pageErrors: string[] }>({
  consoleServer: async ({}, use) => {
    const server = await startConsole();
    await use(server);
    await server.stop();
  },
  /** Console errors and CSP violations on the page: a test expects this list to stay empty. */
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await use(errors);
  },
});

export { expect };
