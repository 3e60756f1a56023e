import type { OutboxEntry } from './outbox';
import { request, send } from './request';
import type { Endpoint } from './request';
import { isRouteId, routePath } from '../../shared/api/routes';
import { networkProblem } from '../../shared/domain/network';
import { dutchWait } from '../../shared/domain/wait';
import type { NetworkProblem } from '../../shared/domain/network';

/** What became of one attempt to deliver an outbox entry; decides what the pusher does next. */
export type SendOutcome =
  | { readonly kind: 'delivered'; readonly status: number; readonly body: unknown }
  /** Try again later (network, timeout, 5xx, 408, 409 in progress, 429); `retryAfterMs` from the server when given. */
  | { readonly kind: 'retry'; readonly reason: string; readonly retryAfterMs: number | null; readonly unreachable?: boolean; readonly problem?: NetworkProblem }
  /** 401: sign in again; the entry waits, untouched. */
  | { readonly kind: 'sign-in'; readonly reason: string }
  /** 412: someone changed it meanwhile; the current state comes along for the rebase. */
  | { readonly kind: 'stale'; readonly reason: string; readonly current: unknown }
  /** Any other 4xx: retrying cannot fix it. */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string };

export interface SendOptions extends Endpoint {
  readonly token: string;
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Sends one entry with its fixed Idempotency-Key; never throws for network or HTTP failures. */
export async function sendEntry(entry: OutboxEntry, options: SendOptions, withKey = true): Promise<SendOutcome> {
  if (!isRouteId(entry.routeId)) throw new Error(`sendEntry: unknown route ${entry.routeId}`);
  const answer = await send(options, entry.routeId, entry.path, {
    headers: { ...(withKey ? { 'idempotency-key': entry.idempotencyKey } : {}), ...(entry.ifMatch ? { 'if-match': entry.ifMatch } : {}) },
    ...(entry.body !== undefined ? { body: entry.body } : {}),
    answer401: true,
  });
  if (answer.kind === 'sign-in') return { kind: 'sign-in', reason: answer.message };
  if (answer.kind !== 'answer') return { kind: 'retry', reason: answer.message, retryAfterMs: null, unreachable: answer.kind === 'unreachable', problem: answer.problem };
  return classify(answer.status, answer.body, answer.retryAfter);
}

/** What an HTTP answer (or one operation's answer in a batch) means for the queued change. */
export function classify(status: number, body: unknown, retryAfter: string | null): SendOutcome {
  const detail = (body as { detail?: unknown } | undefined)?.detail;
  const reason = typeof detail === 'string' ? detail : `De centrale dienst antwoordde met status ${status}.`;
  if (status >= 200 && status < 300) return { kind: 'delivered', status, body };
  if (status === 401) return { kind: 'sign-in', reason };
  if (status === 412) return { kind: 'stale', reason, current: (body as { current?: unknown } | undefined)?.current };
  const type = (body as { type?: unknown } | undefined)?.type;
  // 409 means "the first attempt is still running" only for that problem type; other conflicts are final.
  const inProgress = status === 409 && (typeof type !== 'string' || type.endsWith('/in-progress'));
  if (status >= 500 || status === 408 || status === 429 || inProgress) {
    return { kind: 'retry', reason, retryAfterMs: retryAfterMs(retryAfter) };
  }
  return { kind: 'refused', status, reason };
}

/**
 * Sends several entries (each about a different resource) in one batch request; each keeps its own key and If-Match
 * and gets its own outcome. When the request as a whole fails, every entry gets that outcome.
 */
export async function sendBatch(brin6: string, entries: readonly OutboxEntry[], options: SendOptions): Promise<SendOutcome[]> {
  const batch: OutboxEntry = {
    seq: -1,
    brin6,
    routeId: 'batch',
    method: 'POST',
    path: routePath('batch', { brin6 }),
    body: {
      operations: entries.map((e) => ({
        method: e.method,
        path: e.path,
        idempotencyKey: e.idempotencyKey,
        ...(e.ifMatch ? { ifMatch: e.ifMatch } : {}),
        ...(e.body !== undefined ? { body: e.body } : {}),
      })),
    },
    ifMatch: null,
    base: undefined,
    idempotencyKey: '',
    attempts: 0,
    nextAttemptAt: 0,
  };
  const outcome = await sendEntry(batch, options, false);
  if (outcome.kind !== 'delivered') return entries.map(() => outcome);
  const results = (outcome.body as { results?: Array<{ status: number; body?: unknown }> } | undefined)?.results;
  if (!results || results.length !== entries.length) {
    return entries.map(() => ({ kind: 'retry', reason: 'De centrale dienst gaf een onverwacht antwoord.', retryAfterMs: null }) as const);
  }
  return results.map((r) => classify(r.status, r.body, null));
}

/**
 * GET /v1/health: whether the service at the endpoint answers at all (no sign-in needed, nothing sent). null when it
 * does; otherwise why not (a 5xx is the service's fault).
 */
export async function probeService(endpoint: Pick<Endpoint, 'baseUrl' | 'transport'>): Promise<NetworkProblem | null> {
  const answer = await request({ ...endpoint, timeoutMs: 10_000 }, 'health', {});
  if (answer.kind === 'answer') return answer.status < 500 ? null : serviceFault(endpoint.baseUrl, answer.status);
  return answer.kind === 'sign-in' ? null : answer.problem;
}

function serviceFault(baseUrl: string, status: number): NetworkProblem {
  return networkProblem('service', 'error', String(status), { host: new URL(baseUrl).host, proxy: null, status });
}

export type SignInResult =
  | { readonly ok: true; readonly token: string }
  | { readonly ok: false; readonly unreachable: false; readonly message: string }
  | { readonly ok: false; readonly unreachable: true; readonly message: string; readonly problem: NetworkProblem };

/**
 * DELETE /v1/sessions (issue 36): the service forgets the token, so a token copied from this PC stops working too.
 * Best effort and short: signing out locally never waits for it (offline, the token simply expires at the service).
 */
export async function deleteSession(endpoint: Pick<Endpoint, 'baseUrl' | 'transport'> & { readonly token: string }): Promise<boolean> {
  const answer = await request({ ...endpoint, timeoutMs: 5_000 }, 'deleteSession', {});
  return answer.kind === 'sign-in' || (answer.kind === 'answer' && answer.status < 300);
}

/** POST /v1/sessions for one BRIN6: the one sign-in request (app and CLI). The password goes nowhere else. */
export async function createSession(endpoint: Pick<Endpoint, 'baseUrl' | 'transport'>, brin6: string, username: string, password: string): Promise<SignInResult> {
  const answer = await request(endpoint, 'createSession', {}, { body: { brin6, username, password }, answer401: true });
  if (answer.kind === 'sign-in') return { ok: false, unreachable: false, message: answer.message };
  if (answer.kind !== 'answer') {
    return { ok: false, unreachable: true, problem: answer.problem, message: `Aanmelden lukte niet. ${answer.message} Je kunt offline verder werken en later aanmelden.` };
  }
  if (answer.status >= 500) {
    const problem = serviceFault(endpoint.baseUrl, answer.status);
    return { ok: false, unreachable: true, problem, message: `Aanmelden lukte niet. ${problem.message}` };
  }
  const body = (answer.body ?? {}) as { token?: unknown; detail?: unknown };
  if (answer.status === 201 && typeof body.token === 'string') return { ok: true, token: body.token };
  if (answer.status === 429) {
    // Too many wrong passwords (issue 36): how long to wait, from Retry-After, whatever the service's own words.
    const wait = retryAfterMs(answer.retryAfter);
    return { ok: false, unreachable: false, message: `Te veel mislukte aanmeldpogingen voor dit account. Wacht ${wait === null ? 'even' : dutchWait(wait / 1000)} en probeer het dan opnieuw; een wachtwoord vergeten kun je herstellen in het Cito Portal.` };
  }
  return { ok: false, unreachable: false, message: typeof body.detail === 'string' ? body.detail : `Aanmelden mislukt (status ${answer.status}).` };
}
