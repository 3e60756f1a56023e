import { describe, expect, it } from 'vitest';
import { healthSchema, userSchema, whoamiSchema } from '../../shared/api/resources';
import { NETWORK_CAUSES, classifyChromiumError, classifyNodeError, isLasting, judgeAnswer, networkProblem, proxyFor } from '../../shared/domain/network';
import type { RawAnswer } from '../../shared/domain/network';
import { connectionView, syncNowAnswer } from '../../shared/domain/connection';
import { propertySeed, seededRandom } from '../helpers/random';

const context = { host: 'volgsysteem.example.nl', proxy: null };
const clock = (iso: string) => iso.slice(11, 16);

describe('strict answers: only the service\'s own JSON is an answer (issue 30, point 2)', () => {
  const user = { id: 'u1', version: 1, voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email: 'ria@school.example', access: false, roles: [], invitedAt: null, activatedAt: null };

  it('hand-written cases: a redirect, a block page, a captive portal\'s JSON, a proxy\'s 407, a gateway\'s 502', () => {
    const json = 'application/json';
    expect(judgeAnswer({ status: 302, contentType: 'text/html', text: '<a href="/geblokkeerd">' }, healthSchema, context)).toMatchObject({ kind: 'problem', problem: { cause: 'diverted', code: 'diverted.redirect', raw: '302' } });
    expect(judgeAnswer({ status: 200, contentType: 'text/html; charset=utf-8', text: '<html>Geblokkeerd</html>' }, healthSchema, context)).toMatchObject({ kind: 'problem', problem: { cause: 'diverted', code: 'diverted.page' } });
    expect(judgeAnswer({ status: 200, contentType: json, text: '{"portal":true}' }, healthSchema, context)).toMatchObject({ kind: 'problem', problem: { code: 'diverted.not-the-service' } });
    expect(judgeAnswer({ status: 403, contentType: 'text/html', text: '<html>Toegang geweigerd</html>' }, userSchema, context)).toMatchObject({ kind: 'problem', problem: { cause: 'diverted' } });
    expect(judgeAnswer({ status: 407, contentType: 'text/html', text: 'Proxy Authentication Required' }, userSchema, context)).toMatchObject({ kind: 'problem', problem: { cause: 'proxy', code: 'proxy.auth' } });
    expect(judgeAnswer({ status: 502, contentType: 'text/html', text: '<h1>Bad Gateway</h1>' }, userSchema, context)).toMatchObject({ kind: 'problem', problem: { cause: 'service', code: 'service.error' } });
    // The service's own answers stay answers: a 2xx valid against the route's schema, a problem document, a 204.
    expect(judgeAnswer({ status: 200, contentType: json, text: '{"status":"ok"}' }, healthSchema, context)).toEqual({ kind: 'service', status: 200, body: { status: 'ok' } });
    expect(judgeAnswer({ status: 201, contentType: json, text: JSON.stringify(user) }, userSchema, context)).toMatchObject({ kind: 'service', status: 201 });
    expect(judgeAnswer({ status: 412, contentType: 'application/problem+json', text: '{"detail":"Verouderd."}' }, userSchema, context)).toMatchObject({ kind: 'service', status: 412 });
    expect(judgeAnswer({ status: 503, contentType: 'application/problem+json', text: '{"detail":"Even niet."}' }, userSchema, context)).toMatchObject({ kind: 'service', status: 503 });
    expect(judgeAnswer({ status: 204, contentType: null, text: '' }, undefined, context)).toEqual({ kind: 'service', status: 204, body: undefined });
    expect(judgeAnswer({ status: 401, contentType: null, text: '' }, whoamiSchema, context)).toMatchObject({ kind: 'service', status: 401 });
  });

  it('generated answers (fixed seed): a 3xx, a non-JSON body or a 2xx the schema refuses is never an answer', () => {
    const random = seededRandom(propertySeed(20261206));
    const types = ['application/json', 'application/problem+json', 'application/json; charset=utf-8', 'text/html', 'text/html; charset=utf-8', 'text/plain', null];
    const bodies = ['', '{"status":"ok"}', '{"status":"blocked"}', '<html>Geblokkeerd</html>', '{"detail":"Nee."}', 'not json {', '[]', 'null'];
    for (let round = 0; round < 2000; round++) {
      const status = random.pick([200, 201, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404, 407, 409, 412, 429, 500, 502, 503, 0, 100]);
      const raw: RawAnswer = { status, contentType: random.pick(types), text: random.pick(bodies) };
      const judged = judgeAnswer(raw, healthSchema, context);
      const what = `seed ${random.seed}, round ${round}: ${JSON.stringify(raw)}`;
      const json = raw.contentType !== null && raw.contentType.includes('json');
      if (status < 200 || (status >= 300 && status < 400)) expect(judged, what).toMatchObject({ kind: 'problem', problem: { cause: 'diverted', code: 'diverted.redirect' } });
      if (status === 407) expect(judged, what).toMatchObject({ kind: 'problem', problem: { cause: 'proxy' } });
      if (raw.text !== '' && !json) expect(judged.kind, what).toBe('problem');
      if (status >= 200 && status < 300) {
        const valid = json && raw.text === '{"status":"ok"}';
        expect(judged.kind, what).toBe(valid ? 'service' : 'problem');
      }
      // Whatever it is, a problem always says why in Dutch with its cause's word, and never names a path.
      if (judged.kind === 'problem') {
        expect(NETWORK_CAUSES, what).toContain(judged.problem.cause);
        expect(judged.problem.message, what).toContain(context.host);
        if (judged.problem.cause === 'diverted') expect(judged.problem.message, what).toContain('omgeleid');
      }
    }
  });
});

