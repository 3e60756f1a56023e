import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { startBrowserServer } from '../../../main/browser/server';
import type { BrowserServer } from '../../../main/browser/server';
import { createDispatcher } from '../../../main/bridge/registry';
import { UploadStaging } from '../../../main/uploads/staging';
import { CONTENT_SECURITY_POLICY } from '../../../main/window/security';
import { until } from '../../helpers/poll';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { fieldMessages } from '../../helpers/refusal';

/** Raw HTTP, so tests can send what fetch would not (a foreign Host header, no Origin). */
function request(
  server: BrowserServer,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const { port } = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('browser-mode HTTP transport', () => {
  let dataDir: string;
  let rendererDir: string;
  let services: Services;
  let server: BrowserServer;
  const json = (extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    authorization: `Bearer ${server.token}`,
    ...extra,
  });

  beforeAll(async () => {
    dataDir = makeTempDir();
    rendererDir = makeTempDir();
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Beheerconsole</title>');
    fs.mkdirSync(path.join(rendererDir, 'assets'));
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dataDir, 'secret.js'), 'geheim');
    services = createServices({ dataDir, mode: 'browser', version: '1.2.3' });
    server = await startBrowserServer({ dispatch: createDispatcher(services.handlers), rendererDir, events: services.events });
  });
  afterAll(async () => {
    await server.close();
    services.close();
    removeTempDir(dataDir);
    removeTempDir(rendererDir);
  });

  it('listens on 127.0.0.1 only and puts the token in the URL fragment', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).toBe(`${server.origin}/#token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers a bridge call that carries the token', async () => {
    const res = await request(server, { method: 'POST', path: '/bridge/app:get-info', headers: json(), body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { version: '1.2.3', mode: 'browser' } });
  });

  it('refuses a request without the token, or with a wrong one, and changes nothing', async () => {
    const body = JSON.stringify({ input: { apiBaseUrl: 'https://evil.example' } });
    const without = await request(server, {
      method: 'POST',
      path: '/bridge/settings:set-api-base-url',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(without.status).toBe(401);
    expect(JSON.parse(without.body)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('toegangssleutel') } });
    const wrong = await request(server, {
      method: 'POST',
      path: '/bridge/settings:set-api-base-url',
      headers: { ...json(), authorization: `Bearer ${server.token.slice(0, -1)}x` },
      body,
    });
    expect(wrong.status).toBe(401);
    expect(services.settings.get().apiBaseUrl).toBeNull();
  });

  it('refuses a foreign Origin even with the token (another site in the same browser)', async () => {
    const res = await request(server, {
      method: 'POST',
      path: '/bridge/app:get-info',
      headers: json({ origin: 'https://evil.example' }),
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('answers its own page under localhost as under 127.0.0.1; an Origin that is not the Host it came to is refused', async () => {
    const { port } = new URL(server.origin);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      const page = await request(server, { path: '/', headers: { host } });
      expect(page.status, host).toBe(200);
      const res = await request(server, { method: 'POST', path: '/bridge/app:get-info', headers: json({ host, origin: `http://${host}` }), body: '{}' });
      expect(res.status, host).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { name: 'Beheerconsole' } });
    }
    const crossed = await request(server, { method: 'POST', path: '/bridge/app:get-info', headers: json({ host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` }), body: '{}' });
    expect(crossed.status).toBe(403);
    const otherPort = await request(server, { method: 'POST', path: '/bridge/app:get-info', headers: json({ host: `localhost:${port}`, origin: `http://localhost:${Number(port) + 1}` }), body: '{}' });
    expect(otherPort.status).toBe(403);
  });

  it('refuses a Host header that is not this server (DNS rebinding)', async () => {
    const res = await request(server, { path: '/', headers: { host: 'evil.example:80' } });
    expect(res.status).toBe(421);
  });

  it('a rule that says no (duplicate location) is an answer: 200 with ok false and the Dutch reason', async () => {
    const add = () =>
      request(server, {
        method: 'POST',
        path: '/bridge/locations:add',
        headers: json(),
        body: JSON.stringify({ input: { brin6: '99ZX19', name: 'Dubbel', username: '' } }),
      });
    expect((await add()).status).toBe(200);
    const again = await add();
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('99ZX19 staat al') } });
  });

  it('rejects malformed payloads with a clear Dutch error', async () => {
    const bad = await request(server, {
      method: 'POST',
      path: '/bridge/settings:set-last-location',
      headers: json(),
      body: JSON.stringify({ input: { brin6: 'ABC' } }),
    });
    expect(bad.status).toBe(400);
    expect(fieldMessages(JSON.parse(bad.body).error)['brin6']).toContain('bijvoorbeeld 99ZX10');
    const notJson = await request(server, { method: 'POST', path: '/bridge/app:get-info', headers: json(), body: '{nee' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toBe('Het verzoek is geen geldige JSON.');
    const textBody = await request(server, {
      method: 'POST',
      path: '/bridge/app:get-info',
      headers: json({ 'content-type': 'text/plain' }),
      body: '{}',
    });
    expect(textBody.status).toBe(415);
    const unknown = await request(server, { method: 'POST', path: '/bridge/app:format-disk', headers: json(), body: '{}' });
    expect(unknown.status).toBe(404);
    const tooBig = await request(server, {
      method: 'POST',
      path: '/bridge/app:get-info',
      headers: json(),
      body: Buffer.alloc(1024 * 1024 + 10, 32),
    });
    expect(tooBig.status).toBe(413);
    const get = await request(server, { path: '/bridge/app:get-info', headers: json() });
    expect(get.status).toBe(405);
  });

  it('serves the renderer with the strict CSP header and never a file outside it', async () => {
    const index = await request(server, { path: '/' });
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['cache-control']).toBe('no-store');
    const asset = await request(server, { path: '/assets/app.js' });
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const attack of ['/../secret.js', '/%2e%2e/secret.js', `/..%2f${path.basename(dataDir)}%2fsecret.js`]) {
      const res = await request(server, { path: attack });
      expect(res.status, attack).toBe(404);
      expect(res.body).not.toContain('geheim');
    }
  });

  it('streams events to a page with the token, and refuses one without', async () => {
    const refused = await request(server, { path: '/events?token=fout' });
    expect(refused.status).toBe(401);
    const { port } = new URL(server.origin);
    const received = await new Promise<string>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: `/events?token=${server.token}` }, (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('event: sync:status')) {
            req.destroy();
            resolve(text);
          }
        });
        // Connected (the server subscribed before it sent these headers): make main's status change (sync with no
        // API address set is a no-op that still reports).
        void services.sync!.syncNow();
      });
      req.on('error', reject);
    });
    const data = /data: (.*)\n/.exec(received)![1]!;
    expect(JSON.parse(data)).toMatchObject({ connection: 'not-configured', pendingChanges: 0 });
  });
});

