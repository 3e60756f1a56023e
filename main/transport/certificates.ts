import crypto from 'node:crypto';
import fs from 'node:fs';
import { isIP } from 'node:net';
import tls from 'node:tls';

/**
 * Certificates: the system's roots for undici, the school's own (a PEM file IT gives the console, for TLS inspection),
 * and the decision Electron's certificate check makes with them. Pure functions of their inputs, tested in Node.
 */

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates in a PEM text, each as its own PEM block. */
export function pemBlocks(text: string): string[] {
  return [...text.matchAll(PEM_BLOCK)].map((m) => `${m[0].replace(/\r\n/g, '\n')}\n`);
}

export interface CertificateSummary {
  readonly subject: string;
  readonly issuer: string;
  readonly validTo: string;
  readonly isCa: boolean;
}

/** A readable name from an X.509 distinguished name (`CN=…\nO=…`): the common name, else the organisation. */
export function nameOf(dn: string): string {
  const fields = new Map(dn.split('\n').map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const));
  return fields.get('CN') ?? fields.get('O') ?? dn.replace(/\n/g, ', ');
}

export type ParsedCertificates =
  | { readonly ok: true; readonly pem: string; readonly certificates: readonly CertificateSummary[] }
  | { readonly ok: false; readonly message: string };

/**
 * The school's certificate file, checked before it is used: PEM (one or more CERTIFICATE blocks), each readable by
 * X.509. A DER file, a private key or anything else is refused with a Dutch message that says what to give instead.
 */
export function parseCertificates(text: string): ParsedCertificates {
  if (/PRIVATE KEY-----/.test(text)) {
    return { ok: false, message: 'Dit bestand bevat een privésleutel. Geef de console alleen het certificaat van de school (het openbare deel, “-----BEGIN CERTIFICATE-----”), nooit de sleutel.' };
  }
  const blocks = pemBlocks(text);
  if (blocks.length === 0) {
    return { ok: false, message: 'Dit is geen certificaat in PEM-formaat. Vraag de ICT-afdeling het certificaat van de school als .pem- of .crt-bestand met “-----BEGIN CERTIFICATE-----” (Base64), niet als DER.' };
  }
  if (blocks.length > 50) return { ok: false, message: 'Dit bestand bevat meer dan 50 certificaten. Geef alleen het certificaat (of de certificaten) van de school.' };
  const certificates: CertificateSummary[] = [];
  for (const block of blocks) {
    try {
      const cert = new crypto.X509Certificate(block);
      certificates.push({ subject: nameOf(cert.subject), issuer: nameOf(cert.issuer), validTo: new Date(cert.validTo).toISOString(), isCa: cert.ca });
    } catch {
      return { ok: false, message: 'Een van de certificaten in dit bestand is onleesbaar. Vraag de ICT-afdeling het certificaat van de school opnieuw te exporteren (PEM, Base64).' };
    }
  }
  return { ok: true, pem: blocks.join(''), certificates };
}

/** Where Linux distributions keep the system's trusted roots (Node 20 cannot ask the system itself). */
const BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/ca-bundle.pem', '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', '/etc/ssl/cert.pem'];

/**
 * The system's trusted roots: Node's `tls.getCACertificates('system')` where it exists (Node ≥ 22.15, so Electron's
 * Node: the Windows and macOS stores), else SSL_CERT_FILE or the distribution's bundle. Added to Node's own roots.
 */
export function systemCertificates(env: NodeJS.ProcessEnv = process.env, read: (file: string) => string | null = readIfExists): string[] {
  const ask = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates;
  if (typeof ask === 'function') {
    try {
      return ask('system');
    } catch {
      // fall through to the files
    }
  }
  for (const file of [env['SSL_CERT_FILE'], ...BUNDLES]) {
    if (!file) continue;
    const text = read(file);
    if (text) return pemBlocks(text);
  }
  return [];
}

function readIfExists(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** Node's roots, the system's and the school's, without duplicates: the `ca` option of every TLS connection. */
export function trustedRoots(extraPem: string | null, system: readonly string[] = systemCertificates()): string[] {
  const all = [...tls.rootCertificates, ...system, ...(extraPem ? pemBlocks(extraPem) : [])];
  const seen = new Set<string>();
  return all.filter((pem) => {
    const key = pem.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Electron's certificate verify callback: 0 accept, -2 reject, -3 Chromium's own verdict. */
export type VerifyVerdict = 0 | -2 | -3;

/**
 * Electron (`session.setCertificateVerifyProc`): Chromium checks every certificate against the OS store first. Only
 * when it says the issuer is unknown (`net::ERR_CERT_AUTHORITY_INVALID`) and the school gave the console its own
 * certificate is the chain checked here: each link signed by the next, the last signed by one of the school's
 * certificates (a CA), every certificate within its dates, and the leaf for this host. Anything else keeps
 * Chromium's verdict. Pure (node:crypto), so it is tested in Node; Electron only calls it.
 */
export function decideCertificate(input: {
  readonly hostname: string;
  readonly verificationResult: string;
  /** The chain as Electron gives it (`certificate.data`, then each `issuerCert.data`), leaf first. */
  readonly chain: readonly string[];
  readonly extraPem: string | null;
  readonly now: Date;
}): VerifyVerdict {
  if (input.verificationResult !== 'net::ERR_CERT_AUTHORITY_INVALID' || !input.extraPem || input.chain.length === 0) return -3;
  try {
    const chain = input.chain.map((pem) => new crypto.X509Certificate(pem));
    const anchors = pemBlocks(input.extraPem).map((pem) => new crypto.X509Certificate(pem)).filter((c) => c.ca);
    const within = (c: crypto.X509Certificate) => new Date(c.validFrom) <= input.now && input.now <= new Date(c.validTo);
    const host = input.hostname.replace(/^\[|\]$/g, '');
    const forHost = isIP(host) ? chain[0]!.checkIP(host) : chain[0]!.checkHost(host);
    if (!chain.every(within) || !forHost) return -3;
    for (let i = 0; i < chain.length; i++) {
      const cert = chain[i]!;
      const anchor = anchors.find((a) => within(a) && cert.checkIssued(a) && cert.verify(a.publicKey));
      if (anchor) return 0;
      const next = chain[i + 1];
      if (!next || !next.ca || !cert.checkIssued(next) || !cert.verify(next.publicKey)) return -3;
    }
    return -3;
  } catch {
    return -3;
  }
}
