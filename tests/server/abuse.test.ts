import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxBodyOf, routeOf } from '../../shared/api/routes';
import { THROTTLE } from '../../server/throttle';
import { startApi } from '../helpers/api-server';
import type { RunningApi } from '../helpers/api-server';
import { until } from '../helpers/poll';

/**
 * Issue 36: the service contract against abuse, each point against the reference server as its own process (as it
 * runs in production: its own event loop, its own memory): sign-in throttled and constant-time, sessions revocable,
 * bodies bounded before they are read, every error a problem.
 */
const ACCOUNTS = [
  { username: 'doelwit', password: 'goed-wachtwoord-1', brin6: ['99ZX10'] },
  { username: 'timing', password: 'goed-wachtwoord-2', brin6: ['99ZX10'] },
  { username: 'sessie', password: 'goed-wachtwoord-3', brin6: ['99ZX10'] },
  { username: 'storm', password: 'goed-wachtwoord-4', brin6: ['99ZX10'] },
  { username: 'data', password: 'goed-wachtwoord-5', brin6: ['99ZX10'] },
  { username: 'salvo', password: 'goed-wachtwoord-6', brin6: ['99ZX10'] },
  { username: 'school', password: 'goed-wachtwoord-7', brin6: ['99ZX10'] },
];

let dir: string;
let api: RunningApi;
let fast: RunningApi;