describe('browser-mode file upload (POST /upload)', () => {
  const LIMIT = 64 * 1024;
  let dataDir: string;
  let stagingDir: string;
  let services: Services;
  let uploads: UploadStaging;
  let server: BrowserServer;
  const auth = () => ({ authorization: `Bearer ${server.token}` });

  beforeAll(async () => {
    dataDir = makeTempDir();
    services = createServices({ dataDir, mode: 'browser', version: '1.2.3' });
    stagingDir = path.join(dataDir, 'staging-test');
    uploads = new UploadStaging(stagingDir, LIMIT);
    server = await startBrowserServer({ dispatch: createDispatcher(services.handlers), rendererDir: dataDir, uploads });
  });
  afterAll(async () => {
    await server.close();
    services.close();
    removeTempDir(dataDir);
  });

  it('stores the body under a random id with the decoded, cleaned file name', async () => {
    const body = Buffer.from('<?xml version="1.0"?>\n<EDEX/>\n');
    const res = await request(server, {
      method: 'POST',
      path: '/upload',
      headers: { ...auth(), 'x-file-name': encodeURIComponent('C:\\Export\\Mijn school é.xml'), 'content-type': 'application/octet-stream' },
      body,
    });
    expect(res.status).toBe(200);
    const result = JSON.parse(res.body) as { ok: true; value: { uploadId: string; name: string; size: number } };
    expect(result).toMatchObject({ ok: true, value: { name: 'Mijn school é.xml', size: body.length } });
    expect(result.value.uploadId).toMatch(/^[A-Za-z0-9_-]{24,}$/);
    expect(fs.readFileSync(uploads.get(result.value.uploadId).file)).toEqual(body);
  });

  it('refuses an upload without the token or from a foreign Origin, and stores nothing', async () => {
    const before = uploads.count();
    const without = await request(server, { method: 'POST', path: '/upload', headers: { 'x-file-name': 'a.xml' }, body: 'x' });
    expect(without.status).toBe(401);
    const foreign = await request(server, { method: 'POST', path: '/upload', headers: { ...auth(), origin: 'https://evil.example', 'x-file-name': 'a.xml' }, body: 'x' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const get = await request(server, { method: 'GET', path: '/upload', headers: auth() });
    expect(get.status).toBe(405);
    expect(uploads.count()).toBe(before);
  });

  it('refuses a file over the limit, by its Content-Length or while streaming, with a Dutch message', async () => {
    const before = uploads.count();
    const declared = await request(server, { method: 'POST', path: '/upload', headers: { ...auth(), 'x-file-name': 'groot.xml' }, body: Buffer.alloc(LIMIT + 1) });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('de console neemt bestanden tot') } });
    // Chunked (no Content-Length): cut off once the limit is passed.
    const { port } = new URL(server.origin);
    const streamed = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', headers: { ...auth(), 'x-file-name': 'groot.xml', 'transfer-encoding': 'chunked' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      for (let i = 0; i < 5; i++) req.write(Buffer.alloc(LIMIT / 2));
      req.end();
    });
    expect(streamed.status).toBe(413);
    expect(uploads.count()).toBe(before);
  });

  it('streams the body to disk as it arrives (not buffered until the end)', async () => {
    const { port } = new URL(server.origin);
    const before = new Set(fs.readdirSync(stagingDir));
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/upload', headers: { ...auth(), 'x-file-name': 'traag.xml', 'transfer-encoding': 'chunked' } });
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
    });
    req.write(Buffer.alloc(20_000, 65));
    const partial = await until(() => {
      const fresh = fs.readdirSync(stagingDir).filter((f) => !before.has(f));
      const size = fresh.length === 1 ? fs.statSync(path.join(stagingDir, fresh[0]!)).size : 0;
      return size >= 20_000 && size;
    }, 'the first 20,000 bytes on disk');
    expect(partial).toBe(20_000); // on disk while the request is still open
    req.end(Buffer.alloc(10_000, 66));
    const res = await answer;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { name: 'traag.xml', size: 30_000 } });
  });
});
