import diagnostics from 'node:diagnostics_channel';
import type { TLSSocket } from 'node:tls';
import { EnvHttpProxyAgent, request } from 'undici';
import type { Dispatcher } from 'undici';
import { classifyNodeError, proxyFor } from '../../shared/domain/network';
import type { ProxyEnvironment } from '../../shared/domain/network';
import { nameOf, trustedRoots } from './certificates';
import { TransportFailure, hostOf, proxyHost } from './transport';
import type { TlsSeen, Transport, TransportAnswer, TransportRequest } from './transport';

export interface NodeTransportOptions {
  /** Where HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are read; the process's environment by default. */
  readonly env?: ProxyEnvironment;
  /** The school's certificates (PEM), added to Node's and the system's roots; null for none. */
  readonly extraPem?: string | null;
  /** Where they came from (`--ca-file /pad`, `instelling`), for "Verbinding testen". */
  readonly extraSource?: string | null;
  /** The system's roots (tests pass their own; default: certificates.ts's systemCertificates). */
  readonly system?: readonly string[];
  /**
   * A proxy answered 407: ask the coordinator (browser mode's window) for its user name and password, kept only in
   * memory. Absent in the CLI, which says to put them in HTTPS_PROXY.
   */
  readonly proxyLogin?: (proxy: string) => Promise<{ readonly username: string; readonly password: string } | null>;
}

/** The proxy variables with the coordinator's credentials for `proxy` (`host:port`) put into its URL. */
function withCredentials(env: ProxyEnvironment, proxy: string, credentials: { username: string; password: string }): ProxyEnvironment {
  const out: Record<string, string | undefined> = { ...env };
  for (const name of ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']) {
    const value = env[name];
    if (!value) continue;
    try {
      const url = new URL(value.includes('://') ? value : `http://${value}`);
      if (url.host !== proxy) continue;
      url.username = encodeURIComponent(credentials.username);
      url.password = encodeURIComponent(credentials.password);
      out[name] = url.toString();
    } catch {
      // not a URL: left as it is
    }
  }
  return out;
}

/** The environment's proxy variables only: what the agent and `proxyFor` both read. */
function proxyEnvironment(env: ProxyEnvironment): ProxyEnvironment {
  const names = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY', 'no_proxy', 'NO_PROXY'];
  return Object.fromEntries(names.filter((n) => env[n] !== undefined && env[n] !== '').map((n) => [n, env[n]]));
}

function agentFor(env: ProxyEnvironment, ca: string[], rejectUnauthorized: boolean): EnvHttpProxyAgent {
  const httpProxy = env['http_proxy'] ?? env['HTTP_PROXY'];
  const httpsProxy = env['https_proxy'] ?? env['HTTPS_PROXY'] ?? httpProxy;
  const tlsOptions = { ca, rejectUnauthorized };
  // Both connection kinds: `connect` for direct connections, `requestTls` for the TLS inside a proxy's tunnel.
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    noProxy: env['no_proxy'] ?? env['NO_PROXY'] ?? '',
    connect: tlsOptions,
    requestTls: tlsOptions,
    proxyTls: { ca, rejectUnauthorized: true },
  });
}

/**
 * undici with the environment's proxy (EnvHttpProxyAgent: HTTPS_PROXY, HTTP_PROXY, NO_PROXY, credentials in the
 * proxy URL) and the system's roots plus the school's certificates. `request()` never follows a redirect.
 */
export function nodeTransport(options: NodeTransportOptions = {}): Transport {
  let env = proxyEnvironment(options.env ?? process.env);
  const extraPem = options.extraPem ?? null;
  const ca = trustedRoots(extraPem, options.system);
  let agent: EnvHttpProxyAgent | null = null;
  const dispatcher = () => (agent ??= agentFor(env, ca, true));
  /** After the coordinator typed the proxy's password: the agent is made again with it (memory only). */
  const signInToProxy = async (proxy: string): Promise<boolean> => {
    const credentials = await options.proxyLogin?.(proxy);
    if (!credentials) return false;
    env = withCredentials(env, proxy, credentials);
    const old = agent;
    agent = null;
    void old?.close().catch(() => {});
    return true;
  };
  const context = (url: URL) => ({ host: hostOf(url), proxy: proxyHost(proxyFor(url, env)) });

  return {
    kind: 'node',
    extraCertificates: extraPem ? (options.extraSource ?? 'opgegeven') : null,
    async send(req: TransportRequest): Promise<TransportAnswer> {
      for (;;) {
        try {
          return await sendWith(dispatcher(), req, context(req.url));
        } catch (error) {
          const proxy = context(req.url).proxy;
          // The proxy wants a sign-in: ask (at most twice in a while, ProxyLogins decides), then send again.
          if (!(error instanceof TransportFailure) || error.problem.code !== 'proxy.auth' || !proxy || !(await signInToProxy(proxy))) throw error;
        }
      }
    },
    proxyFor: (url) => Promise.resolve(proxyFor(url, env)),
    async inspectTls(url: URL, timeoutMs: number): Promise<TlsSeen | null> {
      if (url.protocol !== 'https:') return null;
      // A connection of its own that accepts any certificate, only to read the one shown; nothing is sent on it
      // but GET /v1/health. What this transport would decide is `socket.authorized` against the same roots.
      const probe = agentFor(env, ca, false);
      let seen: TlsSeen | null = null;
      const onConnected = (message: unknown) => {
        const { socket, connectParams } = message as { socket: TLSSocket; connectParams: { hostname?: string } };
        if (connectParams.hostname !== url.hostname || typeof socket.getPeerCertificate !== 'function') return;
        const cert = socket.getPeerCertificate();
        if (!cert || !cert.subject) return;
        const dn = (o: Record<string, unknown> | undefined) => Object.entries(o ?? {}).map(([k, v]) => `${k}=${String(v)}`).join('\n');
        seen = {
          subject: nameOf(dn(cert.subject as unknown as Record<string, unknown>)),
          issuer: nameOf(dn(cert.issuer as unknown as Record<string, unknown>)),
          validTo: new Date(cert.valid_to).toISOString(),
          trusted: socket.authorized,
          error: socket.authorized ? null : String(socket.authorizationError ?? 'onbekend'),
        };
      };
      diagnostics.subscribe('undici:client:connected', onConnected);
      try {
        await sendWith(probe, { method: 'GET', url: new URL('/v1/health', url), headers: {}, timeoutMs }, context(url)).catch(() => null);
      } finally {
        diagnostics.unsubscribe('undici:client:connected', onConnected);
        await probe.close().catch(() => {});
      }
      return seen;
    },
    async close() {
      const current = agent;
      agent = null;
      await current?.close().catch(() => {});
    },
  };
}

async function sendWith(dispatcher: Dispatcher, req: TransportRequest, context: { host: string; proxy: string | null }): Promise<TransportAnswer> {
  try {
    const response = await request(req.url, {
      dispatcher,
      method: req.method as Dispatcher.HttpMethod,
      headers: { ...req.headers },
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
    };
    // A body that breaks off half-way is no answer: the change stays queued (its key replays it safely).
    const text = await response.body.text();
    return { status: response.statusCode, contentType: header('content-type'), retryAfter: header('retry-after'), text };
  } catch (error) {
    throw new TransportFailure(classifyNodeError(error, context));
  }
}