const post = (origin: string, route: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${origin}${route}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function signIn(origin: string, username: string, password: string): Promise<string> {
  const res = await post(origin, '/v1/sessions', { brin6: '99ZX10', username, password });
  expect(res.status).toBe(201);
  return ((await res.json()) as { token: string }).token;
}

const auth = (token: string, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json', ...extra });

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-abuse-'));
  const accounts = path.join(dir, 'accounts.json');
  fs.writeFileSync(accounts, JSON.stringify(ACCOUNTS));
  [api, fast] = await Promise.all([startApi(['--accounts', accounts], { process: true }), startApi(['--accounts', accounts, '--no-throttle'], { process: true })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([api?.stop(), fast?.stop()]);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('sign-in', () => {
  it('300 wrong passwords end in 429 with Retry-After within the first 20; then even the right one waits', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    let detail = '';
    for (let i = 0; i < 300; i++) {
      const res = await post(api.origin, '/v1/sessions', { brin6: '99ZX10', username: 'doelwit', password: `fout-${i}` });
      statuses.push(res.status);
      if (res.status === 429 && retryAfter === null) {
        retryAfter = res.headers.get('retry-after');
        detail = ((await res.json()) as { detail: string }).detail;
      } else await res.arrayBuffer();
    }
    const first429 = statuses.indexOf(429);
    expect(first429).toBeGreaterThanOrEqual(0);
    expect(first429).toBeLessThan(20);
    expect(first429).toBe(THROTTLE.freePerAccount);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(250);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(detail).toMatch(/^Te veel mislukte aanmeldpogingen\. Wacht \d+ (seconde|seconden|minuut|minuten) en probeer het dan opnieuw\.$/);
    // Closed is closed: the right password too is answered 429 (and costs no password work).
    const right = await post(api.origin, '/v1/sessions', { brin6: '99ZX10', username: 'doelwit', password: 'goed-wachtwoord-1' });
    expect(right.status).toBe(429);
    expect(right.headers.get('content-type')).toBe('application/problem+json');
  }, 60_000);

  it('30 wrong passwords at once: no more password checks than one at a time would get (a guess counts as it starts)', async () => {
    // The password check is asynchronous: a burst must not all pass the throttle before the first wrong one is counted.
    const statuses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => post(api.origin, '/v1/sessions', { brin6: '99ZX10', username: 'salvo', password: `fout-${i}` }).then(async (res) => (await res.arrayBuffer(), res.status))),
    );
    // A block lasts at least a second from the fifth guess; on a slow machine a straggler may start a second later.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(THROTTLE.freePerAccount + 2);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(30 - THROTTLE.freePerAccount - 2);
  }, 60_000);

  it('a school behind one address: 40 right sign-ins in a row never close it (a right guess is not counted)', async () => {
    for (let i = 0; i < 40; i++) await signIn(api.origin, 'school', 'goed-wachtwoord-7');
  }, 60_000);

  it('a known and an unknown user take the same time: median difference under 5 ms over 40 tries each (paired)', async () => {
    const time = async (username: string) => {
      const t0 = process.hrtime.bigint();
      const res = await post(fast.origin, '/v1/sessions', { brin6: '99ZX10', username, password: 'fout-wachtwoord' });
      await res.arrayBuffer();
      expect(res.status).toBe(401);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    // Pairs, interleaved and in alternating order: what the machine is doing meanwhile (other test files) falls on both.
    const differences: number[] = [];
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) await time('timing'); // warm-up
    for (let i = 0; i < 40; i++) {
      let knownMs: number;
      let unknownMs: number;
      if (i % 2 === 0) {
        knownMs = await time('timing');
        unknownMs = await time(`onbekend-${i}`);
      } else {
        unknownMs = await time(`onbekend-${i}`);
        knownMs = await time('timing');
      }
      known.push(knownMs);
      unknown.push(unknownMs);
      differences.push(knownMs - unknownMs);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    expect(Math.abs(median(differences)), `known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms (medians)`).toBeLessThan(5);
  }, 60_000);

  it('100 sign-ins at once never stall the event loop: /v1/health answers before most of them are done', async () => {
    const done: number[] = [];
    let order = 0;
    const signIns = Array.from({ length: 100 }, () =>
      post(fast.origin, '/v1/sessions', { brin6: '99ZX10', username: 'storm', password: 'goed-wachtwoord-4' }).then(async (res) => {
        await res.arrayBuffer();
        done.push(order++);
        return res.status;
      }),
    );
    // Health is asked once the sign-ins are on their way (the first has been answered).
    await until(() => done.length > 0, 'a first sign-in');
    const health = await fetch(`${fast.origin}/v1/health`);
    const healthAt = order++;
    expect(health.status).toBe(200);
    expect((await Promise.all(signIns)).every((s) => s === 201)).toBe(true);
    expect(done.filter((at) => at < healthAt).length, 'sign-ins answered before health').toBeLessThan(50);
  }, 60_000);
});

describe('sessions', () => {
  it('DELETE /v1/sessions revokes the token at once (401 after); expired sessions are deleted, not only refused', async () => {
    const token = await signIn(api.origin, 'sessie', 'goed-wachtwoord-3');
    expect((await fetch(`${api.origin}/v1/whoami`, { headers: auth(token) })).status).toBe(200);
    const revoked = await fetch(`${api.origin}/v1/sessions`, { method: 'DELETE', headers: auth(token) });
    expect(revoked.status).toBe(204);
    for (const route of ['/v1/whoami', '/v1/locations/99ZX10/classes']) expect((await fetch(`${api.origin}${route}`, { headers: auth(token) })).status).toBe(401);
    expect((await fetch(`${api.origin}/v1/sessions`, { method: 'DELETE', headers: auth(token) })).status).toBe(401);
    expect(routeOf('deleteSession')).toMatchObject({ method: 'DELETE', path: '/v1/sessions', auth: true, status: 204 });

    // Expiry: a server with one-second sessions deletes them at the next sign-in.
    // Not about the process: the same server in this one (quicker to start).
    const shortLived = await startApi(['--token-ttl', '1', '--accounts', path.join(dir, 'accounts.json')]);
    try {
      const old = await signIn(shortLived.origin, 'sessie', 'goed-wachtwoord-3');
      await until(async () => (await fetch(`${shortLived.origin}/v1/whoami`, { headers: auth(old) })).status === 401, 'the session to expire', 10_000);
      await signIn(shortLived.origin, 'sessie', 'goed-wachtwoord-3');
      const store = new Database(path.join(shortLived.dataDir, 'reference-api.sqlite'), { readonly: true });
      try {
        expect(store.prepare('SELECT COUNT(*) FROM sessions WHERE token = ?').pluck().get(old)).toBe(0);
      } finally {
        store.close();
      }
    } finally {
      await shortLived.stop();
    }
  }, 30_000);
});

describe('bodies', () => {
  /** Sends `bytes` of JSON-ish data with a Content-Length (or chunked), and returns the answer's status. */
  function sendLarge(origin: string, route: string, bytes: number, chunked = false, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const url = new URL(route, origin);
      const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(bytes) }), ...headers } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', (error) => (error as NodeJS.ErrnoException).code === 'EPIPE' || (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(error));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      let sent = 0;
      const write = () => {
        while (sent < bytes) {
          const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent));
          sent += part.length;
          if (!req.write(part)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  }

  it('20 MB to /v1/sessions: 413 before it is read, and the server grows less than 30 MB', async () => {
    const before = rssKb(api.pid!);
    const answer = await sendLarge(api.origin, '/v1/sessions', 20 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 413, detail: expect.stringContaining('groter dan de dienst hier aanneemt') });
    const chunked = await sendLarge(api.origin, '/v1/sessions', 20 * 1024 * 1024, true);
    expect(chunked.status).toBe(413);
    expect(rssKb(api.pid!) - before, 'RSS growth in kB').toBeLessThan(30 * 1024);
    expect((await fetch(`${api.origin}/v1/health`)).status).toBe(200);
  }, 60_000);

  it('the school-data upload is sized for 100,000 pupils; a batch and everything else is small', () => {
    const pupil = (n: number) => ({ key: `LL${n}`, eckid: `https://ketenid.nl/201703/${crypto.randomBytes(32).toString('hex')}`, achternaam: 'Vermeulen-Oosterhuis', voorvoegsel: 'van der', voornamen: 'Johanna Maria Elisabeth', roepnaam: 'Anne-Marie', geboortedatum: '2012-03-04', jaargroep: '1', groep: 'GR1HAVOVWO-A', samengesteldeGroepen: ['CLUSTER-WI-1A', 'CLUSTER-EN-1B'], gebruikersnaam: `anne.vermeulen${n}` });
    const sample = JSON.stringify(Array.from({ length: 1000 }, (_, n) => pupil(n))).length;
    expect(sample * 100).toBeLessThan(maxBodyOf(routeOf('putSchoolData')));
    expect(maxBodyOf(routeOf('createSession'))).toBeLessThanOrEqual(8 * 1024);
    expect(maxBodyOf(routeOf('batch'))).toBeLessThanOrEqual(8 * 1024 * 1024);
    expect(maxBodyOf(routeOf('createUser'))).toBeLessThanOrEqual(1024 * 1024);
  });

  it('unknown fields are refused, alone and inside a batch (where only that operation fails)', async () => {
    const extra = await post(api.origin, '/v1/sessions', { brin6: '99ZX10', username: 'data', password: 'goed-wachtwoord-5', isAdmin: true });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ fields: ['isAdmin'], detail: expect.stringContaining('isAdmin') });
    const token = await signIn(api.origin, 'data', 'goed-wachtwoord-5');
    const user = (n: number, more: Record<string, unknown> = {}) => ({ voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: `Smit${n}`, email: `ria${n}.${crypto.randomUUID()}@school.example`, ...more });
    const batch = await post(api.origin, '/v1/locations/99ZX10/batch', {
      operations: [
        { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: crypto.randomUUID(), body: user(1) },
        { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: crypto.randomUUID(), body: user(2, { rol: 'beheerder' }) },
        { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: crypto.randomUUID(), body: user(3) },
      ],
    }, auth(token));
    expect(batch.status).toBe(200);
    const { results } = (await batch.json()) as { results: { status: number; body: { fields?: string[] } }[] };
    expect(results.map((r) => r.status)).toEqual([201, 400, 201]);
    expect(results[1]!.body.fields).toEqual(['rol']);
  });
});

