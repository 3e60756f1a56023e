import { routeOf, routePath } from '../../shared/api/routes';
import type { RouteId, RouteParams } from '../../shared/api/routes';

/** Where the service is, and the location's session (none for the health check and the sign-in itself). */
export interface Endpoint {
  readonly baseUrl: string;
  readonly token?: string;
  readonly timeoutMs?: number;
}

/**
 * What became of one request, the same way for every caller: an answer (any status but 401), or why there is none.
 * `unreachable`: no connection at all (the console is offline); `timeout`: no answer in time; `sign-in`: 401, the
 * session expired or was refused.
 */
export type Answer =
  | { readonly kind: 'answer'; readonly status: number; readonly body: unknown; readonly headers: Headers }
  | { readonly kind: 'unreachable' | 'timeout' | 'sign-in'; readonly message: string };

/** The Dutch words for the three ways a request can fail without an answer; every screen and the CLI use these. */
export const NO_ANSWER = {
  unreachable: 'Geen verbinding met de centrale dienst.',
  timeout: 'De centrale dienst antwoordde niet op tijd.',
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
  return send(endpoint, routeOf(routeId).method, `${routePath(routeId, params)}${query}`, options);
}

/**
 * A request with its method and path given (a queued entry carries both, taken from its route when it was queued).
 * Never throws for network or HTTP failures; a body that is not JSON reads as undefined.
 */
export async function send(endpoint: Endpoint, method: string, path: string, options: RequestOptions = {}): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(new URL(path, endpoint.baseUrl), {
      method,
      headers: {
        ...(endpoint.token ? { authorization: `Bearer ${endpoint.token}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(endpoint.timeoutMs ?? 15_000),
    });
  } catch (error) {
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    return timeout ? { kind: 'timeout', message: NO_ANSWER.timeout } : { kind: 'unreachable', message: NO_ANSWER.unreachable };
  }
  // An answer that broke off half-way reads as no body: the status decides (a retry is safe, the key replays).
  const text = await response.text().catch(() => '');
  if (response.status === 401 && !options.answer401) return { kind: 'sign-in', message: NO_ANSWER['sign-in'] };
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  return { kind: 'answer', status: response.status, body, headers: response.headers };
}

/** What a pull (a GET the engine makes for a resource) tells the round: its problem in Dutch, or null. */
export interface PullOutcome {
  readonly error: string | null;
  readonly unreachable: boolean;
  readonly needsSignIn: boolean;
}

export const PULLED: PullOutcome = { error: null, unreachable: false, needsSignIn: false };

/** A request that got no usable answer, as a pull's outcome. */
export function pullProblem(answer: Exclude<Answer, { kind: 'answer' }>): PullOutcome {
  return { error: answer.message, unreachable: answer.kind === 'unreachable', needsSignIn: answer.kind === 'sign-in' };
}
