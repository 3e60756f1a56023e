import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';

/**
 * A school's network on loopback (issue 30), for the transport tests: a private "TLS inspection" CA made per run, an
 * HTTPS front with its certificate before the reference server, an HTTP CONNECT proxy that counts tunnels (with or
 * without 407 Basic auth) and resolves the service's host name itself, and a web filter that answers with a block page.
 */

/** A host name that resolves only through the test proxy (`.test` never resolves in DNS). */
export const SERVICE_HOST = 'dienst.beheerconsole.test';

export interface Pki {
  readonly dir: string;
  /** The school's CA certificate (PEM file), as IT would give it to the console. */
  readonly caFile: string;
  readonly caPem: string;
  /** The service's certificate (for SERVICE_HOST, localhost and 127.0.0.1) and its key, issued by that CA. */
  readonly certPem: string;
  readonly keyPem: string;
  /** The same names, but a certificate that expired yesterday. */
  readonly expiredCertPem: string;
}

/** Makes the CA and the service's certificates with openssl, in `dir`. */
export function makePki(dir: string): Pki {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '30', '-subj', '/O=Schoolnetwerk/CN=Schoolnetwerk TLS-inspectie CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'service.key', '-out', 'service.csr', '-subj', `/CN=${SERVICE_HOST}`);
  fs.writeFileSync(path.join(dir, 'san.ext'), `subjectAltName=DNS:${SERVICE_HOST},DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  run('x509', '-req', '-in', 'service.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'service.pem', '-days', '10', '-extfile', 'san.ext');
  // Expired: valid from 3 days ago until yesterday (openssl x509 has no start date, so -not_before via `ca` is avoided).
  const yesterday = new Date(Date.now() - 24 * 3600 * 1000);
  const before = new Date(Date.now() - 3 * 24 * 3600 * 1000);
  const asn1 = (d: Date) => `${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`;
  fs.writeFileSync(path.join(dir, 'ca.cnf'), `[ca]\ndefault_ca=test\n[test]\ndatabase=index.txt\nserial=serial\nnew_certs_dir=.\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\n[any]\ncommonName=supplied\n`);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  run('ca', '-batch', '-config', 'ca.cnf', '-in', 'service.csr', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-out', 'expired.pem', '-startdate', asn1(before), '-enddate', asn1(yesterday), '-extfile', 'san.ext', '-notext');
  const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
  return { dir, caFile: path.join(dir, 'ca.pem'), caPem: read('ca.pem'), certPem: read('service.pem'), keyPem: read('service.key'), expiredCertPem: read('expired.pem') };
}

export interface Running {
  readonly port: number;
  readonly origin: string;
  close(): Promise<void>;
}

function listen(server: http.Server | https.Server | net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function closeServer(server: http.Server | https.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** An HTTPS front with `cert` before the reference server at `target` (every request forwarded as it came). */
export async function startHttpsFront(options: { certPem: string; keyPem: string; target: string }): Promise<Running> {
  const target = new URL(options.target);
  const server = https.createServer({ cert: options.certPem, key: options.keyPem }, (req, res) => {
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const port = await listen(server);
  return { port, origin: `https://127.0.0.1:${port}`, close: () => closeServer(server) };
}

export interface Proxy extends Running {
  /** Tunnels opened (CONNECT answered 200). */
  tunnels(): number;
  /** CONNECT requests refused with 407. */
  refusals(): number;
}

/**
 * An HTTP CONNECT proxy on loopback. `hosts` maps `name:port` to `127.0.0.1:port` (the proxy resolves the service's
 * name, so a request that reaches the service proves it went through the proxy). `auth`: Basic credentials it requires.
 */
export async function startConnectProxy(options: { hosts: Record<string, number>; auth?: { user: string; password: string } }): Promise<Proxy> {
  let tunnels = 0;
  let refusals = 0;
  const expected = options.auth ? `Basic ${Buffer.from(`${options.auth.user}:${options.auth.password}`).toString('base64')}` : null;
  const server = http.createServer((_req, res) => {
    res.writeHead(405, { 'content-type': 'text/plain' });
    res.end('Deze proxy opent alleen tunnels (CONNECT).');
  });
  const sockets = new Set<net.Socket>();
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (expected && req.headers['proxy-authorization'] !== expected) {
      refusals++;
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="Schoolnetwerk"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const port = options.hosts[req.url ?? ''];
    if (port === undefined) {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, '127.0.0.1', () => {
      tunnels++;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
  });
  const port = await listen(server);
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    tunnels: () => tunnels,
    refusals: () => refusals,
    close: async () => {
      for (const s of sockets) s.destroy();
      await closeServer(server);
    },
  };
}

export interface BlockPage extends Running {
  /** Every request the filter saw: method and path. */
  readonly seen: Array<{ method: string; path: string }>;
}

/**
 * A school's web filter on loopback. `redirect`: every request gets `302 → /geblokkeerd`, which answers `200
 * text/html` (the block page); `page`: the block page at once, with 200; `json`: a 200 JSON that is not the
 * service's answer (a captive portal's status document).
 */
export async function startBlockPage(mode: 'redirect' | 'page' | 'json' = 'redirect'): Promise<BlockPage> {
  const seen: Array<{ method: string; path: string }> = [];
  const page = '<!doctype html><html lang="nl"><title>Geblokkeerd</title><h1>Deze website is geblokkeerd door het webfilter van de school.</h1></html>';
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', path: req.url ?? '' });
    req.resume();
    if (mode === 'json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'blocked', portal: true }));
    } else if (mode === 'redirect' && req.url !== '/geblokkeerd') {
      res.writeHead(302, { location: '/geblokkeerd', 'content-type': 'text/html' });
      res.end('<a href="/geblokkeerd">Geblokkeerd</a>');
    } else {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page);
    }
  });
  const port = await listen(server);
  return { port, origin: `http://127.0.0.1:${port}`, seen, close: () => closeServer(server) };
}