describe('errors are problems', () => {
  const schoolData = (groepen: string[], leerlingen: string[]) => ({
    contentHash: 'c'.repeat(64),
    school: { brin6: '99ZX10', schoolkey: null, schooljaar: '2026-2027' },
    groepen: groepen.map((key) => ({ key, naam: key, jaargroep: '1', samengesteld: false })),
    leerlingen: leerlingen.map((key) => ({ key, eckid: null, achternaam: 'A', voorvoegsel: null, voornamen: null, roepnaam: 'B', geboortedatum: null, jaargroep: '1', groep: groepen[0] ?? null, samengesteldeGroepen: [], gebruikersnaam: null })),
    leerkrachten: [],
  });

  it('duplicate keys in the school data: 422 naming them (never 500), alone and in a batch beside an operation that succeeds', async () => {
    const token = await signIn(api.origin, 'data', 'goed-wachtwoord-5');
    const put = await fetch(`${api.origin}/v1/locations/99ZX10/school-data`, { method: 'PUT', headers: auth(token, { 'idempotency-key': crypto.randomUUID() }), body: JSON.stringify(schoolData(['1A', '1B', '1A'], ['L1', 'L2', 'L2'])) });
    expect(put.status).toBe(422);
    expect(put.headers.get('content-type')).toBe('application/problem+json');
    expect(await put.json()).toMatchObject({ type: expect.stringContaining('duplicate-keys'), duplicateKeys: { groepen: ['1A'], leerlingen: ['L2'] }, detail: expect.stringContaining('groepen 1A; leerlingen L2') });
    const batch = await post(api.origin, '/v1/locations/99ZX10/batch', {
      operations: [
        { method: 'PUT', path: '/v1/locations/99ZX10/school-data', idempotencyKey: crypto.randomUUID(), body: schoolData(['2A', '2A'], ['L1']) },
        { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: crypto.randomUUID(), body: { voornaam: 'Jan', initialen: 'J.', voorvoegsel: '', achternaam: 'Jansen', email: `jan.${crypto.randomUUID()}@school.example` } },
      ],
    }, auth(token));
    expect(batch.status).toBe(200);
    const { results } = (await batch.json()) as { results: { status: number }[] };
    expect(results.map((r) => r.status)).toEqual([422, 201]);
  });

  it('a method a path does not take: 405 with Allow; an unknown path 404 — both problems', async () => {
    const res = await fetch(`${api.origin}/v1/health`, { method: 'DELETE' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const users = await fetch(`${api.origin}/v1/locations/99ZX10/users/abc`, { method: 'POST' });
    expect(users.status).toBe(405);
    expect(users.headers.get('allow')).toBe('PATCH, DELETE');
    const unknown = await fetch(`${api.origin}/v1/bestaat-niet`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ status: 404, detail: 'Deze API kent dit adres niet.' });
  });
});
