import type { NetworkProblem } from '../../shared/domain/network';

/**
 * The one way main talks to the central service (issue 30): Chromium's network stack (`net.fetch` on the app's
 * session) in Electron, undici with the environment's proxy and the system's certificates in Node. Every request of
 * main/sync goes through a Transport; which one is decided once per process (`transportPlan`, plain and tested).
 * A transport never follows a redirect and never decides what an answer means: main/sync/request.ts judges it.
 */
export interface TransportRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

/** What came back, read whole: the status, two headers and the text. */
export interface TransportAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
  readonly text: string;
}

/** What "Verbinding testen" reports of the TLS leg: the certificate this PC was shown. */
export interface TlsSeen {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  /** Whether this transport trusts it (system certificates plus the school's, if given). */
  readonly trusted: boolean;
  /** Why not, as the TLS layer says it (`UNABLE_TO_VERIFY_LEAF_SIGNATURE`), or null. */
  readonly error: string | null;
}

export interface Transport {
  /** `electron`: Chromium's network stack; `node`: undici. */
  readonly kind: 'electron' | 'node';
  /** Sends one request without following redirects. Rejects only with a TransportFailure. */
  send(request: TransportRequest): Promise<TransportAnswer>;
  /** The proxy a request to `url` goes through (`http://proxy.school.nl:8080`, no credentials), or null for direct. */
  proxyFor(url: URL): Promise<string | null>;
  /** The certificate shown for `url`, through the same proxy; null for http or when none could be read. */
  inspectTls(url: URL, timeoutMs: number): Promise<TlsSeen | null>;
  /** Where the extra certificates come from, for the check's report (null: the system's only). */
  readonly extraCertificates: string | null;
  close(): Promise<void>;
}

/** No answer from the service: why, in the shared model's words. */
export class TransportFailure extends Error {
  constructor(readonly problem: NetworkProblem) {
    super(problem.message);
    this.name = 'TransportFailure';
  }
}

/** The host the messages name: never a path, query or credentials. */
export function hostOf(url: URL): string {
  return url.host;
}

/** A proxy URL as the messages name it: `host:port`, never its credentials. */
export function proxyHost(proxyUrl: string | null): string | null {
  if (!proxyUrl) return null;
  try {
    return new URL(proxyUrl).host;
  } catch {
    return null;
  }
}

/** The school's certificates and where they came from, as a transport is made with them. */
export interface ExtraCertificates {
  readonly pem: string;
  readonly source: string;
}

/** Makes the process's transport (again, when the school's certificates change). */
export type TransportFactory = (extra: ExtraCertificates | null) => Transport;
