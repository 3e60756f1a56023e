import { routeOf, routePath } from '../../shared/api/routes';
import type { RouteId, RouteParams } from '../../shared/api/routes';
import { judgeAnswer } from '../../shared/domain/network';
import type { NetworkProblem } from '../../shared/domain/network';
import { TransportFailure, hostOf, proxyHost } from '../transport/transport';
import type { Transport } from '../transport/transport';

/** Where the service is, how to reach it, and the location's session (none for the health check and the sign-in). */
export interface Endpoint {
  readonly baseUrl: string;
  /** The one transport of this process (main/transport): Chromium's network stack in Electron, undici in Node. */
  readonly transport: Transport;
  readonly token?: string;
  readonly timeoutMs?: number;
}

/**
 * What became of one request, the same way for every caller: the service's answer (any status but 401), or why there
 * is none. `unreachable`: no path to the service, or something else answered (proxy, certificate, a block page —
 * `problem` says which); `timeout`: no answer in time; `sign-in`: 401, the session expired or was refused.
 */
export type Answer =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown; readonly retryAfter: string | null }
  | { readonly kind: 'unreachable' | 'timeout'; readonly message: string; readonly problem: NetworkProblem }
  | { readonly kind: 'sign-in'; readonly message: string };

/** The Dutch words for a request that needs a new sign-in; every screen and the CLI use these. */
export const NO_ANSWER = {
  'sign-in': 'Je sessie is verlopen. Meld je opnieuw aan.',
} as const;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Give the 401 answer itself instead of `sign-in` (the sign-in request, whose 401 means "wrong password"). */
  readonly answer401?: boolean;
}

/** A route of shared/api/routes.ts with its params: the one way main calls the service. */
export function request(endpoint: Endpoint, routeId: RouteId, params: RouteParams, options: RequestOptions = {}): Promise<Answer> {
  const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)])).toString()}` : '';
  return send(endpoint, routeId, `${routePath(routeId, params)}${query}`, options);
}

/**
 * A request of a route with its path given (a queued entry carries its path, made from its route when it was queued).
 * Never throws for network or HTTP failures. Strict (issue 30): redirects are never followed, and only the service's
 * own JSON counts as an answer — a 2xx must be valid against the route's response schema — so a web filter's block
 * page or a sign-in page is never taken for a delivery (shared/domain/network.ts judgeAnswer).
 */
export async function send(endpoint: Endpoint, routeId: RouteId, path: string, options: RequestOptions = {}): Promise<Answer> {
  const route = routeOf(routeId);
  const url = new URL(path, endpoint.baseUrl);
  let raw;
  try {
    raw = await endpoint.transport.send({
      method: route.method,
      url,
      headers: {
        accept: 'application/json',
        ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      timeoutMs: endpoint.timeoutMs ?? 15_000,
    });
  } catch (error) {
    if (!(error instanceof TransportFailure)) throw error;
    const { problem } = error;
    return { kind: problem.cause === 'timeout' ? 'timeout' : 'unreachable', message: problem.message, problem };
  }
  // Which proxy is in use only matters for a problem's message: asked then, not on every answer (a hot path).
  let judged = judgeAnswer(raw, route.response, { host: hostOf(url), proxy: null });
  if (judged.kind === 'problem') {
    const proxy = proxyHost(await endpoint.transport.proxyFor(url).catch(() => null));
    if (proxy) judged = judgeAnswer(raw, route.response, { host: hostOf(url), proxy });
  }
  if (judged.kind === 'problem') return { kind: 'unreachable', message: judged.problem.message, problem: judged.problem };
  if (judged.status === 401 && !options.answer401) return { kind: 'sign-in', message: NO_ANSWER['sign-in'] };
  return { kind: 'answer', status: judged.status, body: judged.body, retryAfter: raw.retryAfter };
}

/** What a pull (a GET the engine makes for a resource) tells the round: its problem in Dutch, or null. */
export interface PullOutcome {
  readonly error: string | null;
  readonly unreachable: boolean;
  readonly needsSignIn: boolean;
  /** Why the service gave no answer (the connection's cause), or absent. */
  readonly problem?: NetworkProblem;
}

export const PULLED: PullOutcome = { error: null, unreachable: false, needsSignIn: false };

/** A request that got no usable answer, as a pull's outcome. */
export function pullProblem(answer: Exclude<Answer, { kind: 'answer' }>): PullOutcome {
  return {
    error: answer.message,
    unreachable: answer.kind === 'unreachable',
    needsSignIn: answer.kind === 'sign-in',
    ...('problem' in answer ? { problem: answer.problem } : {}),
  };
}
