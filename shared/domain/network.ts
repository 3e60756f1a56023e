/**
 * Why a request to the central service got no answer from the service, in the words a school's IT department acts on
 * (issue 30). One model for every transport (Chromium's network stack in Electron, undici in Node) and every screen:
 * the status bar, step 1, "Nu synchroniseren", "Verbinding testen", the CLI and the support log (which gets only the
 * `code`, never a URL, a credential or a token). Pure: the transports hand in what they saw.
 *
 * - offline: DNS, refused, unreachable, reset — no network path to the service at all;
 * - proxy: the school's proxy could not be reached, asked for a sign-in (407) or would not open the tunnel;
 * - tls: the certificate was not trusted (TLS inspection), expired, or for another host;
 * - diverted: something else answered — a redirect, an HTML page, a 2xx that is not the service's answer
 *   (a web filter's block page or a sign-in page): never a delivery;
 * - timeout: no answer in time;
 * - service: the service itself answered with a fault (5xx without its own problem document).
 */

export const NETWORK_CAUSES = ['offline', 'proxy', 'tls', 'diverted', 'timeout', 'service'] as const;
export type NetworkCause = (typeof NETWORK_CAUSES)[number];

/** The finer reason within a cause; `cause.detail` is the code the support log and `--json` carry. */
export type NetworkDetail =
  | 'dns'
  | 'refused'
  | 'unreachable'
  | 'reset'
  | 'auth'
  | 'tunnel'
  | 'untrusted'
  | 'expired'
  | 'wrong-host'
  | 'handshake'
  | 'redirect'
  | 'page'
  | 'not-the-service'
  | 'no-answer'
  | 'error';

export interface NetworkProblem {
  readonly cause: NetworkCause;
  /** `cause.detail`, e.g. `tls.untrusted`: for logs and scripts (no URL, no credentials). */
  readonly code: string;
  /** The raw code the transport saw (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`, `net::ERR_PROXY_CONNECTION_FAILED`, `302`). */
  readonly raw: string;
  /** What is so and what to do next, in Dutch. */
  readonly message: string;
}

/** What a message may name: the service's host (never its path, query or credentials) and the proxy's host:port. */
export interface ProblemContext {
  /** The service's host name, e.g. `volgsysteem.example.nl`. */
  readonly host: string;
  /** The proxy in use (`proxy.school.nl:8080`), or null when the request went direct. */
  readonly proxy: string | null;
  /** The HTTP status seen, for a diversion or a fault. */
  readonly status?: number;
}

const NEXT_FOR_IT = 'Geef deze melding aan de ICT-afdeling van de school (Support en updates → Verbinding testen laat zien wat er gebeurt).';

