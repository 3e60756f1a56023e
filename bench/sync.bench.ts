/**
 * Sync figures against the local reference server (a real process on 127.0.0.1): push 5,000 queued changes and pull
 * a feed of 5,000 changes; changes per second and the median time per request. The reference is one bare HTTP
 * round trip (GET /v1/whoami) measured in the same run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE_NAME, openDatabase } from '../main/db/database';
import { ensureLocation } from '../main/locations/locations';
import { enqueue } from '../main/sync/outbox';
import { pullUsers } from '../main/users/sync';
import { syncRegistry } from '../main/app/sync-resources';
import { pushUntilIdle } from '../main/sync/pusher';
import { ACCOUNT_A, signIn, startApi } from '../tests/helpers/api-server';
import { measure, report } from './lib';
import { transport } from '../tests/helpers/transport';

const CHANGES = Number(process.env['BENCH_SYNC_CHANGES'] ?? 5000);

export async function run(): Promise<void> {
  const api = await startApi();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-sync-'));
  const { db } = openDatabase(path.join(dir, DATABASE_FILE_NAME));
  try {
    const token = await signIn(api.origin, ACCOUNT_A);
    const roundTrip = await measure('GET /v1/whoami round trip (reference)', 300, async () => {
      await (await fetch(`${api.origin}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } })).json();
    });
    db.transaction(() => {
      ensureLocation(db, '99ZX10', 'Bench');
      for (let n = 0; n < CHANGES; n++) {
        enqueue(db, '99ZX10', {
          routeId: 'createUser',
          body: { voornaam: 'Bench', initialen: 'B.', voorvoegsel: '', achternaam: `Nr${n}`, email: `bench${n}@school.example` },
        });
      }
    })();
    const pushStart = process.hrtime.bigint();
    const pushed = await pushUntilIdle(db, '99ZX10', { registry: syncRegistry, transport, baseUrl: api.origin, token, maxMs: 600_000 });
    const pushMs = Number(process.hrtime.bigint() - pushStart) / 1e6;
    const pullStart = process.hrtime.bigint();
    const pulled = await pullUsers(db, '99ZX10', { transport, baseUrl: api.origin, token, pageSize: 500 });
    const pullMs = Number(process.hrtime.bigint() - pullStart) / 1e6;
    report('Sync round trip', [roundTrip]);
    process.stdout.write(
      `push: ${pushed.delivered} changes in ${(pushMs / 1000).toFixed(2)} s = ${((pushed.delivered / pushMs) * 1000).toFixed(0)} changes/s, ` +
        `${(pushMs / pushed.delivered).toFixed(2)} ms per request (${(pushMs / pushed.delivered / roundTrip.medianMs).toFixed(1)}× the round trip)\n`,
    );
    process.stdout.write(
      `pull: ${pulled.applied} changes in ${(pullMs / 1000).toFixed(2)} s = ${((pulled.applied / pullMs) * 1000).toFixed(0)} changes/s, ` +
        `${(pullMs / Math.ceil(pulled.applied / 500)).toFixed(1)} ms per page of 500\n`,
    );
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    await api.stop();
  }
}
