import { policySources, readMachinePolicy } from '../../../main/policy/policy';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../main/cli/cli';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { openConsoleDatabase } from '../../helpers/console-db';
import { pendingCount } from '../../../main/sync';
import { ACCOUNT_A, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { bridgeCaller } from '../../helpers/bridge';
import { SERVICE_HOST, makePki, startBlockPage, startConnectProxy, startHttpsFront } from '../../helpers/network';
import type { Pki, Proxy, Running } from '../../helpers/network';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { cliProcess } from '../../helpers/cli-process';
import { generateEdexml } from '../../helpers/generate-edexml';
import { schoolYearOf } from '../../../shared/domain/school-year';

/**
 * Issue 30, through real sockets on loopback: a private "TLS inspection" CA made per run before the reference server,
 * a CONNECT proxy that counts tunnels (and one that wants a password), a service name only the proxy resolves, and a
 * web filter's block page. The CLI runs in process with its own environment (the proxy variables, the sign-in), the
 * same code path as `npm run cli` and browser mode; one test runs the real CLI process with HTTPS_PROXY set.
 */

const A = ACCOUNT_A.brin6;
const credentials = { BEHEERCONSOLE_USERNAME: ACCOUNT_A.username, BEHEERCONSOLE_PASSWORD: ACCOUNT_A.password };

let work: string;
let pki: Pki;
let api: RunningApi;
let front: Running;

beforeAll(async () => {
  work = makeTempDir('beheerconsole-network-');
  pki = makePki(work);
  api = await startApi();
  front = await startHttpsFront({ certPem: pki.certPem, keyPem: pki.keyPem, target: api.origin });
}, 60_000);

afterAll(async () => {
  await front?.close();
  await api?.stop();
  removeTempDir(work);
});

async function cli(args: string[], dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli([...args, '--data-dir', dataDir], { stdout: (t) => out.push(t), stderr: (t) => err.push(t), version: '0.0.0-test', env });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A data folder with location A and one user added offline: one change waits in the queue. */
async function folderWithQueuedUser(dir: string, email = 'ria.smit@school.example'): Promise<void> {
  const services = createServices({ dataDir: dir, mode: 'cli', version: '0.0.0-test', env: {} });
  try {
    const dispatch = createDispatcher(services.handlers);
    const { call } = bridgeCaller(() => dispatch);
    const known = await call<Array<{ brin6: string }>>('locations:list-all');
    if (!known.some((l) => l.brin6 === A)) await call('locations:add', { brin6: A, name: 'Het Lyceum', username: ACCOUNT_A.username });
    await call('users:add', { brin6: A, user: { voornaam: 'Ria', initialen: 'R.', voorvoegsel: '', achternaam: 'Smit', email } });
  } finally {
    services.close();
  }
}

/** A confirmed import of `pupils` pupils, queued for the service (its upload travels alone, as a PUT). */
async function confirmImport(dir: string, pupils: number): Promise<void> {
  const file = path.join(dir, 'school.xml');
  fs.writeFileSync(file, generateEdexml({ pupils, seed: 3, brincode: A.slice(0, 4), dependancecode: A.slice(4), schooljaar: schoolYearOf(new Date()) }));
  const imported = await cli(['import', file, '--brin6', A, '--confirm'], dir);
  expect(imported.code, imported.stderr).toBe(0);
}

/** How many pupils the service holds for A. */
async function servicePupils(token: string): Promise<number> {
  const page = (await (await fetch(`${api.origin}/v1/locations/${A}/pupils?limit=10000`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: unknown[] };
  return page.items.length;
}

function queued(dir: string): number {
  const { db } = openConsoleDatabase(dir);
  try {
    return pendingCount(db, A);
  } finally {
    db.close();
  }
}

/** The users the service holds for A, read directly from the reference server. */
async function serviceUsers(): Promise<string[]> {
  const session = (await (await fetch(`${api.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT_A) })).json()) as { token: string };
  const feed = (await (await fetch(`${api.origin}/v1/locations/${A}/users?since=0&limit=500`, { headers: { authorization: `Bearer ${session.token}` } })).json()) as {
    changes: Array<{ kind: string; user?: { email: string } }>;
  };
  return feed.changes.filter((c) => c.kind === 'upsert').map((c) => c.user!.email);
}

describe('TLS inspection: a certificate from the school\'s own CA', () => {
  let dir: string;
  beforeEach(async () => {
    dir = makeTempDir();
    await folderWithQueuedUser(dir, `tls-${Date.now()}@school.example`);
  });
  afterEach(() => removeTempDir(dir));

  it('without the school\'s certificate: refused with "certificaat" and the next step, exit 3, the change kept', async () => {
    const sync = await cli(['sync', '--brin6', A, '--api', front.origin], dir, credentials);
    expect(sync.code).toBe(3);
    expect(sync.stderr).toMatch(/certificaat/i);
    expect(sync.stderr).toContain('TLS-inspectie');
    expect(sync.stderr).toContain('--ca-file');
    expect(queued(dir)).toBe(1);
    const check = await cli(['check-connection', '--api', front.origin, '--json'], dir);
    expect(check.code).toBe(3);
    const report = JSON.parse(check.stdout) as { health: { problem: { cause: string; code: string } }; tls: { issuer: string; trusted: boolean; error: string } };
    expect(report.health.problem).toMatchObject({ cause: 'tls', code: 'tls.untrusted' });
    // The helpdesk sees who issued the certificate this PC was shown: the school's inspection CA.
    expect(report.tls).toMatchObject({ issuer: 'Schoolnetwerk TLS-inspectie CA', trusted: false, error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  }, 30_000);

  it('with --ca-file: delivered exactly once; check-connection says the certificate is trusted', async () => {
    const email = `tls-ca-${Date.now()}@school.example`;
    await folderWithQueuedUser(dir, email);
    const sync = await cli(['sync', '--brin6', A, '--api', front.origin, '--ca-file', pki.caFile, '--json'], dir, credentials);
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ pending: 0, problem: null });
    expect((await serviceUsers()).filter((e) => e === email)).toHaveLength(1);
    const check = await cli(['check-connection', '--api', front.origin, '--ca-file', pki.caFile], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('uitgegeven door Schoolnetwerk TLS-inspectie CA');
    expect(check.stdout).toContain('; vertrouwd');
    expect(check.stdout).toContain(`Extra certificaten: --ca-file ${pki.caFile}`);
    expect(check.stdout).toContain('GET /v1/health: status 200');
  }, 30_000);

  it('a bad --ca-file is a usage error with a Dutch message, and nothing is sent', async () => {
    const keyOnly = path.join(dir, 'sleutel.pem');
    fs.writeFileSync(keyOnly, fs.readFileSync(path.join(pki.dir, 'ca.key')));
    const refused = await cli(['sync', '--brin6', A, '--api', front.origin, '--ca-file', keyOnly], dir, credentials);
    expect(refused).toMatchObject({ code: 2 });
    expect(refused.stderr).toContain('privésleutel');
    const missing = await cli(['check-connection', '--api', front.origin, '--ca-file', path.join(dir, 'bestaat-niet.pem')], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('kan niet worden gelezen');
    expect(queued(dir)).toBe(1);
  }, 30_000);

  it('IT\'s policy file names the school\'s certificate (network.caFile): the app trusts it; a wrong path is said at the top', async () => {
    // IT's machine-wide policy file (main/policy/), here under a test root instead of /etc.
    const root = path.join(dir, 'machine');
    const policy = path.join(root, 'etc', 'beheerconsole', 'policy.json');
    fs.mkdirSync(path.dirname(policy), { recursive: true });
    const open = (caFile: string) => {
      fs.writeFileSync(policy, JSON.stringify({ network: { caFile } }));
      return createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-test', env: {}, policy: readMachinePolicy(policySources('linux', {}, root)) });
    };
    const trusted = open(pki.caFile);
    try {
      const { call } = bridgeCaller(() => createDispatcher(trusted.handlers));
      await call('settings:set-api-base-url', { apiBaseUrl: front.origin });
      const report = await call<{ extraCertificates: string | null; health: { ok: boolean }; tls: { trusted: boolean } }>('network:check-connection');
      expect(report).toMatchObject({ extraCertificates: `beleid van de ICT-afdeling (${pki.caFile})`, health: { ok: true }, tls: { trusted: true } });
    } finally {
      trusted.close();
    }
    const wrong = open(path.join(dir, 'bestaat-niet.pem'));
    try {
      expect(wrong.getInfo().notices).toContainEqual({ level: 'warning', message: expect.stringContaining('in het beleidsbestand noemt') });
      const { call } = bridgeCaller(() => createDispatcher(wrong.handlers));
      const report = await call<{ extraCertificates: string | null; health: { problem: { cause: string } } }>('network:check-connection');
      expect(report).toMatchObject({ extraCertificates: null, health: { problem: { cause: 'tls' } } });
    } finally {
      wrong.close();
    }
  }, 30_000);

  it('an expired certificate says "verlopen" and "certificaat", never only "Geen verbinding"', async () => {
    const expired = await startHttpsFront({ certPem: pki.expiredCertPem, keyPem: pki.keyPem, target: api.origin });
    try {
      const check = await cli(['check-connection', '--api', expired.origin, '--ca-file', pki.caFile, '--json'], dir);
      expect(check.code).toBe(3);
      const report = JSON.parse(check.stdout) as { health: { problem: { code: string; message: string } } };
      expect(report.health.problem.code).toBe('tls.expired');
      expect(report.health.problem.message).toMatch(/certificaat .*verlopen/);
    } finally {
      await expired.close();
    }
  }, 30_000);
});

describe('the school\'s proxy (HTTPS_PROXY): the service\'s name resolves only through it', () => {
  let dir: string;
  let proxy: Proxy;
  let guarded: Proxy;
  const serviceUrl = `https://${SERVICE_HOST}`;
  beforeAll(async () => {
    proxy = await startConnectProxy({ hosts: { [`${SERVICE_HOST}:443`]: front.port } });
    guarded = await startConnectProxy({ hosts: { [`${SERVICE_HOST}:443`]: front.port }, auth: { user: 'coordinator', password: 'p@ss wOrd' } });
  });
  afterAll(async () => {
    await proxy.close();
    await guarded.close();
  });
  beforeEach(async () => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  it('through the proxy: delivered, and the proxy counted the tunnels (a pass proves it was used)', async () => {
    const email = `proxy-${Date.now()}@school.example`;
    await folderWithQueuedUser(dir, email);
    const before = proxy.tunnels();
    const sync = await cli(['sync', '--brin6', A, '--api', serviceUrl, '--ca-file', pki.caFile], dir, { ...credentials, HTTPS_PROXY: proxy.origin });
    expect(sync.stderr).toBe('');
    expect(sync).toMatchObject({ code: 0, stdout: '1 verstuurd, 0 geweigerd, 0 nog in de wachtrij.\n' });
    expect(proxy.tunnels()).toBeGreaterThan(before);
    expect((await serviceUsers()).filter((e) => e === email)).toHaveLength(1);
    const check = await cli(['check-connection', '--api', serviceUrl, '--ca-file', pki.caFile], dir, { https_proxy: proxy.origin });
    expect(check.code).toBe(0);
    expect(check.stdout).toContain(`Proxy: http://127.0.0.1:${proxy.port}`);
    // NO_PROXY for the service's host: no proxy, and the name does not resolve here.
    const bypass = await cli(['check-connection', '--api', serviceUrl, '--json'], dir, { HTTPS_PROXY: proxy.origin, NO_PROXY: 'beheerconsole.test' });
    expect(JSON.parse(bypass.stdout)).toMatchObject({ proxy: null, health: { problem: { cause: 'offline', code: 'offline.dns' } } });
  }, 30_000);

  it('a proxy that wants a password: without it "proxy" and 407, exit 3; with it in the URL, delivered', async () => {
    await folderWithQueuedUser(dir);
    const refused = await cli(['sync', '--brin6', A, '--api', serviceUrl, '--ca-file', pki.caFile], dir, { ...credentials, HTTPS_PROXY: guarded.origin });
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/proxy/i);
    expect(refused.stderr).toContain('407');
    expect(guarded.refusals()).toBeGreaterThan(0);
    expect(queued(dir)).toBe(1);
    const withPassword = `http://coordinator:${encodeURIComponent('p@ss wOrd')}@127.0.0.1:${guarded.port}`;
    const sync = await cli(['sync', '--brin6', A, '--api', serviceUrl, '--ca-file', pki.caFile], dir, { ...credentials, HTTPS_PROXY: withPassword });
    expect(sync).toMatchObject({ code: 0, stdout: '1 verstuurd, 0 geweigerd, 0 nog in de wachtrij.\n' });
    // The report names the proxy without its password.
    const check = await cli(['check-connection', '--api', serviceUrl, '--ca-file', pki.caFile], dir, { HTTPS_PROXY: withPassword });
    expect(check.stdout).toContain(`Proxy: http://127.0.0.1:${guarded.port}`);
    expect(check.stdout).not.toContain('wOrd');
  }, 30_000);

  it('the real CLI process reads HTTPS_PROXY (either case) from its environment: through the proxy, exit 0', async () => {
    const email = `process-${Date.now()}@school.example`;
    await folderWithQueuedUser(dir, email);
    const before = proxy.tunnels();
    const run = (args: string[], env: NodeJS.ProcessEnv) => cliProcess(args, dir, env);
    const synced = await run(['sync', '--brin6', A, '--api', serviceUrl, '--ca-file', pki.caFile, '--json'], { ...credentials, https_proxy: proxy.origin });
    expect(synced.stderr).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.stdout)).toMatchObject({ delivered: 1, pending: 0 });
    expect(proxy.tunnels()).toBeGreaterThan(before);
    expect((await serviceUsers()).filter((e) => e === email)).toHaveLength(1);
    // Without the proxy the name does not resolve: the same command says so, with exit 3.
    const direct = await run(['check-connection', '--api', serviceUrl, '--json'], {});
    expect(direct.code).toBe(3);
    expect(JSON.parse(direct.stdout)).toMatchObject({ ok: false, proxy: null, health: { problem: { code: 'offline.dns' } } });
  }, 60_000);

  it('a proxy that is not there: "proxy", never only "Geen verbinding"', async () => {
    const dead = await startConnectProxy({ hosts: {} });
    const origin = dead.origin;
    await dead.close();
    const check = await cli(['check-connection', '--api', serviceUrl, '--json'], dir, { HTTPS_PROXY: origin });
    expect(check.code).toBe(3);
    const report = JSON.parse(check.stdout) as { health: { problem: { cause: string; message: string } } };
    expect(report.health.problem.cause).toBe('proxy');
    expect(report.health.problem.message).toContain(`de proxy 127.0.0.1:${dead.port}`);
  }, 30_000);
});

describe('a web filter\'s block page is never a delivery', () => {
  let dir: string;
  beforeEach(() => {
    dir = makeTempDir();
  });
  afterEach(() => removeTempDir(dir));

  for (const [index, mode] of (['redirect', 'page', 'json'] as const).entries()) {
    // Each case its own number of pupils, so what the service holds afterwards is this case's delivery.
    const pupils = 200 + index;
    it(`${mode === 'redirect' ? '302 → 200 text/html' : mode === 'page' ? '200 text/html at once' : 'a 200 JSON that is not the service\'s'}: "omgeleid", exit 3, queued; afterwards delivered exactly once`, async () => {
      const filter = await startBlockPage(mode);
      const email = `filter-${mode}-${Date.now()}@school.example`;
      await folderWithQueuedUser(dir, email);
      await confirmImport(dir, pupils);
      try {
        const token = ((await (await fetch(`${api.origin}/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ACCOUNT_A) })).json()) as { token: string }).token;
        const blocked = await cli(['sync', '--brin6', A, '--api', filter.origin], dir, { BEHEERCONSOLE_TOKEN: token });
        expect(blocked.code).toBe(3);
        // The school data (a PUT of its own) and the user (a batch): neither counts as sent.
        expect(blocked.stdout).toContain('0 verstuurd, 0 geweigerd, 2 nog in de wachtrij.');
        expect(blocked.stdout).toContain('omgeleid');
        expect(blocked.stdout).toContain('webfilter');
        expect(queued(dir)).toBe(2);
        expect(filter.seen.map((r) => r.method)).toContain('PUT');
        expect(await servicePupils(token)).not.toBe(pupils);
        // The redirect was never followed: the filter saw only the console's own requests, never one to its page.
        expect(filter.seen.some((r) => r.path === '/geblokkeerd')).toBe(false);
        // Sign-in through the filter: no connection (3), not a usage error (2), and why.
        const signIn = await cli(['sync', '--brin6', A, '--api', filter.origin], dir, credentials);
        expect(signIn.code).toBe(3);
        expect(signIn.stderr).toContain('omgeleid');
        const delivered = await cli(['sync', '--brin6', A, '--api', api.origin, '--json'], dir, { BEHEERCONSOLE_TOKEN: token });
        expect(JSON.parse(delivered.stdout)).toMatchObject({ delivered: 2, pending: 0 });
        expect((await serviceUsers()).filter((e) => e === email)).toHaveLength(1);
        expect(await servicePupils(token)).toBe(pupils);
      } finally {
        await filter.close();
      }
    }, 30_000);
  }

  it('a round of the app behind the filter: the pulls adopt nothing, the status says "omgeleid", the queue stays', async () => {
    const filter = await startBlockPage('redirect');
    let services: Services | null = null;
    try {
      services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-test', env: {} });
      const dispatch = createDispatcher(services.handlers);
      const { call } = bridgeCaller(() => dispatch);
      await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
      await call('locations:add', { brin6: A, name: 'Het Lyceum', username: ACCOUNT_A.username });
      await call('sync:sign-in', { brin6: A, username: ACCOUNT_A.username, password: ACCOUNT_A.password });
      // The school's web filter takes over (the address is the filter's: the same requests reach it).
      await call('settings:set-api-base-url', { apiBaseUrl: filter.origin });
      await call('users:add', { brin6: A, user: { voornaam: 'Piet', initialen: 'P.', voorvoegsel: '', achternaam: 'Jansen', email: `filter-round-${Date.now()}@school.example` } });
      const status = await call<{ connection: string; problem: { cause: string; message: string } | null; locations: Array<{ pending: number }> }>('sync:sync-now', { brin6: A });
      expect(status).toMatchObject({ connection: 'offline', problem: { cause: 'diverted' }, locations: [{ pending: 1 }] });
      expect(status.problem!.message).toContain('omgeleid');
      expect(filter.seen.length).toBeGreaterThan(0);
      expect(filter.seen.some((r) => r.path === '/geblokkeerd')).toBe(false);
      // The support log names the cause as a code, with no URL and no token.
      const log = fs.readFileSync(path.join(dir, 'logs', 'browser.log'), 'utf8');
      expect(log).toMatch(/sync\.round brin6=99ZX10 outcome=offline .*cause=diverted\.redirect/);
      expect(log).not.toContain(filter.origin);
      const report = await call<{ health: { problem: { cause: string } }; text: string }>('network:check-connection', { brin6: A });
      expect(report.health.problem.cause).toBe('diverted');
      expect(report.text).toContain('diverted.redirect (302)');
    } finally {
      services?.close();
      await filter.close();
    }
  }, 30_000);
});
