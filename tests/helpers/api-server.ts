import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export interface RunningApi {
  readonly origin: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../..');

/** Starts the real reference server process (`server/start.ts`) on 127.0.0.1 with its own data folder. */
export async function startApi(flags: string[] = []): Promise<RunningApi> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-api-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/start.ts', '--json', '--data', dataDir, ...flags], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`API server exited with ${code}: ${stderr}`)));
  });
  const { origin } = JSON.parse(line) as { origin: string };
  return {
    origin,
    dataDir,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dataDir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
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