describe('why there is no answer: Node\'s and Chromium\'s errors in one model', () => {
  const withCause = (code: string, cause?: unknown) => Object.assign(new Error(code), { code, ...(cause ? { cause } : {}) });

  it('Node (undici): DNS, refused, TLS by kind, timeout, a proxy\'s 407 and a failed tunnel', () => {
    const wrapped = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: withCause(code) });
    expect(classifyNodeError(wrapped('ENOTFOUND'), context)).toMatchObject({ cause: 'offline', code: 'offline.dns', raw: 'ENOTFOUND' });
    expect(classifyNodeError(withCause('ECONNREFUSED'), context)).toMatchObject({ cause: 'offline', code: 'offline.refused' });
    expect(classifyNodeError(withCause('UNABLE_TO_VERIFY_LEAF_SIGNATURE'), context)).toMatchObject({ cause: 'tls', code: 'tls.untrusted' });
    expect(classifyNodeError(withCause('SELF_SIGNED_CERT_IN_CHAIN'), context)).toMatchObject({ code: 'tls.untrusted' });
    expect(classifyNodeError(withCause('CERT_HAS_EXPIRED'), context)).toMatchObject({ code: 'tls.expired' });
    expect(classifyNodeError(withCause('ERR_TLS_CERT_ALTNAME_INVALID'), context)).toMatchObject({ code: 'tls.wrong-host' });
    expect(classifyNodeError(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }), context)).toMatchObject({ cause: 'timeout' });
    expect(classifyNodeError(withCause('UND_ERR_ABORTED', undefined), context).cause).toBe('offline');
    const tunnel = (status: number) => Object.assign(new Error(`Proxy response (${status}) !== 200 when HTTP Tunneling`), { code: 'UND_ERR_ABORTED' });
    expect(classifyNodeError(tunnel(407), { ...context, proxy: 'proxy.school.nl:8080' })).toMatchObject({ cause: 'proxy', code: 'proxy.auth', raw: '407' });
    expect(classifyNodeError(tunnel(403), { ...context, proxy: 'proxy.school.nl:8080' })).toMatchObject({ cause: 'proxy', code: 'proxy.tunnel' });
    // Through a proxy, a refused connection is the proxy's (the PC connects to nobody else).
    expect(classifyNodeError(withCause('ECONNREFUSED'), { ...context, proxy: 'proxy.school.nl:8080' })).toMatchObject({ cause: 'proxy', code: 'proxy.unreachable' });
  });

  it('Chromium (Electron\'s net.fetch): the net::ERR_ codes IT sees in its own tools', () => {
    const c = (code: string, proxy: string | null = null) => classifyChromiumError(`net::${code}`, { ...context, proxy });
    expect(c('ERR_NAME_NOT_RESOLVED')).toMatchObject({ code: 'offline.dns' });
    expect(c('ERR_INTERNET_DISCONNECTED')).toMatchObject({ cause: 'offline' });
    expect(c('ERR_CONNECTION_REFUSED')).toMatchObject({ code: 'offline.refused' });
    expect(c('ERR_CONNECTION_REFUSED', 'proxy:8080')).toMatchObject({ code: 'proxy.unreachable' });
    expect(c('ERR_PROXY_CONNECTION_FAILED')).toMatchObject({ code: 'proxy.unreachable' });
    expect(c('ERR_TUNNEL_CONNECTION_FAILED')).toMatchObject({ code: 'proxy.tunnel' });
    expect(c('ERR_PROXY_AUTH_UNSUPPORTED')).toMatchObject({ code: 'proxy.auth' });
    expect(c('ERR_CERT_AUTHORITY_INVALID')).toMatchObject({ code: 'tls.untrusted', raw: 'net::ERR_CERT_AUTHORITY_INVALID' });
    expect(c('ERR_CERT_DATE_INVALID')).toMatchObject({ code: 'tls.expired' });
    expect(c('ERR_CERT_COMMON_NAME_INVALID')).toMatchObject({ code: 'tls.wrong-host' });
    expect(c('ERR_SSL_PROTOCOL_ERROR')).toMatchObject({ code: 'tls.handshake' });
    expect(c('ERR_TOO_MANY_REDIRECTS')).toMatchObject({ code: 'diverted.redirect' });
    expect(c('ERR_TIMED_OUT')).toMatchObject({ cause: 'timeout' });
    expect(classifyChromiumError('This operation was aborted', context, true)).toMatchObject({ cause: 'timeout' });
  });

  it('every message carries its cause\'s word (proxy, certificaat, omgeleid) and the next step; only lasting ones stop the CLI', () => {
    const words: Record<string, RegExp> = { proxy: /proxy/i, tls: /certificaat/i, diverted: /omgeleid/, offline: /Geen verbinding/, timeout: /niet op tijd/, service: /fout/ };
    const details = ['dns', 'refused', 'unreachable', 'reset', 'auth', 'tunnel', 'untrusted', 'expired', 'wrong-host', 'handshake', 'redirect', 'page', 'not-the-service', 'no-answer', 'error'] as const;
    for (const cause of NETWORK_CAUSES) {
      for (const detail of details) {
        const problem = networkProblem(cause, detail, 'X', { host: 'dienst.example.nl', proxy: 'proxy.school.nl:8080', status: 302 });
        expect(problem.message, `${cause}.${detail}`).toMatch(words[cause]!);
        expect(problem.message, `${cause}.${detail}`).toMatch(/(ICT-afdeling|opnieuw|Controleer)/);
        expect(problem.code).toBe(`${cause}.${detail}`);
      }
    }
    expect(isLasting(networkProblem('tls', 'untrusted', '', context))).toBe(true);
    expect(isLasting(networkProblem('diverted', 'page', '', context))).toBe(true);
    expect(isLasting(networkProblem('offline', 'dns', '', context))).toBe(true);
    expect(isLasting(networkProblem('offline', 'reset', '', context))).toBe(false);
    expect(isLasting(networkProblem('timeout', 'no-answer', '', context))).toBe(false);
  });

  it('the status bar, step 1 and "Nu synchroniseren" name the cause, never only "Geen verbinding"', () => {
    const problem = networkProblem('diverted', 'redirect', '302', context);
    const view = connectionView({ connection: 'offline', offlineSince: '2026-12-06T09:41:00.000Z', problem, location: { brin6: '99ZX10', signedIn: true, signInRefused: null } }, clock);
    expect(view).toMatchObject({ state: 'unreachable', label: 'Geen verbinding · omgeleid door het schoolnetwerk sinds 09:41', level: 'warning' });
    expect(view.line).toContain('omgeleid');
    expect(view.action).toContain('webfilter');
    const tls = connectionView({ connection: 'offline', offlineSince: null, problem: networkProblem('tls', 'untrusted', '', context), location: null }, clock);
    expect(tls.label).toContain('certificaat');
    const proxy = connectionView({ connection: 'offline', offlineSince: null, problem: networkProblem('proxy', 'auth', '407', context), location: null }, clock);
    expect(proxy.label).toContain('proxy');
    const answer = syncNowAnswer({ connection: 'offline', offlineSince: '2026-12-06T09:41:00.000Z', problem, signedIn: true, brin6: '99ZX10', pendingBefore: 1, pendingAfter: 1, delayedReason: null }, clock);
    expect(answer.message).toMatch(/^Geen verbinding met de centrale dienst \(sinds 09:41\)\. Het verzoek is omgeleid: .* 1 wijziging wacht op deze pc/);
  });
});

