/**
 * `npm run bench -- api` (issue 36): the reference server at a board's size. Users are added (POST, each checks that
 * the e-mail address is free in the location) at 0, 10,000, 20,000 and 30,000 users already in the location; ops/s,
 * median and p99 per step, and the ratio against the empty location measured in the same run. The server runs as its
 * own process (as in production); the users already there are written straight into its SQLite file between steps.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import { ACCOUNT_A, signIn, startApi } from '../tests/helpers/api-server';
import { fromSamples } from './lib';

const OPS = Number(process.env['BENCH_API_OPS'] ?? 600);
const STEPS = [0, 10_000, 20_000, 30_000];

export async function run(): Promise<void> {
  const api = await startApi([], { process: true });
  const db = new Database(path.join(api.dataDir, 'reference-api.sqlite'));
  try {
    const token = await signIn(api.origin, ACCOUNT_A);
    let existing = 0;
    let added = 0;
    const rows: { users: number; opsPerSecond: number; medianMs: number; p99Ms: number }[] = [];
    // Warm-up (JIT, SQLite's page cache), not counted: the empty location is then measured as fairly as the full one.
    for (let i = 0; i < 300; i++) await addUser(api.origin, token, `warm${i}`);
    for (const target of STEPS) {
      fill(db, existing, target);
      existing = target;
      const samples: number[] = [];
      const started = process.hrtime.bigint();
      for (let i = 0; i < OPS; i++) {
        const n = added++;
        const t0 = process.hrtime.bigint();
        await addUser(api.origin, token, `nieuw${n}`);
        samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const sorted = [...samples].sort((a, b) => a - b);
      const figures = fromSamples(`${target} users`, samples);
      rows.push({ users: target, opsPerSecond: OPS / seconds, medianMs: figures.medianMs, p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(0.99 * sorted.length))]! });
    }
    process.stdout.write(`\n## Adding users (POST, e-mail checked) as the location grows — ${OPS} sequential requests per step\n`);
    const empty = rows[0]!;
    for (const row of rows) {
      process.stdout.write(
        `${`${row.users.toLocaleString('en')} users in the location`.padEnd(36)} ${row.opsPerSecond.toFixed(0).padStart(6)} ops/s   median ${row.medianMs.toFixed(2).padStart(6)} ms   p99 ${row.p99Ms.toFixed(2).padStart(6)} ms   (${((row.opsPerSecond / empty.opsPerSecond) * 100).toFixed(0)} % of the empty location)\n`,
      );
    }
  } finally {
    db.close();
    await api.stop();
  }
}

async function addUser(origin: string, token: string, name: string): Promise<void> {
  const res = await fetch(`${origin}/v1/locations/${ACCOUNT_A.brin6}/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
    body: JSON.stringify({ voornaam: 'Bench', initialen: 'B.', voorvoegsel: '', achternaam: name, email: `${name}@school.example` }),
  });
  await res.arrayBuffer();
  if (res.status !== 201) throw new Error(`createUser answered ${res.status}`);
}

/** Users `from`..`to` written straight into the server's store, as earlier changes would have left them. */
function fill(db: Database.Database, from: number, to: number): void {
  const insert = db.prepare('INSERT INTO users (brin6, id, version, json) VALUES (?, ?, 1, ?)');
  db.transaction(() => {
    for (let n = from; n < to; n++) {
      const id = crypto.randomUUID();
      insert.run(ACCOUNT_A.brin6, id, JSON.stringify({ id, version: 1, voornaam: 'Vul', initialen: 'V.', voorvoegsel: '', achternaam: `Vulling${n}`, email: `vulling${n}@school.example`, access: false, roles: [], invitedAt: null, activatedAt: null, changedBy: null, changedAt: null }));
    }
  })();
}