/** The Dutch message for a cause and detail. Every message names its cause in the word IT looks for. */
export function networkProblem(cause: NetworkCause, detail: NetworkDetail, raw: string, context: ProblemContext): NetworkProblem {
  const host = context.host;
  const proxy = context.proxy ? `de proxy ${context.proxy}` : 'de proxy van het schoolnetwerk';
  let message: string;
  switch (cause) {
    case 'offline':
      message =
        detail === 'dns'
          ? `Geen verbinding met de centrale dienst: de naam ${host} kon niet worden opgezocht (DNS). Controleer de internetverbinding van deze pc; de console probeert het vanzelf opnieuw.`
          : detail === 'refused'
            ? `Geen verbinding met de centrale dienst: ${host} weigerde de verbinding. Controleer het adres van de dienst en de internetverbinding; de console probeert het vanzelf opnieuw.`
            : detail === 'reset'
              ? `Geen verbinding met de centrale dienst: de verbinding met ${host} werd verbroken. De console probeert het vanzelf opnieuw.`
              : `Geen verbinding met de centrale dienst: ${host} is vanaf deze pc niet bereikbaar. Controleer de internetverbinding; de console probeert het vanzelf opnieuw.`;
      break;
    case 'proxy':
      message =
        detail === 'auth'
          ? `De proxy van het schoolnetwerk vraagt om aanmelding (407) en liet het verzoek niet door. Meld je aan bij ${proxy}, of vraag de ICT-afdeling de centrale dienst (${host}) zonder aanmelding door te laten.`
          : detail === 'tunnel'
            ? `De proxy van het schoolnetwerk liet de verbinding met ${host} niet toe${context.status ? ` (status ${context.status})` : ''}. Vraag de ICT-afdeling ${host} (poort 443) toe te staan in ${proxy}.`
            : `De proxy van het schoolnetwerk is niet bereikbaar: ${proxy} antwoordde niet. Controleer de proxy-instellingen van deze pc of vraag de ICT-afdeling. ${NEXT_FOR_IT}`;
      break;
    case 'tls':
      message =
        detail === 'expired'
          ? `Het certificaat van ${host} is verlopen of nog niet geldig; de console stuurt niets over een verbinding die ze niet kan vertrouwen. Controleer de datum en tijd van deze pc; klopt die, ${NEXT_FOR_IT}`
          : detail === 'wrong-host'
            ? `Het certificaat dat deze pc te zien kreeg, hoort niet bij ${host}; de console stuurt niets over die verbinding. Meestal zit TLS-inspectie van het schoolnetwerk ertussen: vraag de ICT-afdeling ${host} uit te zonderen van TLS-inspectie.`
            : detail === 'handshake'
              ? `De beveiligde verbinding (TLS) met ${host} kwam niet tot stand; het certificaat kon niet worden gecontroleerd. Vraag de ICT-afdeling ${host} uit te zonderen van TLS-inspectie. ${NEXT_FOR_IT}`
              : `Het certificaat van de verbinding met ${host} wordt niet vertrouwd: het is uitgegeven door een instantie die deze pc niet kent, meestal de TLS-inspectie van het schoolnetwerk. Vraag de ICT-afdeling ${host} uit te zonderen van TLS-inspectie, of geef de console het certificaat van de school (Support en updates → Certificaat van de school; op de opdrachtregel --ca-file).`;
      break;
    case 'diverted':
      message = `Het verzoek is omgeleid: het schoolnetwerk stuurde het naar een andere pagina (bijvoorbeeld een webfilter of inlogpagina) in plaats van naar de centrale dienst${context.status ? ` (status ${context.status})` : ''}. Er is niets afgeleverd; alles blijft op deze pc en gaat later opnieuw. Vraag de ICT-afdeling ${host} toe te staan in het webfilter.`;
      break;
    case 'timeout':
      message = `De centrale dienst (${host}) antwoordde niet op tijd. Er is niets verloren; de console probeert het vanzelf opnieuw.`;
      break;
    case 'service':
      message = `De centrale dienst (${host}) gaf een fout${context.status ? ` (status ${context.status})` : ''}. Er is niets verloren; de console probeert het later opnieuw.`;
      break;
  }
  return { cause, code: `${cause}.${detail}`, raw, message };
}

/**
 * A problem that waiting a few seconds does not fix: the proxy, the certificate, a web filter, a name that does not
 * resolve. The CLI's `sync` stops at once on these (the next run or round tries again); a refused or dropped
 * connection, a timeout or a service fault are retried with backoff.
 */
export function isLasting(problem: Pick<NetworkProblem, 'cause' | 'code'> | null | undefined): boolean {
  if (!problem) return false;
  return problem.cause === 'proxy' || problem.cause === 'tls' || problem.cause === 'diverted' || problem.code === 'offline.dns';
}

/** An error as Node's sockets, TLS and undici report it: its code, message and nested cause. */
export interface ErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly cause?: unknown;
}

function chain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let current: unknown = error;
  for (let i = 0; i < 5 && typeof current === 'object' && current !== null; i++) {
    out.push(current as ErrorLike);
    current = (current as ErrorLike).cause;
  }
  return out;
}

