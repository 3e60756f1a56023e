import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_A, ACCOUNT_B, signIn, startApi } from '../helpers/api-server';
import type { RunningApi } from '../helpers/api-server';
import { until } from '../helpers/poll';

const json = (token: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
  ...extra,
});
const key = () => crypto.randomUUID();
/** JSON bodies in these tests are checked field by field, so they are read loosely typed. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const body = (response: Response): Promise<any> => response.json();
const user = (n: number) => ({ voornaam: 'Anna', initialen: 'A.', voorvoegsel: 'de', achternaam: `Vries${n}`, email: `anna${n}@school.example` });

function schoolData(brin6: string, pupils: number) {
  const groepen = [
    { key: 'K1', naam: '1A', jaargroep: '11', samengesteld: false },
    { key: 'K2', naam: '1B', jaargroep: '11', samengesteld: false },
  ];
  const leerlingen = Array.from({ length: pupils }, (_, i) => ({
    key: String(i).padStart(6, '0'), eckid: null, achternaam: `L${i}`, voorvoegsel: null, voornamen: null, roepnaam: 'Sam',
    geboortedatum: '2013-01-01', jaargroep: '11', groep: i % 2 === 0 ? 'K1' : 'K2', samengesteldeGroepen: [], gebruikersnaam: null,
  }));
  return { contentHash: crypto.randomBytes(16).toString('hex'), school: { brin6, schoolkey: null, schooljaar: '2025-2026' }, groepen, leerlingen, leerkrachten: [] };
}

describe('reference API server (real process on 127.0.0.1)', () => {
  let api: RunningApi;
  let tokenA: string;
  let tokenB: string;
  beforeAll(async () => {
    api = await startApi();
    tokenA = await signIn(api.origin, ACCOUNT_A);
    tokenB = await signIn(api.origin, ACCOUNT_B);
  }, 30_000);
  afterAll(() => api.stop());

  it('signs in per BRIN6 and refuses wrong passwords and other locations in Dutch', async () => {
    const wrong = await fetch(`${api.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...ACCOUNT_A, password: 'nee' }) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('content-type')).toBe('application/problem+json');
    expect((await body(wrong)).detail).toContain('Gebruikersnaam of wachtwoord klopt niet');
    const other = await fetch(`${api.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...ACCOUNT_A, brin6: '99ZX11' }) });
    expect(other.status).toBe(403);
    const whoami = await fetch(`${api.origin}/v1/whoami`, { headers: json(tokenA) });
    expect(await body(whoami)).toEqual({ address: '127.0.0.1' });
  });

  it('a BRIN A token never reads or writes BRIN B', async () => {
    const read = await fetch(`${api.origin}/v1/locations/99ZX11/classes`, { headers: json(tokenA) });
    expect(read.status).toBe(403);
    expect((await body(read)).detail).toContain('99ZX11');
    const write = await fetch(`${api.origin}/v1/locations/99ZX11/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(user(1)) });
    expect(write.status).toBe(403);
    const feedB = await body(await fetch(`${api.origin}/v1/locations/99ZX11/users`, { headers: json(tokenB) }));
    expect(feedB.changes).toEqual([]);
  });

  it('stores school data and answers classes with counts and pupils page by page', async () => {
    const put = await fetch(`${api.origin}/v1/locations/99ZX10/school-data`, { method: 'PUT', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(schoolData('99ZX10', 25)) });
    expect(put.status).toBe(200);
    expect(await body(put)).toMatchObject({ version: 1, counts: { groepen: 2, leerlingen: 25 } });
    const classes = await body(await fetch(`${api.origin}/v1/locations/99ZX10/classes`, { headers: json(tokenA) }));
    expect(classes.items.map((c: { key: string; leerlingen: number }) => [c.key, c.leerlingen])).toEqual([['K1', 13], ['K2', 12]]);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page = await body(await fetch(`${api.origin}/v1/locations/99ZX10/pupils?limit=10${cursor ? `&cursor=${cursor}` : ''}`, { headers: json(tokenA) }));
      seen.push(...page.items.map((p: { key: string }) => p.key));
      cursor = page.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
    const wrongSchool = await fetch(`${api.origin}/v1/locations/99ZX10/school-data`, { method: 'PUT', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(schoolData('99ZX11', 1)) });
    expect(wrongSchool.status).toBe(422);
  });

  it('idempotency: 400 without a key, replay with the same key, 422 for the same key with another body', async () => {
    const missing = await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA), body: JSON.stringify(user(2)) });
    expect(missing.status).toBe(400);
    const k = key();
    const first = await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': k }), body: JSON.stringify(user(3)) });
    const replay = await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': k }), body: JSON.stringify(user(3)) });
    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    const [a, b] = [await body(first), await body(replay)];
    expect(b).toEqual(a);
    expect(replay.headers.get('etag')).toBe('"1"');
    const reused = await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': k }), body: JSON.stringify(user(4)) });
    expect(reused.status).toBe(422);
    const feed = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { headers: json(tokenA) }));
    expect(feed.changes.filter((c: { user?: { email: string } }) => c.user?.email === 'anna3@school.example')).toHaveLength(1);
    const duplicate = await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(user(3)) });
    expect(duplicate.status).toBe(409);
    expect((await body(duplicate)).detail).toContain('anna3@school.example');
  });

  it('versions: 428 without If-Match, 412 with the current state when stale, then the change with a new ETag', async () => {
    const created = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(user(5)) }));
    const url = `${api.origin}/v1/locations/99ZX10/users/${created.id}`;
    const noMatch = await fetch(url, { method: 'PATCH', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify({ voornaam: 'Bea' }) });
    expect(noMatch.status).toBe(428);
    const ok = await fetch(url, { method: 'PATCH', headers: json(tokenA, { 'idempotency-key': key(), 'if-match': '"1"' }), body: JSON.stringify({ voornaam: 'Bea' }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('etag')).toBe('"2"');
    const stale = await fetch(url, { method: 'PATCH', headers: json(tokenA, { 'idempotency-key': key(), 'if-match': '"1"' }), body: JSON.stringify({ achternaam: 'Jansen' }) });
    expect(stale.status).toBe(412);
    expect((await body(stale)).current).toMatchObject({ voornaam: 'Bea', version: 2 });
    const roles = await fetch(`${url}/roles`, {
      method: 'PUT',
      headers: json(tokenA, { 'idempotency-key': key(), 'if-match': '"2"' }),
      body: JSON.stringify({ access: true, roles: [{ role: 'vakdocent', subject: 'wiskunde', classes: ['K1'] }, { role: 'kwaliteitsmedewerker' }] }),
    });
    expect(roles.status).toBe(200);
    const invited = await body(await fetch(`${url}/invitation`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': key() }) }));
    expect(invited.invitedAt).toMatch(/^\d{4}-/);
    const deleted = await fetch(url, { method: 'DELETE', headers: json(tokenA, { 'idempotency-key': key(), 'if-match': `"${invited.version}"` }) });
    expect(deleted.status).toBe(204);
  });

  it('the users feed continues from a cursor, page by page, and reports deletions', async () => {
    const all: Array<{ kind: string; seq: number }> = [];
    let since = '0';
    for (;;) {
      const page = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users?since=${since}&limit=2`, { headers: json(tokenA) }));
      all.push(...page.changes);
      since = page.cursor;
      if (!page.more) break;
    }
    expect(all.map((c) => c.seq)).toEqual([...all.map((c) => c.seq)].sort((a, b) => a - b));
    expect(all.some((c) => c.kind === 'delete')).toBe(true);
    const empty = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users?since=${since}`, { headers: json(tokenA) }));
    expect(empty).toEqual({ changes: [], cursor: since, more: false });
  });

  it('batch: each operation answered as if sent alone (own key, replay, refusals), in order', async () => {
    const k1 = key();
    const ops = [
      { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: k1, body: user(20) },
      { method: 'POST', path: '/v1/locations/99ZX10/users', idempotencyKey: key(), body: user(20) },
      { method: 'POST', path: '/v1/locations/99ZX11/users', idempotencyKey: key(), body: user(21) },
      { method: 'DELETE', path: '/v1/locations/99ZX10/classes', idempotencyKey: key() },
    ];
    const res = await fetch(`${api.origin}/v1/locations/99ZX10/batch`, { method: 'POST', headers: json(tokenA), body: JSON.stringify({ operations: ops }) });
    expect(res.status).toBe(200);
    const { results } = await body(res);
    expect(results.map((r: { status: number }) => r.status)).toEqual([201, 409, 403, 400]);
    const again = await body(await fetch(`${api.origin}/v1/locations/99ZX10/batch`, { method: 'POST', headers: json(tokenA), body: JSON.stringify({ operations: [ops[0]] }) }));
    expect(again.results[0]).toEqual(results[0]);
    const tooMany = await fetch(`${api.origin}/v1/locations/99ZX10/batch`, { method: 'POST', headers: json(tokenA), body: JSON.stringify({ operations: Array.from({ length: 201 }, () => ops[0]) }) });
    expect(tooMany.status).toBe(400);
  });

  it('PATCH changes only the fields it names: {"achternaam"} keeps initialen and voorvoegsel; invisible characters are refused in Dutch', async () => {
    const created = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(tokenA, { 'idempotency-key': key() }), body: JSON.stringify(user(77)) }));
    const patched = await fetch(`${api.origin}/v1/locations/99ZX10/users/${created.id}`, {
      method: 'PATCH',
      headers: json(tokenA, { 'idempotency-key': key(), 'if-match': `"${created.version}"` }),
      body: JSON.stringify({ achternaam: 'Berg' }),
    });
    expect(patched.status).toBe(200);
    expect(await body(patched)).toMatchObject({ voornaam: 'Anna', initialen: 'A.', voorvoegsel: 'de', achternaam: 'Berg', email: 'anna77@school.example', version: created.version + 1 });
    const sneaky = await fetch(`${api.origin}/v1/locations/99ZX10/users`, {
      method: 'POST',
      headers: json(tokenA, { 'idempotency-key': key() }),
      body: JSON.stringify({ ...user(78), achternaam: 'Berg\u202egpj.exe' }),
    });
    expect(sneaky.status).toBe(400);
    expect((await body(sneaky)).detail).toContain('De achternaam bevat een onzichtbaar teken; typ de naam opnieuw.');
  });

  it('versioned documents: IP allowlist created without If-Match, then only with the current ETag', async () => {
    const url = `${api.origin}/v1/locations/99ZX10/ip-allowlist`;
    expect(await body(await fetch(url, { headers: json(tokenA) }))).toEqual({ entries: [] });
    const list = JSON.stringify({ entries: [{ address: '145.1.2.3', label: 'Hoofdgebouw', until: null }] });
    expect((await fetch(url, { method: 'PUT', headers: json(tokenA, { 'idempotency-key': key() }), body: list })).status).toBe(200);
    expect((await fetch(url, { method: 'PUT', headers: json(tokenA, { 'idempotency-key': key() }), body: list })).status).toBe(428);
    expect((await fetch(url, { method: 'PUT', headers: json(tokenA, { 'idempotency-key': key(), 'if-match': '"1"' }), body: list })).status).toBe(200);
    expect(await body(await fetch(url, { headers: json(tokenA) }))).toMatchObject({ version: 2, entries: [{ address: '145.1.2.3' }] });
    expect((await fetch(`${api.origin}/v1/locations/99ZX10/numo`, { headers: json(tokenA) })).status).toBe(404);
  });
});

describe('reference API server: faults and expiry', () => {
  it('a change whose answer is lost (500 or dropped connection) is applied once, and a retry replays it', async () => {
    for (const flag of ['--fail-after', '--drop-after']) {
      const api = await startApi([flag, '1']);
      try {
        const token = await signIn(api.origin, ACCOUNT_A);
        const k = key();
        const send = () => fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(token, { 'idempotency-key': k }), body: JSON.stringify(user(9)) });
        const first = await send().then((r) => r.status, () => 'dropped');
        expect(first, flag).toBe(flag === '--fail-after' ? 500 : 'dropped');
        const retry = await send();
        expect(retry.status).toBe(201);
        const feed = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { headers: json(token) }));
        expect(feed.changes).toHaveLength(1);
      } finally {
        await api.stop();
      }
    }
  }, 30_000);

  it('answers 409 to the same key while the first request still runs, and 503 with Retry-After before changing anything', async () => {
    const slow = await startApi(['--latency', '400', '--trace']);
    try {
      const token = await signIn(slow.origin, ACCOUNT_A);
      const k = key();
      const send = () => fetch(`${slow.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(token, { 'idempotency-key': k }), body: JSON.stringify(user(10)) });
      const first = send();
      await slow.waitForEvent((e) => e['idempotencyKey'] === k);
      const second = await send();
      expect(second.status).toBe(409);
      expect((await first).status).toBe(201);
    } finally {
      await slow.stop();
    }
    const failing = await startApi(['--fail-before', '1']);
    try {
      const res = await fetch(`${failing.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT_A) });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
    } finally {
      await failing.stop();
    }
  }, 30_000);

  it('an invited user activates (the stand-in for clicking the link) and the feed reports it', async () => {
    const api = await startApi(['--activate-after', '100']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      const created = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { method: 'POST', headers: json(token, { 'idempotency-key': key() }), body: JSON.stringify(user(30)) }));
      await fetch(`${api.origin}/v1/locations/99ZX10/users/${created.id}/invitation`, { method: 'POST', headers: json(token, { 'idempotency-key': key() }) });
      const last = await until(async () => {
        const feed = await body(await fetch(`${api.origin}/v1/locations/99ZX10/users`, { headers: json(token) }));
        return feed.changes.at(-1).user.activatedAt ? feed.changes.at(-1).user : undefined;
      }, 'the activation in the feed');
      expect(last).toMatchObject({ id: created.id, version: 3 });
      expect(last.invitedAt).toMatch(/^\d{4}-/);
      expect(last.activatedAt).toMatch(/^\d{4}-/);
    } finally {
      await api.stop();
    }
  }, 30_000);

  it('an expired token gets 401 token-expired', async () => {
    const api = await startApi(['--token-ttl', '1']);
    try {
      const token = await signIn(api.origin, ACCOUNT_A);
      expect((await fetch(`${api.origin}/v1/whoami`, { headers: json(token) })).status).toBe(200);
      const expired = await until(async () => {
        const r = await fetch(`${api.origin}/v1/whoami`, { headers: json(token) });
        return r.status === 401 ? r : undefined;
      }, 'the token to expire');
      expect(expired.status).toBe(401);
      expect((await body(expired)).type).toContain('token-expired');
    } finally {
      await api.stop();
    }
  }, 30_000);
});