describe('which proxy: the rules of undici\'s EnvHttpProxyAgent', () => {
  const url = (u: string) => new URL(u);
  it('HTTPS_PROXY for https (else HTTP_PROXY), lower case first, NO_PROXY names, sub-domains, ports and *', () => {
    expect(proxyFor(url('https://dienst.example.nl/v1'), {})).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080' })).toBe('http://proxy:8080');
    expect(proxyFor(url('https://dienst.example.nl/v1'), { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })).toBe('http://a:1');
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTP_PROXY: 'http://proxy:3128' })).toBe('http://proxy:3128');
    expect(proxyFor(url('http://127.0.0.1:8787/v1'), { HTTPS_PROXY: 'http://proxy:8080' })).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://user:geheim@proxy:8080' })).toBe('http://proxy:8080');
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: 'example.nl' })).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: '.example.nl' })).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: '*.example.nl' })).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: 'ander.nl, example.nl:8443' })).toBe('http://proxy:8080');
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: 'example.nl:443' })).toBeNull();
    expect(proxyFor(url('https://dienst.example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: '*' })).toBeNull();
    expect(proxyFor(url('https://voorbeeld-example.nl/v1'), { HTTPS_PROXY: 'http://proxy:8080', NO_PROXY: 'example.nl' })).toBe('http://proxy:8080');
  });
});
