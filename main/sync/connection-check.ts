import type { ConnectionCheck } from '../../shared/bridge/network';
import { whoamiSchema } from '../../shared/api/resources';
import type { Transport } from '../transport/transport';
import { request } from './request';

/** The service's address as the report names it: scheme, host and port, no credentials, path or query. */
function serviceLabel(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.host}`;
}

/**
 * "Verbinding testen" and `cli check-connection` (issue 30, point 4): every leg through the same transport the sync
 * uses, so what it says is what the sync meets. `token`: a location's session, for the public address the service
 * sees (the address the test browsers use, which the allowlist must hold).
 */
export async function checkConnection(input: {
  readonly transport: Transport;
  readonly baseUrl: string | null;
  readonly token: string | null;
  /** Why no address is asked (not signed in), when there is no token. */
  readonly noTokenNote?: string;
  readonly now?: Date;
  readonly timeoutMs?: number;
}): Promise<ConnectionCheck> {
  const { transport, baseUrl } = input;
  const timeoutMs = input.timeoutMs ?? 10_000;
  const checkedAt = (input.now ?? new Date()).toISOString();
  const lines: string[] = [`Verbindingstest Beheerconsole, ${checkedAt}`];
  const extra = transport.extraCertificates;
  if (!baseUrl) {
    lines.push('Centrale dienst: nog geen adres ingesteld. Vul het in bij stap 1 (of geef --api mee).');
    return {
      checkedAt,
      service: null,
      transport: transport.kind,
      proxy: null,
      extraCertificates: extra,
      tls: null,
      health: { ok: false, status: null, problem: null },
      publicAddress: null,
      addressNote: 'Er is nog geen adres van de centrale dienst ingesteld.',
      text: `${lines.join('\n')}\n`,
    };
  }
  const url = new URL(baseUrl);
  const service = serviceLabel(baseUrl);
  lines.push(`Centrale dienst: ${service}`);
  lines.push(`Netwerk: ${transport.kind === 'electron' ? 'Chromium (systeemproxy en certificaten van Windows)' : 'Node (proxy uit HTTPS_PROXY/HTTP_PROXY, certificaten van het systeem)'}`);
  const proxy = await transport.proxyFor(url).catch(() => null);
  lines.push(`Proxy: ${proxy ?? 'geen (rechtstreeks)'}`);
  lines.push(`Extra certificaten: ${extra ?? 'geen (alleen die van het systeem)'}`);
  const tls = await transport.inspectTls(url, timeoutMs).catch(() => null);
  if (url.protocol !== 'https:') lines.push('Certificaat: geen (http)');
  else if (!tls) lines.push('Certificaat: niet te zien (er kwam geen beveiligde verbinding tot stand)');
  else lines.push(`Certificaat: ${tls.subject}, uitgegeven door ${tls.issuer}, geldig tot ${tls.validTo.slice(0, 10)}; ${tls.trusted ? 'vertrouwd' : `NIET vertrouwd (${tls.error ?? 'onbekend'})`}`);
  const endpoint = { baseUrl, transport, timeoutMs };
  const health = await request(endpoint, 'health', {});
  let healthLeg: ConnectionCheck['health'];
  if (health.kind === 'answer') {
    healthLeg = { ok: health.status === 200, status: health.status, problem: null };
    lines.push(`GET /v1/health: status ${health.status}${health.status === 200 ? ' (de dienst antwoordt)' : ''}`);
  } else if (health.kind === 'sign-in') {
    healthLeg = { ok: false, status: 401, problem: null };
    lines.push('GET /v1/health: status 401');
  } else {
    healthLeg = { ok: false, status: null, problem: { cause: health.problem.cause, code: health.problem.code, message: health.problem.message } };
    lines.push(`GET /v1/health: geen antwoord van de dienst — ${health.problem.code} (${health.problem.raw})`);
    lines.push(`Betekenis: ${health.problem.message}`);
  }
  let publicAddress: string | null = null;
  let addressNote: string | null = null;
  if (!input.token) addressNote = input.noTokenNote ?? 'Niet aangemeld: meld je aan om te zien welk adres de dienst van deze pc ziet.';
  else if (!healthLeg.ok) addressNote = 'Niet gevraagd: de dienst antwoordde niet.';
  else {
    const who = await request({ ...endpoint, token: input.token }, 'whoami', {});
    const parsed = who.kind === 'answer' && who.status === 200 ? whoamiSchema.safeParse(who.body) : null;
    if (parsed?.success) publicAddress = parsed.data.address;
    else addressNote = who.kind === 'sign-in' ? 'Je sessie is verlopen: meld je opnieuw aan.' : who.kind === 'answer' ? `De dienst gaf geen adres (status ${who.status}).` : who.message;
  }
  lines.push(`Publiek adres volgens de dienst: ${publicAddress ?? addressNote}`);
  return { checkedAt, service, transport: transport.kind, proxy, extraCertificates: extra, tls, health: healthLeg, publicAddress, addressNote, text: `${lines.join('\n')}\n` };
}
