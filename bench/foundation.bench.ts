/**
 * Foundation figures: the cost of one bridge call in-process versus over browser mode's HTTP transport
 * (the reference is a bare SQLite read, measured in the same run), and of opening the local cache.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/app/services';
import { startBrowserServer } from '../main/browser/server';
import { createDispatcher } from '../main/bridge/registry';
import { openDatabase } from '../main/db/database';
import { measure, report } from './lib';

export async function run(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-'));
  const rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-r-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html>');
  const services = createServices({ dataDir: dir, mode: 'cli', version: '0.0.0-bench' });
  const dispatch = createDispatcher(services.handlers);
  const server = await startBrowserServer({ dispatch, rendererDir });
  try {
    const db = services.database!.db;
    const select = db.prepare('SELECT brin6, name FROM locations ORDER BY brin6');
    const sqlite = await measure('SQLite read (reference)', 2000, () => select.all());
    const direct = await measure('bridge locations:list-all, in-process', 2000, () =>
      dispatch('locations:list-all', undefined, { trusted: true }),
    );
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${server.token}` };
    const http = await measure('bridge locations:list-all, over HTTP', 500, async () => {
      const res = await fetch(`${server.origin}/bridge/locations:list-all`, { method: 'POST', headers, body: '{}' });
      await res.json();
    });
    report('Bridge call', [sqlite, direct, http], sqlite);

    let n = 0;
    const fresh = await measure('open + migrate a new cache file', 30, () => {
      openDatabase(path.join(dir, `fresh-${n++}.sqlite`)).db.close();
    });
    const reopen = await measure('open an up-to-date cache file (quick_check)', 30, () => {
      openDatabase(path.join(dir, 'fresh-0.sqlite')).db.close();
    });
    report('Local cache', [reopen, fresh], reopen);
  } finally {
    await server.close();
    services.close();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(rendererDir, { recursive: true, force: true });
  }
}