const TLS_UNTRUSTED = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'CERT_REJECTED',
  'INVALID_CA',
]);
const TLS_EXPIRED = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID']);
const TLS_HOST = new Set(['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH']);
const OFFLINE: Record<string, NetworkDetail> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  UND_ERR_SOCKET: 'reset',
  UND_ERR_CLOSED: 'reset',
  ENETUNREACH: 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETDOWN: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
};
const TIMEOUTS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * Node (undici) errors to a problem. `proxy`: the proxy the request went through, or null; a connection that fails
 * while a proxy is in use failed at the proxy (the service's own address is only reached through the tunnel).
 */
export function classifyNodeError(error: unknown, context: ProblemContext): NetworkProblem {
  const errors = chain(error);
  const codes = errors.map((e) => e.code).filter((c): c is string => typeof c === 'string');
  const text = errors.map((e) => e.message ?? '').join(' | ');
  const timedOut = errors.some((e) => e.name === 'TimeoutError') || codes.some((c) => TIMEOUTS.has(c));
  const tunnel = /Proxy response \((\d{3})\)/.exec(text) ?? /Proxy Authentication Required \((407)\)/.exec(text);
  if (tunnel) {
    const status = Number(tunnel[1]);
    return networkProblem('proxy', status === 407 ? 'auth' : 'tunnel', String(status), { ...context, status });
  }
  const tlsCode = codes.find((c) => TLS_UNTRUSTED.has(c) || TLS_EXPIRED.has(c) || TLS_HOST.has(c) || c.startsWith('ERR_SSL_') || c.startsWith('ERR_TLS_') || c === 'EPROTO');
  if (tlsCode) {
    const detail: NetworkDetail = TLS_EXPIRED.has(tlsCode) ? 'expired' : TLS_HOST.has(tlsCode) ? 'wrong-host' : TLS_UNTRUSTED.has(tlsCode) ? 'untrusted' : 'handshake';
    return networkProblem('tls', detail, tlsCode, context);
  }
  if (timedOut) return networkProblem('timeout', 'no-answer', codes[0] ?? 'TimeoutError', context);
  const offline = codes.find((c) => c in OFFLINE);
  if (offline) {
    // Through a proxy, the only connection this PC makes is to the proxy: failing to make it is the proxy's.
    if (context.proxy && offline !== 'ECONNRESET' && offline !== 'UND_ERR_SOCKET' && offline !== 'EPIPE' && offline !== 'UND_ERR_CLOSED') {
      return networkProblem('proxy', 'unreachable', offline, context);
    }
    return networkProblem('offline', OFFLINE[offline]!, offline, context);
  }
  return networkProblem(context.proxy ? 'proxy' : 'offline', 'unreachable', codes[0] ?? (errors[0]?.name || 'Error'), context);
}

/**
 * Chromium's net errors (Electron's net.fetch rejects with `net::ERR_…` in its message) to a problem. Pure, so the
 * Electron transport's decisions are tested in Node.
 */
export function classifyChromiumError(message: string, context: ProblemContext, aborted = false): NetworkProblem {
  const raw = /net::ERR_[A-Z0-9_]+/.exec(message)?.[0] ?? '';
  const code = raw.replace('net::ERR_', '');
  if (aborted || code === 'TIMED_OUT' || code === 'CONNECTION_TIMED_OUT') return networkProblem('timeout', 'no-answer', raw || 'aborted', context);
  if (code === 'PROXY_AUTH_REQUESTED' || code === 'PROXY_AUTH_UNSUPPORTED' || code === 'PROXY_AUTH_REQUESTED_WITH_NO_CONNECTION') return networkProblem('proxy', 'auth', raw, context);
  if (code === 'TUNNEL_CONNECTION_FAILED') return networkProblem('proxy', 'tunnel', raw, context);
  if (code.startsWith('PROXY_') || code === 'MANDATORY_PROXY_CONFIGURATION_FAILED' || code === 'PAC_SCRIPT_FAILED' || code === 'PAC_NOT_IN_DHCP' || code === 'SOCKS_CONNECTION_FAILED') {
    return networkProblem('proxy', 'unreachable', raw, context);
  }
  if (code === 'CERT_DATE_INVALID') return networkProblem('tls', 'expired', raw, context);
  if (code === 'CERT_COMMON_NAME_INVALID') return networkProblem('tls', 'wrong-host', raw, context);
  if (code === 'CERT_AUTHORITY_INVALID' || code === 'CERT_INVALID' || code === 'CERT_WEAK_KEY' || code === 'CERT_REVOKED' || code === 'CERT_NO_REVOCATION_MECHANISM' || code === 'CERT_UNABLE_TO_CHECK_REVOCATION') {
    return networkProblem('tls', 'untrusted', raw, context);
  }
  if (code.startsWith('CERT_') || code.startsWith('SSL_') || code === 'BAD_SSL_CLIENT_AUTH_CERT') return networkProblem('tls', 'handshake', raw, context);
  if (code === 'TOO_MANY_REDIRECTS' || code === 'UNSAFE_REDIRECT' || code === 'INVALID_REDIRECT' || code === 'BLOCKED_BY_ADMINISTRATOR' || code === 'BLOCKED_BY_CLIENT') {
    return networkProblem('diverted', code.includes('REDIRECT') ? 'redirect' : 'page', raw, context);
  }
  if (code === 'NAME_NOT_RESOLVED' || code === 'NAME_RESOLUTION_FAILED') return networkProblem(context.proxy ? 'proxy' : 'offline', context.proxy ? 'unreachable' : 'dns', raw, context);
  if (code === 'CONNECTION_REFUSED') return networkProblem(context.proxy ? 'proxy' : 'offline', context.proxy ? 'unreachable' : 'refused', raw, context);
  if (code === 'CONNECTION_RESET' || code === 'CONNECTION_CLOSED' || code === 'EMPTY_RESPONSE' || code === 'CONNECTION_ABORTED') return networkProblem('offline', 'reset', raw, context);
  return networkProblem('offline', 'unreachable', raw || 'net::unknown', context);
}

/** What a transport got back, before anyone trusts it as the service's answer. */
export interface RawAnswer {
  readonly status: number;
  /** The Content-Type header, or null. */
  readonly contentType: string | null;
  readonly text: string;
}

/** The service's answer, or why it is not one. */
export type Judged =
  | { readonly kind: 'service'; readonly status: number; readonly body: unknown }
  | { readonly kind: 'problem'; readonly problem: NetworkProblem };

/** A schema as the judge needs it (zod's safeParse). */
export interface AnswerSchema {
  safeParse(value: unknown): { readonly success: boolean };
}

function isJsonType(contentType: string | null): boolean {
  return contentType !== null && /^application\/([\w.+-]*\+)?json\b/i.test(contentType.trim());
}

/**
 * Strict answers (issue 30, point 2): only the service's own JSON is an answer. A 3xx (never followed), an answer
 * that is not JSON, or a 2xx that is not valid against the route's response schema is "the network answered instead
 * of the service" — not a delivery, not a success. A 407 from a plain-HTTP proxy is the proxy's. A 5xx without the
 * service's problem document is a fault (retried); one with it stays an ordinary answer.
 * `schema`: the route's 2xx response schema; undefined for routes that answer without a body (204).
 */
export function judgeAnswer(raw: RawAnswer, schema: AnswerSchema | undefined, context: ProblemContext): Judged {
  const { status } = raw;
  const withStatus = { ...context, status };
  if (status === 407) return { kind: 'problem', problem: networkProblem('proxy', 'auth', '407', withStatus) };
  if (status < 200 || (status >= 300 && status < 400)) return { kind: 'problem', problem: networkProblem('diverted', 'redirect', String(status), withStatus) };
  const empty = raw.text.length === 0;
  let body: unknown;
  if (!empty) {
    if (!isJsonType(raw.contentType)) {
      return status >= 500
        ? { kind: 'problem', problem: networkProblem('service', 'error', String(status), withStatus) }
        : { kind: 'problem', problem: networkProblem('diverted', 'page', `${status} ${(raw.contentType ?? 'no content-type').split(';')[0]}`, withStatus) };
    }
    try {
      body = JSON.parse(raw.text) as unknown;
    } catch {
      return { kind: 'problem', problem: networkProblem(status >= 500 ? 'service' : 'diverted', status >= 500 ? 'error' : 'page', `${status} invalid-json`, withStatus) };
    }
  }
  if (status >= 200 && status < 300) {
    if (schema ? !schema.safeParse(body).success : !empty && status === 204) {
      return { kind: 'problem', problem: networkProblem('diverted', 'not-the-service', `${status} schema`, withStatus) };
    }
    return { kind: 'service', status, body };
  }
  // 4xx and 5xx: the service speaks in problem documents (RFC 9457); an empty 5xx is a gateway's fault.
  if (empty && status >= 500) return { kind: 'problem', problem: networkProblem('service', 'error', String(status), withStatus) };
  if (empty && status !== 401 && status !== 404 && status !== 412 && status !== 428) {
    return { kind: 'problem', problem: networkProblem('diverted', 'page', `${status} empty`, withStatus) };
  }
  return { kind: 'service', status, body };
}

/** The proxy settings of the environment, as undici's EnvHttpProxyAgent reads them (either case). */
export interface ProxyEnvironment {
  readonly [name: string]: string | undefined;
}

/**
 * Which proxy a request to `url` goes through, with the rules undici's EnvHttpProxyAgent applies: HTTPS_PROXY for
 * https (falling back to HTTP_PROXY), HTTP_PROXY for http, lower case first; NO_PROXY `*`, host names (a leading `.`
 * or `*.` matches sub-domains, a plain name matches itself and its sub-domains) and `host:port`. Returns the proxy
 * URL without credentials (`http://proxy.school.nl:8080`), or null for a direct connection. For "Verbinding testen"
 * and the messages; the requests themselves go through EnvHttpProxyAgent.
 */
export function proxyFor(url: URL, env: ProxyEnvironment): string | null {
  const httpProxy = env['http_proxy'] ?? env['HTTP_PROXY'];
  const proxy = url.protocol === 'https:' ? (env['https_proxy'] ?? env['HTTPS_PROXY'] ?? httpProxy) : httpProxy;
  if (!proxy) return null;
  const noProxy = (env['no_proxy'] ?? env['NO_PROXY'] ?? '').trim();
  if (noProxy === '*') return null;
  const host = url.host.replace(/:\d*$/, '').toLowerCase();
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  for (const raw of noProxy.split(/[,\s]/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const [name, entryPort] = /^(.*?)(?::(\d+))?$/.exec(entry)!.slice(1) as [string, string | undefined];
    if (entryPort && Number(entryPort) !== port) continue;
    const bare = name.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return null;
  }
  try {
    const parsed = new URL(proxy.includes('://') ? proxy : `http://${proxy}`);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}
