import type Database from 'better-sqlite3';
import { Hono } from 'hono';
import type { Context } from 'hono';
import crypto from 'node:crypto';
import { etagOf, versionFromEtag } from '../shared/api/common';
import type { Route, RouteId } from '../shared/api/routes';
import { routes } from '../shared/api/routes';
import type { RemoteUser, SchoolDataUpload } from '../shared/api/resources';
import { bodyLimit } from 'hono/body-limit';
import { maxBodyOf } from '../shared/api/routes';
import { verifySignIn } from './accounts';
import { ProblemError, constraintProblem, dutchWait, duplicates, internalProblem, problem, problemBody, problemResponse, unknownFields } from './problems';
import { SignInThrottle } from './throttle';
import type { Account } from './accounts';

/** Fault injection for tests and demos: slow answers, failures before or after the change, dropped connections. */
export interface Faults {
  readonly latencyMs: number;
  /** Only these routes get the latency (all when absent), e.g. to hold one upload while everything else answers. */
  readonly latencyRoutes?: readonly string[];
  /** Share of requests answered 503 before anything changes. */
  readonly failBeforeRate: number;
  /** Share of mutating requests whose change is committed but whose answer is a 500 (the client must retry). */
  readonly failAfterRate: number;
  /** Share of mutating requests whose change is committed and whose connection is then dropped. */
  readonly dropAfterRate: number;
  readonly random: () => number;
}

export const NO_FAULTS: Faults = { latencyMs: 0, failBeforeRate: 0, failAfterRate: 0, dropAfterRate: 0, random: Math.random };

/** A key held longer than this (a handler that never finished) no longer blocks its retries. */
export const CLAIM_BOUND_MS = 30_000;

export interface ApiOptions {
  readonly db: Database.Database;
  readonly accounts: ReadonlyMap<string, Account>;
  readonly tokenTtlSeconds: number;
  readonly faults?: Faults;
  readonly now?: () => number;
  /** Demo/test stand-in for a colleague clicking the activation link: activate invited users after this delay. */
  readonly activateAfterMs?: number;
  /**
   * Demo/test stand-in for a school's public address: /v1/whoami answers this instead of the socket's address (on
   * 127.0.0.1 every client is the loopback address, which the allowlist rightly refuses).
   */
  readonly publicAddress?: string;
  /** Told when a request holds its Idempotency-Key while it waits out the added latency (`--trace`, for crash tests). */
  readonly onHold?: (idempotencyKey: string) => void;
  /** Sign-in throttling (server/throttle.ts); off only to measure sign-in timing without it (`--no-throttle`). */
  readonly throttle?: boolean;
}

interface Session {
  readonly token: string;
  readonly username: string;
  readonly brin6: string;
}

interface Reservation {
  readonly scope: string;
  readonly key: string;
  readonly fingerprint: string;
}

interface Result {
  readonly status: number;
  readonly body?: unknown;
  readonly etag?: string;
}

interface Call {
  readonly session: Session | null;
  readonly params: Record<string, string>;
  readonly body: unknown;
  readonly query: URLSearchParams;
  readonly ifMatch: string | undefined;
  readonly address: string;
}

type Handler = (call: Call) => Result | Promise<Result>;

/** Idempotent handlers run inside a transaction: they answer at once. */
function answeredAtOnce(result: Result | Promise<Result>): Result {
  if (result instanceof Promise) throw new Error('an idempotent handler must answer synchronously');
  return result;
}

/**
 * The reference implementation of the Beheerconsole API (`shared/api/routes.ts`): sign-in per BRIN6, per-BRIN
 * authorisation, idempotency keys (IETF draft: 400 missing, 422 reused with another body, 409 while running, replay
 * otherwise), versions as ETags (412 stale with the current state, 428 missing), a users change feed with cursors,
 * pagination, and RFC 9457 problems with a Dutch `detail`.
 *
 * Idempotency is crash-safe: a key's stored answer and the change it made commit in ONE transaction, for single
 * requests and every operation of a batch alike, so a crash leaves either nothing (the retry runs) or the finished
 * answer (the retry replays it). "Still running" lives only in this process's memory while a request waits: it is
 * gone after a restart, and a claim older than CLAIM_BOUND_MS is taken over by the retry.
 */
