import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { startServer } from '../../server/run';

export interface RunningApi {
  readonly origin: string;
  readonly dataDir: string;
  /** SIGTERM, then the data folder is removed. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing is flushed or released, and the data folder stays (start again with `dataDir`). */
  kill(): Promise<void>;
  /** The server's process id (process: true), for tests that watch its memory. */
  readonly pid?: number;
  /** Resolves when the server (started with --trace) prints an event line that `match` accepts. */
  waitForEvent(match: (event: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

const root = path.resolve(import.meta.dirname, '../..');

/** Events (`--trace`) as they arrive, and a wait for one of them: the same for both ways of running the server. */
function eventLog() {
  const events: Array<Record<string, unknown>> = [];
  const listeners = new Set<() => void>();
  return {
    push(event: Record<string, unknown>) {
      events.push(event);
      for (const l of listeners) l();
    },
    waitFor(match: (event: Record<string, unknown>) => boolean, timeoutMs = 15_000): Promise<Record<string, unknown>> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(match);
          if (!found) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no such event from the API server within ${timeoutMs} ms (got ${JSON.stringify(events)})`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
  };
}

async function startInProcess(flags: string[], dataDir: string): Promise<RunningApi> {
  const log = eventLog();
  const server = await startServer(['--data', dataDir, ...flags], (event) => log.push(event));
  let stopped = false;
  return {
    origin: server.origin,
    dataDir,
    async stop() {
      if (!stopped) {
        await server.close();
        // A stopped server process is gone before the next request: this process's clients must first see their
        // pooled connections closed (else the next request says "verbroken" where a stopped service says "geweigerd").
        await new Promise((r) => setTimeout(r, 50));
      }
      stopped = true;
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    waitForEvent: log.waitFor,
    kill: () => Promise.reject(new Error('kill() is a crash of the server process: start it with { process: true }')),
  };
}

/**
 * Starts the reference server (server/run.ts) on 127.0.0.1 with its own data folder: in this process, unless the test
 * is about the server's process (`process: true`: a crash with SIGKILL) — then `server/start.ts` as a child.
 */
export async function startApi(flags: string[] = [], options: { dataDir?: string; process?: boolean } = {}): Promise<RunningApi> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-api-test-'));
  if (!options.process) return startInProcess(flags, dataDir);
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--json', '--data', dataDir, ...flags], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = readline.createInterface({ input: child.stdout });
  const log = eventLog();
  const line = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`API server exited with ${code}: ${stderr}`)));
  });
  lines.on('line', (text) => log.push(JSON.parse(text) as Record<string, unknown>));
  const { origin } = JSON.parse(line) as { origin: string };
  return {
    origin,
    dataDir,
    ...(child.pid !== undefined ? { pid: child.pid } : {}),
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
    waitForEvent: log.waitFor,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

export const ACCOUNT_A = { brin6: '99ZX10', username: 'beheerder.99zx10', password: 'demo-wachtwoord-10' };
export const ACCOUNT_B = { brin6: '99ZX11', username: 'beheerder.99zx11', password: 'demo-wachtwoord-11' };

export async function signIn(origin: string, account: { brin6: string; username: string; password: string }): Promise<string> {
  const res = await fetch(`${origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(account) });
  if (res.status !== 201) throw new Error(`sign-in failed: ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}
