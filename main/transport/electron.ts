/**
 * The Electron transport: Chromium's network stack on the app's session (`session.fetch`), so the system proxy,
 * PAC/WPAD, proxy sign-in and the OS certificate store apply. Imported only by the Electron entry (main/index.ts).
 * Its decisions are plain functions tested in Node: the errors (shared/domain/network.ts classifyChromiumError), the
 * proxy (plan.ts parseChromiumProxy) and the school's certificates (certificates.ts decideCertificate). Verified only
 * on paper: no Electron binary runs on the development machines.
 */
import type { Session } from 'electron';
import { classifyChromiumError } from '../../shared/domain/network';
import { decideCertificate, nameOf } from './certificates';
import { parseChromiumProxy } from './plan';
import { TransportFailure, hostOf, proxyHost } from './transport';
import type { TlsSeen, Transport, TransportAnswer, TransportRequest } from './transport';

export function electronTransport(session: Session, extraPem: string | null, extraSource: string | null): Transport {
  /** The last certificate Chromium checked per host, for "Verbinding testen". */
  const seen = new Map<string, TlsSeen>();
  session.setCertificateVerifyProc((request, callback) => {
    const chain: string[] = [];
    for (let cert: Electron.Certificate | undefined = request.certificate; cert && chain.length < 10; cert = cert.issuerCert) chain.push(cert.data);
    const verdict = decideCertificate({ hostname: request.hostname, verificationResult: request.verificationResult, chain, extraPem, now: new Date() });
    seen.set(request.hostname, {
      subject: nameOf(request.certificate.subjectName.replace(/, /g, '\n')),
      issuer: request.certificate.issuer.commonName || request.certificate.issuerName,
      validTo: new Date(request.certificate.validExpiry * 1000).toISOString(),
      trusted: verdict === 0 || request.verificationResult === 'net::OK',
      error: verdict === 0 || request.verificationResult === 'net::OK' ? null : request.verificationResult,
    });
    callback(verdict);
  });
  const proxyOf = async (url: URL) => parseChromiumProxy(await session.resolveProxy(url.toString()));
  const send = async (req: TransportRequest): Promise<TransportAnswer> => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), req.timeoutMs);
    try {
      const response = await session.fetch(req.url.toString(), {
        method: req.method,
        headers: { ...req.headers },
        ...(req.body !== undefined ? { body: req.body } : {}),
        redirect: 'manual',
        signal: controller.signal,
        bypassCustomProtocolHandlers: true,
      });
      const text = await response.text();
      // An opaque redirect (status 0) is a redirect too: request.ts judges every status outside 2xx/4xx/5xx as one.
      return { status: response.status, contentType: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), text };
    } catch (error) {
      // The proxy is asked only now, for the message (never before every request).
      const context = { host: hostOf(req.url), proxy: proxyHost(await proxyOf(req.url).catch(() => null)) };
      throw new TransportFailure(classifyChromiumError(error instanceof Error ? error.message : String(error), context, controller.signal.aborted));
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    kind: 'electron',
    extraCertificates: extraPem ? extraSource : null,
    send,
    proxyFor: proxyOf,
    async inspectTls(url, timeoutMs) {
      if (url.protocol !== 'https:') return null;
      // Chromium keeps verified certificates: a fresh connection makes it verify (and report) again.
      await session.closeAllConnections().catch(() => {});
      await send({ method: 'GET', url: new URL('/v1/health', url), headers: {}, timeoutMs }).catch(() => null);
      return seen.get(url.hostname) ?? null;
    },
    close: () => Promise.resolve(),
  };
}
