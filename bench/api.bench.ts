/**
 * `npm run bench -- api` (issue 36): the reference server at a board's size. Users are added (POST, each checks that
 * the e-mail address is free in the location) at 0, 10,000, 20,000 and 30,000 users already in the location; ops/s,
 * median and p99 per step, each request interleaved with the same request to a location that stays nearly empty (the
 * reference, measured in the same run). The server runs as its
 * own process (as in production); the users already there are written straight into its SQLite file between steps.
 */
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import path from 'node:path';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../tests/helpers/api-server';

const OPS = Number(process.env['BENCH_API_OPS'] ?? 600);
const STEPS = [0, 10_000, 20_000, 30_000];

export async function run(): Promise<void> {
  const api = await startApi([], { process: true });
  const db = new Database(path.join(api.dataDir, 'reference-api.sqlite'));
  try {
    const big = await signIn(api.origin, ACCOUNT_A);
    const small = await signIn(api.origin, ACCOUNT_B);
    // Warm-up (JIT, SQLite's page cache), not counted.
    for (let i = 0; i < 300; i++) await addUser(api.origin, big, ACCOUNT_A.brin6, `warm${i}`);
    let existing = 0;
    let added = 0;
    const rows: { users: number; big: Summary; small: Summary }[] = [];
    for (const target of STEPS) {
      fill(db, existing, target);
      existing = target;
      // Interleaved: one request to the location that grows, one to a location that stays (nearly) empty — the
      // reference measured under the same conditions in the same run.
      const samples = { big: [] as number[], small: [] as number[] };
      for (let i = 0; i < OPS; i++) {
        const n = added++;
        for (const [which, token, brin6] of [['big', big, ACCOUNT_A.brin6], ['small', small, ACCOUNT_B.brin6]] as const) {
          const t0 = process.hrtime.bigint();
          await addUser(api.origin, token, brin6, `nieuw${n}`);
          samples[which].push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }
      rows.push({ users: target, big: summary(samples.big), small: summary(samples.small) });
    }
    process.stdout.write(`\n## Adding users (POST, e-mail checked) — ${OPS} requests per step, interleaved with the same to a nearly empty location\n`);
    for (const row of rows) {
      process.stdout.write(
        `${`${row.users.toLocaleString('en')} users in the location`.padEnd(34)} ${row.big.opsPerSecond.toFixed(0).padStart(5)} ops/s  median ${row.big.medianMs.toFixed(2).padStart(5)} ms  p99 ${row.big.p99Ms.toFixed(2).padStart(6)} ms` +
          `  | empty location ${row.small.opsPerSecond.toFixed(0).padStart(5)} ops/s  p99 ${row.small.p99Ms.toFixed(2).padStart(6)} ms  | ratio ${((row.big.opsPerSecond / row.small.opsPerSecond) * 100).toFixed(0)} %\n`,
      );
    }
  } finally {
    db.close();
    await api.stop();
  }
}

interface Summary {
  readonly opsPerSecond: number;
  readonly medianMs: number;
  readonly p99Ms: number;
}

function summary(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { opsPerSecond: 1000 / (sorted.reduce((a, b) => a + b, 0) / sorted.length), medianMs: at(0.5), p99Ms: at(0.99) };
}

async function addUser(origin: string, token: string, brin6: string, name: string): Promise<void> {
  const res = await fetch(`${origin}/v1/locations/${brin6}/users`, {
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