export function createApiApp(options: ApiOptions): Hono {
  const { db } = options;
  const faults = options.faults ?? NO_FAULTS;
  const now = options.now ?? Date.now;
  const app = new Hono();
  /** Keys of requests under way in this process (scope NUL key → claimed at); never persisted. */
  const held = new Map<string, number>();
  const heldKey = (r: Pick<Reservation, 'scope' | 'key'>) => `${r.scope}\u0000${r.key}`;
  const slowed = (route: Route) => faults.latencyMs > 0 && (faults.latencyRoutes === undefined || faults.latencyRoutes.includes(route.id));

  /** Who changed a user last and when (the portal account), so another console can say so in a conflict. */
  const changed = (session: Session | null) => ({ changedBy: session?.username ?? null, changedAt: new Date(now()).toISOString() });
  const throttle = new SignInThrottle(now, options.throttle ?? true);
  /** 429 with Retry-After (whole seconds) while sign-in is closed for this account or address. */
  const tooMany = (waitMs: number) => {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    return problem(429, 'too-many-sign-ins', 'Te veel aanmeldpogingen', `Te veel mislukte aanmeldpogingen. Wacht ${dutchWait(seconds)} en probeer het dan opnieuw.`, { retryAfter: seconds }, { 'retry-after': String(seconds) });
  };

  const handlers: Record<RouteId, Handler> = {
    createSession: async ({ body, address }) => {
      const { brin6, username, password } = body as { brin6: string; username: string; password: string };
      // Closed for this account or address: answered before any password work. Otherwise this guess counts as it starts.
      const wait = throttle.attempt(username, address);
      if (wait > 0) throw tooMany(wait);
      // Sessions past their hour are deleted, not only refused.
      db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now());
      const account = await verifySignIn(options.accounts, username, password);
      if (!account) {
        throw problem(401, 'invalid-credentials', 'Aanmelden mislukt', 'Gebruikersnaam of wachtwoord klopt niet. Controleer ze en probeer het opnieuw.');
      }
      throttle.succeeded(username, address);
      if (!account.brin6.includes(brin6)) {
        throw problem(403, 'wrong-location', 'Verkeerde locatie', `Dit account hoort niet bij BRIN6 ${brin6}. Meld je aan met het account van deze locatie.`);
      }
      const token = crypto.randomBytes(32).toString('base64url');
      const expiresAt = now() + options.tokenTtlSeconds * 1000;
      db.prepare('INSERT INTO sessions (token, username, brin6, expires_at) VALUES (?, ?, ?, ?)').run(token, username, brin6, expiresAt);
      return { status: 201, body: { token, brin6, expiresAt: new Date(expiresAt).toISOString() } };
    },
    deleteSession: ({ session }) => {
      db.prepare('DELETE FROM sessions WHERE token = ?').run(session!.token);
      return { status: 204 };
    },
    health: () => ({ status: 200, body: { status: 'ok' } }),
    whoami: ({ address }) => ({ status: 200, body: { address: options.publicAddress ?? address } }),
    putSchoolData: ({ params, body }) => {
      const data = body as SchoolDataUpload;
      if (data.school.brin6 !== params['brin6']) {
        throw problem(422, 'wrong-location', 'Verkeerde locatie', `Deze gegevens zijn van ${data.school.brin6}, niet van ${params['brin6']}.`);
      }
      const brin6 = params['brin6']!;
      // Keys must be unique: said with the keys (422), never a database error (500) the console would retry.
      const twiceGroepen = duplicates(data.groepen.map((g) => g.key));
      const twiceLeerlingen = duplicates(data.leerlingen.map((l) => l.key));
      if (twiceGroepen.length > 0 || twiceLeerlingen.length > 0) {
        const named = (what: string, keys: string[]) => (keys.length === 0 ? [] : [`${what} ${keys.slice(0, 10).join(', ')}${keys.length > 10 ? ` en ${keys.length - 10} meer` : ''}`]);
        throw problem(422, 'duplicate-keys', 'Dubbele sleutels', `Deze sleutels komen meer dan eens voor: ${[...named('groepen', twiceGroepen), ...named('leerlingen', twiceLeerlingen)].join('; ')}. Maak ze uniek in het bestand en stuur het opnieuw.`, { duplicateKeys: { groepen: twiceGroepen, leerlingen: twiceLeerlingen } });
      }
      const counts = new Map<string, number>();
      for (const l of data.leerlingen) if (l.groep) counts.set(l.groep, (counts.get(l.groep) ?? 0) + 1);
      for (const l of data.leerlingen) for (const c of l.samengesteldeGroepen) counts.set(c, (counts.get(c) ?? 0) + 1);
      db.prepare('DELETE FROM classes WHERE brin6 = ?').run(brin6);
      db.prepare('DELETE FROM pupils WHERE brin6 = ?').run(brin6);
      const insertClass = db.prepare('INSERT INTO classes (brin6, key, naam, jaargroep, samengesteld, leerlingen) VALUES (?, ?, ?, ?, ?, ?)');
      for (const g of data.groepen) insertClass.run(brin6, g.key, g.naam, g.jaargroep, g.samengesteld ? 1 : 0, counts.get(g.key) ?? 0);
      const insertPupil = db.prepare('INSERT INTO pupils (brin6, key, achternaam, voorvoegsel, roepnaam, groep) VALUES (?, ?, ?, ?, ?, ?)');
      for (const l of data.leerlingen) insertPupil.run(brin6, l.key, l.achternaam, l.voorvoegsel, l.roepnaam, l.groep);
      const previous = db.prepare('SELECT version FROM school_data WHERE brin6 = ?').pluck().get(brin6) as number | undefined;
      const version = (previous ?? 0) + 1;
      db.prepare('INSERT INTO school_data (brin6, version, content_hash) VALUES (?, ?, ?) ON CONFLICT (brin6) DO UPDATE SET version = excluded.version, content_hash = excluded.content_hash').run(brin6, version, data.contentHash);
      return { status: 200, body: { contentHash: data.contentHash, version, counts: { groepen: data.groepen.length, leerlingen: data.leerlingen.length } }, etag: etagOf(version) };
    },
    listClasses: ({ params }) => ({
      status: 200,
      body: {
        items: (db.prepare('SELECT key, naam, jaargroep, samengesteld, leerlingen FROM classes WHERE brin6 = ? ORDER BY key').all(params['brin6']) as Array<{ samengesteld: number }>).map(
          (c) => ({ ...c, samengesteld: c.samengesteld === 1 }),
        ),
      },
    }),
    listPupils: ({ params, query }) => {
      const limit = pageSize(query.get('limit'), 1000, 10000);
      const after = query.get('cursor') ?? '';
      const items = db.prepare('SELECT key, achternaam, voorvoegsel, roepnaam, groep FROM pupils WHERE brin6 = ? AND key > ? ORDER BY key LIMIT ?').all(params['brin6'], after, limit + 1) as Array<{ key: string }>;
      const more = items.length > limit;
      const page = items.slice(0, limit);
      return { status: 200, body: { items: page, next: more ? page.at(-1)!.key : null } };
    },
    userFeed: ({ params, query }) => {
      const since = Number(query.get('since') ?? '0');
      if (!Number.isInteger(since) || since < 0) throw problem(400, 'invalid-cursor', 'Ongeldige cursor', 'De cursor (?since) is geen geldig getal. Begin opnieuw zonder ?since.');
      const limit = pageSize(query.get('limit'), 500, 5000);
      const rows = db.prepare('SELECT seq, kind, id, json FROM user_feed WHERE brin6 = ? AND seq > ? ORDER BY seq LIMIT ?').all(params['brin6'], since, limit + 1) as Array<{ seq: number; kind: string; id: string; json: string | null }>;
      const page = rows.slice(0, limit);
      return {
        status: 200,
        body: {
          changes: page.map((r) => (r.kind === 'delete' ? { kind: 'delete', seq: r.seq, id: r.id } : { kind: 'upsert', seq: r.seq, user: JSON.parse(r.json!) as unknown })),
          cursor: String(page.at(-1)?.seq ?? since),
          more: rows.length > limit,
        },
      };
    },
    createUser: ({ params, body, session }) => {
      const brin6 = params['brin6']!;
      const input = body as Omit<RemoteUser, 'id' | 'version' | 'access' | 'roles' | 'invitedAt' | 'activatedAt'>;
      assertEmailFree(brin6, input.email, null);
      const user: RemoteUser = { ...input, id: crypto.randomUUID(), version: 1, access: false, roles: [], invitedAt: null, activatedAt: null, ...changed(session) };
      saveUser(brin6, user, true);
      return { status: 201, body: user, etag: etagOf(user.version) };
    },
    patchUser: ({ params, body, ifMatch, session }) => {
      const brin6 = params['brin6']!;
      const current = currentUser(brin6, params['id']!, ifMatch);
      const patch = body as Partial<RemoteUser>;
      if (patch.email) assertEmailFree(brin6, patch.email, current.id);
      const user = { ...current, ...patch, version: current.version + 1, ...changed(session) };
      saveUser(brin6, user, false);
      return { status: 200, body: user, etag: etagOf(user.version) };
    },
    deleteUser: ({ params, ifMatch }) => {
      const brin6 = params['brin6']!;
      const current = currentUser(brin6, params['id']!, ifMatch);
      db.prepare('DELETE FROM users WHERE brin6 = ? AND id = ?').run(brin6, current.id);
      db.prepare("INSERT INTO user_feed (brin6, kind, id, json) VALUES (?, 'delete', ?, NULL)").run(brin6, current.id);
      return { status: 204 };
    },
    putRoles: ({ params, body, ifMatch, session }) => {
      const brin6 = params['brin6']!;
      const current = currentUser(brin6, params['id']!, ifMatch);
      const roles = body as Pick<RemoteUser, 'access' | 'roles'>;
      const user = { ...current, access: roles.access, roles: roles.roles, version: current.version + 1, ...changed(session) };
      saveUser(brin6, user, false);
      return { status: 200, body: user, etag: etagOf(user.version) };
    },
    inviteUser: ({ params }) => {
      const brin6 = params['brin6']!;
      const current = currentUser(brin6, params['id']!, undefined, false);
      const user = { ...current, invitedAt: new Date(now()).toISOString(), version: current.version + 1 };
      saveUser(brin6, user, false);
      if (options.activateAfterMs !== undefined) {
        setTimeout(() => {
          // The server may have stopped meanwhile (a test runs it in its own process): then there is nothing to do.
          if (!db.open) return;
          const row = db.prepare('SELECT json FROM users WHERE brin6 = ? AND id = ?').pluck().get(brin6, user.id) as string | undefined;
          if (!row) return;
          const latest = JSON.parse(row) as RemoteUser;
          if (latest.activatedAt) return;
          saveUser(brin6, { ...latest, activatedAt: new Date(now()).toISOString(), version: latest.version + 1 }, false);
        }, options.activateAfterMs).unref();
      }
      return { status: 200, body: user, etag: etagOf(user.version) };
    },
    getIpAllowlist: ({ params }) => getDocument(params['brin6']!, 'ip-allowlist', { entries: [] }),
    putIpAllowlist: ({ params, body, ifMatch }) => putDocument(params['brin6']!, 'ip-allowlist', body, ifMatch),
    getNumo: ({ params }) => {
      const result = getDocument(params['brin6']!, 'numo', null);
      if (result.body === null) throw problem(404, 'not-found', 'Nog geen Numo-koppeling', 'Voor deze locatie is nog geen Numo-koppeling vastgelegd.');
      return result;
    },
    putNumo: ({ params, body, ifMatch }) => putDocument(params['brin6']!, 'numo', body, ifMatch),
    batch: (call) => {
      const { operations } = call.body as { operations: Array<{ method: string; path: string; idempotencyKey: string; ifMatch?: string; body?: unknown }> };
      // Each operation its own outcome: one that fails (even unexpectedly) never fails the others.
      const results = operations.map((op) => {
        try {
          return runOperation(call, op);
        } catch (error) {
          const answered = error instanceof ProblemError ? error : (constraintProblem(error) ?? internalProblem());
          return { status: answered.status, body: problemBody(answered) };
        }
      });
      return { status: 200, body: { results } };
    },
  };

  const matchers = routes.map((r) => ({
    route: r,
    pattern: new RegExp(`^${r.path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`),
  }));

  /** One operation of a batch, exactly as the same request alone would run: own key, own If-Match, own transaction. */
  function runOperation(call: Call, op: { method: string; path: string; idempotencyKey: string; ifMatch?: string; body?: unknown }): Result {
    const match = matchers.map((m) => ({ route: m.route, groups: m.pattern.exec(op.path)?.groups })).find((m) => m.groups && m.route.method === op.method);
    if (!match?.groups || !match.route.idempotent || match.route.id === 'batch') {
      throw problem(400, 'invalid-operation', 'Ongeldige opdracht', `${op.method} ${op.path} kan niet in een batch.`);
    }
    const params = match.groups as Record<string, string>;
    if (params['brin6'] !== call.session?.brin6) {
      throw problem(403, 'wrong-location', 'Geen toegang tot deze locatie', `Je bent aangemeld voor ${call.session?.brin6}; deze opdracht is voor ${params['brin6']}.`);
    }
    let body: unknown = undefined;
    if (match.route.body) {
      const parsed = match.route.body.safeParse(op.body);
      if (!parsed.success) throw invalidBody(parsed.error.issues);
      refuseUnknownFields(op.body, parsed.data);
      body = parsed.data;
    }
    const opCall: Call = { ...call, params, body, ifMatch: op.ifMatch };
    const handle = handlers[match.route.id as RouteId];
    return db.transaction((): Result => {
      const claimed = claimIdempotencyKey(op.idempotencyKey, match.route, op.path, opCall, null);
      if ('replay' in claimed) return claimed.replay;
      return finishIdempotent(claimed, answeredAtOnce(handle(opCall)));
    })();
  }

  function invalidBody(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ProblemError {
    return problem(400, 'invalid-body', 'Ongeldige gegevens', `De gegevens kloppen niet: ${issues.slice(0, 3).map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ')}.`);
  }

  /** The contract is strict: a field it does not know is refused, never ignored silently. */
  function refuseUnknownFields(raw: unknown, parsed: unknown): void {
    const unknown = unknownFields(raw, parsed);
    if (unknown.length > 0) {
      throw problem(400, 'unknown-fields', 'Onbekende velden', `Deze velden kent de dienst niet: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` en ${unknown.length - 5} meer` : ''}. Stuur alleen de velden van de API.`, { fields: unknown.slice(0, 50) });
    }
  }

  function pageSize(raw: string | null, fallback: number, max: number): number {
    if (raw === null) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > max) throw problem(400, 'invalid-limit', 'Ongeldige paginagrootte', `?limit moet een getal van 1 tot en met ${max} zijn.`);
    return n;
  }

  function assertEmailFree(brin6: string, email: string, except: string | null): void {
    // The generated column `email` and its unique index (server/store.ts): one index lookup at any size.
    const other = db.prepare('SELECT id FROM users WHERE brin6 = ? AND email = ?').pluck().get(brin6, email) as string | undefined;
    if (other && other !== except) {
      throw problem(409, 'duplicate-email', 'E-mailadres bestaat al', `Er is al een gebruiker met ${email} bij deze locatie. Gebruik die gebruiker, of een ander e-mailadres.`);
    }
  }

  function currentUser(brin6: string, id: string, ifMatch: string | undefined, requireMatch = true): RemoteUser {
    const row = db.prepare('SELECT json FROM users WHERE brin6 = ? AND id = ?').pluck().get(brin6, id) as string | undefined;
    if (!row) throw problem(404, 'not-found', 'Gebruiker niet gevonden', 'Deze gebruiker bestaat niet (meer) bij deze locatie.');
    const user = JSON.parse(row) as RemoteUser;
    if (requireMatch) checkIfMatch(ifMatch, user.version, user);
    return user;
  }

  function checkIfMatch(ifMatch: string | undefined, version: number, current: unknown): void {
    if (ifMatch === undefined) throw problem(428, 'precondition-required', 'If-Match ontbreekt', 'Stuur de versie mee die je hebt gewijzigd (If-Match).');
    const expected = versionFromEtag(ifMatch);
    if (expected !== version) {
      throw problem(412, 'stale', 'Intussen gewijzigd', 'Iemand anders heeft dit intussen gewijzigd. Bekijk de huidige versie en voer je wijziging opnieuw uit.', { current });
    }
  }

  function saveUser(brin6: string, user: RemoteUser, create: boolean): void {
    const json = JSON.stringify(user);
    if (create) db.prepare('INSERT INTO users (brin6, id, version, json) VALUES (?, ?, ?, ?)').run(brin6, user.id, user.version, json);
    else db.prepare('UPDATE users SET version = ?, json = ? WHERE brin6 = ? AND id = ?').run(user.version, json, brin6, user.id);
    db.prepare("INSERT INTO user_feed (brin6, kind, id, json) VALUES (?, 'upsert', ?, ?)").run(brin6, user.id, json);
  }

  function getDocument(brin6: string, kind: string, empty: unknown): Result {
    const row = db.prepare('SELECT version, json FROM documents WHERE brin6 = ? AND kind = ?').get(brin6, kind) as { version: number; json: string } | undefined;
    if (!row) return { status: 200, body: empty };
    return { status: 200, body: { ...(JSON.parse(row.json) as object), version: row.version }, etag: etagOf(row.version) };
  }

  function putDocument(brin6: string, kind: string, body: unknown, ifMatch: string | undefined): Result {
    const row = db.prepare('SELECT version, json FROM documents WHERE brin6 = ? AND kind = ?').get(brin6, kind) as { version: number; json: string } | undefined;
    if (row) checkIfMatch(ifMatch, row.version, { ...(JSON.parse(row.json) as object), version: row.version });
    else if (ifMatch !== undefined) throw problem(412, 'stale', 'Bestaat nog niet', 'Dit bestaat nog niet bij de dienst; stuur het zonder If-Match.');
    const version = (row?.version ?? 0) + 1;
    const { version: _ignored, ...content } = body as { version?: number };
    db.prepare('INSERT INTO documents (brin6, kind, version, json) VALUES (?, ?, ?, ?) ON CONFLICT (brin6, kind) DO UPDATE SET version = excluded.version, json = excluded.json').run(brin6, kind, version, JSON.stringify(content));
    return { status: 200, body: { ...content, version }, etag: etagOf(version) };
  }

  function authenticate(c: Context, route: Route, params: Record<string, string>): Session | null {
    if (!route.auth) return null;
    const token = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
    const row = token ? (db.prepare('SELECT token, username, brin6, expires_at AS expiresAt FROM sessions WHERE token = ?').get(token) as (Session & { expiresAt: number }) | undefined) : undefined;
    if (!row) throw problem(401, 'unauthenticated', 'Niet aangemeld', 'Meld je aan met het portaalaccount van deze locatie.');
    if (row.expiresAt <= now()) throw problem(401, 'token-expired', 'Sessie verlopen', 'Je sessie is verlopen. Meld je opnieuw aan.');
    if (params['brin6'] !== undefined && params['brin6'] !== row.brin6) {
      throw problem(403, 'wrong-location', 'Geen toegang tot deze locatie', `Je bent aangemeld voor ${row.brin6}; voor ${params['brin6']} heb je het account van die locatie nodig.`);
    }
    return row;
  }

  for (const route of routes) {
    const handle = handlers[route.id];
    if (!handle) throw new Error(`No handler for route ${route.id}`);
    const honoPath = route.path.replace(/\{(\w+)\}/g, ':$1');
    // The body's limit before anything reads it: 413 from the Content-Length alone, or as soon as a stream passes it.
    const limit = maxBodyOf(route);
    const tooLarge = bodyLimit({
      maxSize: limit,
      onError: () => problemResponse(problem(413, 'too-large', 'Te groot', `Dit verzoek is groter dan de dienst hier aanneemt (${limit.toLocaleString('nl-NL')} bytes). Stuur minder gegevens per keer.`, { maxBytes: limit })),
    });
    app.on(route.method, honoPath, tooLarge, async (c) => {
      let reservation: Reservation | null = null;
      let heldSince = 0;
      try {
        if (faults.failBeforeRate > 0 && faults.random() < faults.failBeforeRate) {
          throw problem(503, 'unavailable', 'Even niet beschikbaar', 'De dienst is even niet beschikbaar. Je wijzigingen blijven bewaard en worden later verstuurd.', {}, { 'retry-after': '1' });
        }
        const params = c.req.param() as Record<string, string>;
        const session = authenticate(c, route, params);
        let body: unknown = undefined;
        if (route.body) {
          const raw: unknown = await c.req.json().catch(() => undefined);
          const parsed = route.body.safeParse(raw);
          if (!parsed.success) throw invalidBody(parsed.error.issues);
          refuseUnknownFields(raw, parsed.data);
          body = parsed.data;
        }
        const call: Call = {
          session,
          params,
          body,
          query: new URL(c.req.url).searchParams,
          ifMatch: c.req.header('if-match'),
          address: (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'onbekend',
        };
        let result: Result;
        if (route.idempotent) {
          const key = c.req.header('idempotency-key');
          const pathname = new URL(c.req.url).pathname;
          // The claim and the change commit together; nothing says "running" on disk.
          const claimAndRun = (): Result | { replay: Result } =>
            db.transaction(() => {
              const claimed = claimIdempotencyKey(key, route, pathname, call, reservation);
              if ('replay' in claimed) return claimed;
              return finishIdempotent(claimed, answeredAtOnce(handle(call)));
            })();
          if (slowed(route)) {
            // Hold the key in memory while the added latency runs, so a second request with it sees 409.
            const claimed = db.transaction(() => claimIdempotencyKey(key, route, pathname, call, null))();
            if ('replay' in claimed) return respond(c, claimed.replay);
            reservation = claimed;
            heldSince = now();
            held.set(heldKey(claimed), heldSince);
            options.onHold?.(claimed.key);
            await new Promise((r) => setTimeout(r, faults.latencyMs));
          }
          const outcome = claimAndRun();
          if ('replay' in outcome) return respond(c, outcome.replay);
          result = outcome;
        } else {
          if (slowed(route)) await new Promise((r) => setTimeout(r, faults.latencyMs));
          result = await handle(call);
        }
        if (route.idempotent || route.id === 'batch') {
          if (faults.dropAfterRate > 0 && faults.random() < faults.dropAfterRate) {
            (c.env as { incoming?: { socket?: { destroy(): void } } }).incoming?.socket?.destroy();
            return new Response(null, { status: 500 });
          }
          if (faults.failAfterRate > 0 && faults.random() < faults.failAfterRate) {
            throw problem(500, 'internal', 'Fout bij de dienst', 'Er ging iets mis bij de dienst. Probeer het later opnieuw.');
          }
        }
        return respond(c, result);
      } catch (error) {
        // Stopping: the store closed under a request still running (a test's or a shut-down server's). A service that
        // stops answers 503 (try again later), never a 500 that says the request itself broke something.
        const stopping = !db.open ? problem(503, 'unavailable', 'Even niet beschikbaar', 'De dienst stopt. Je wijzigingen blijven bewaard en worden later verstuurd.', {}, { 'retry-after': '1' }) : null;
        // A database rule the client's data broke is 422; anything else unexpected a 500 problem, never plain text.
        const answered = error instanceof ProblemError ? error : (stopping ?? constraintProblem(error) ?? internalProblem());
        if (answered.status === 500 && !(error instanceof ProblemError)) console.error(error);
        return problemResponse(answered);
      } finally {
        // Done, refused or failed: the key is free again (a refused change stored nothing, so it may be tried again).
        if (reservation && held.get(heldKey(reservation)) === heldSince) held.delete(heldKey(reservation));
      }
    });
  }

  /**
   * Claims the request's Idempotency-Key, or returns the stored answer of an earlier run. Call inside the transaction
   * that makes the change. `mine`: the claim this same request already holds (it waited out the latency).
   * A key held by another request under way answers 409, unless that claim is older than CLAIM_BOUND_MS; a `running`
   * row on disk (written by an older server version that crashed) is released.
   */
  function claimIdempotencyKey(key: string | undefined, route: Route, pathname: string, call: Call, mine: Reservation | null): Reservation | { replay: Result } {
    if (!key || key.length > 255) {
      throw problem(400, 'idempotency-key-missing', 'Idempotency-Key ontbreekt', 'Deze opdracht heeft een Idempotency-Key nodig, zodat herhalen veilig is.');
    }
    const scope = call.session?.brin6 ?? '-';
    const fingerprint = crypto.createHash('sha256').update(`${route.method} ${pathname}\n${JSON.stringify(call.body ?? null)}`).digest('hex');
    const existing = db.prepare('SELECT fingerprint, state, status, body, etag FROM idempotency WHERE scope = ? AND key = ?').get(scope, key) as
      | { fingerprint: string; state: string; status: number; body: string | null; etag: string | null }
      | undefined;
    if (existing && existing.state === 'running') {
      db.prepare("DELETE FROM idempotency WHERE scope = ? AND key = ? AND state = 'running'").run(scope, key);
    } else if (existing) {
      if (existing.fingerprint !== fingerprint) {
        throw problem(422, 'idempotency-key-reused', 'Idempotency-Key al gebruikt', 'Deze Idempotency-Key hoort bij een andere opdracht. Gebruik een nieuwe sleutel.');
      }
      return { replay: { status: existing.status, body: existing.body === null ? undefined : (JSON.parse(existing.body) as unknown), ...(existing.etag ? { etag: existing.etag } : {}) } };
    }
    const claim = { scope, key, fingerprint };
    const since = held.get(heldKey(claim));
    const ownClaim = mine !== null && mine.scope === scope && mine.key === key;
    if (since !== undefined && !ownClaim && now() - since < CLAIM_BOUND_MS) {
      throw problem(409, 'in-progress', 'Nog bezig', 'Deze opdracht wordt nog uitgevoerd. Probeer het zo opnieuw.');
    }
    return claim;
  }

  /** Stores the answer under its key; inside the transaction of the change, so both commit or neither. */
  function finishIdempotent(claim: Reservation, r: Result): Result {
    db.prepare(
      `INSERT INTO idempotency (scope, key, fingerprint, state, status, body, etag) VALUES (?, ?, ?, 'done', ?, ?, ?)
       ON CONFLICT (scope, key) DO UPDATE SET fingerprint = excluded.fingerprint, state = 'done', status = excluded.status, body = excluded.body, etag = excluded.etag`,
    ).run(claim.scope, claim.key, claim.fingerprint, r.status, r.body === undefined ? null : JSON.stringify(r.body), r.etag ?? null);
    return r;
  }

  function respond(c: Context, result: Result): Response {
    if (result.etag) c.header('etag', result.etag);
    if (result.body === undefined) return c.body(null, result.status as 204);
    return c.json(result.body as object, result.status as 200);
  }

  app.notFound((c) => {
    // A known path with another method: 405 with the methods it takes (Allow), not "unknown address".
    const pathname = new URL(c.req.url).pathname;
    const allowed = matchers.filter((m) => m.pattern.test(pathname)).map((m) => m.route.method);
    if (allowed.length > 0) {
      return problemResponse(problem(405, 'method-not-allowed', 'Methode niet toegestaan', `${c.req.method} kan niet op dit adres; wel: ${allowed.join(', ')}.`, {}, { allow: allowed.join(', ') }));
    }
    return problemResponse(problem(404, 'not-found', 'Onbekend adres', 'Deze API kent dit adres niet.'));
  });
  app.onError((error) => {
    console.error(error);
    return problemResponse(internalProblem());
  });
  return app;
}
