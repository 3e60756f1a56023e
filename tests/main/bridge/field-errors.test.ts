import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { startBrowserServer } from '../../../main/browser/server';
import type { BrowserServer } from '../../../main/browser/server';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { bridgeContract, bridgeMethodNames } from '../../../shared/bridge';
import type { BridgeError } from '../../../shared/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** Invalid inputs for one method: the wrong shape as a whole, nothing, and each top-level field of the wrong type. */
function invalidInputs(schema: z.ZodType): unknown[] {
  const def = (schema as unknown as { def: { type: string; shape?: Record<string, z.ZodType> } }).def;
  if (def.type === 'undefined') return [{ onverwacht: 1 }, 'tekst'];
  const inputs: unknown[] = [42, 'tekst', [], {}];
  if (def.type === 'object' && def.shape) {
    const keys = Object.keys(def.shape);
    for (const key of keys) inputs.push({ [key]: 12345 });
    inputs.push(Object.fromEntries(keys.map((key) => [key, { diep: [1, 2] }])));
  }
  return inputs;
}

const methodLike = /\b[a-z]+:[a-z]+(-[a-z]+)*\b/;

/** A refusal for people: no method name, no dotted path of the input, every field issue a Dutch sentence. */
function expectReadable(error: BridgeError, where: string): void {
  const texts = [error.message, ...(error.issues ?? []).map((issue) => issue.message)];
  for (const text of texts) {
    expect(text, where).not.toMatch(methodLike);
    expect(text, where).not.toMatch(/Invalid|expected|Required|received/);
    expect(text, where).toMatch(/^[A-Z0-9"“‘(]/);
    expect(text, where).toMatch(/[.!?)]$/);
  }
  for (const issue of error.issues ?? []) {
    if (issue.path.length > 1) expect(error.message, where).not.toContain(issue.path.join('.'));
    for (const key of issue.path) if (typeof key === 'string' && key.length > 2) expect(error.message, where).not.toContain(key);
  }
}

describe('errors at the field: every bridge method refuses invalid input in Dutch, for people, with the fields named by path', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let server: BrowserServer;
  beforeAll(async () => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0' });
    dispatch = createDispatcher(services.handlers);
    server = await startBrowserServer({ dispatch, rendererDir: dir, events: services.events });
  });
  afterAll(async () => {
    await server.close();
    services.close();
    removeTempDir(dir);
  });

  it('in the dispatcher (IPC in Electron), for every method and every kind of invalid input', async () => {
    let refusals = 0;
    for (const method of bridgeMethodNames) {
      const schema = bridgeContract[method].input;
      for (const input of invalidInputs(schema).filter((candidate) => !schema.safeParse(candidate).success)) {
        const result = await dispatch(method, input, { trusted: true });
        const where = `${method} ${JSON.stringify(input)}`;
        expect(result.ok, where).toBe(false);
        if (result.ok) continue;
        expect(result.error.code, where).toBe('invalid-input');
        expectReadable(result.error, where);
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(bridgeMethodNames.length * 3);
  });

  it('a field of the wrong type is named by its keys inside the input, with its own sentence', async () => {
    const result = await dispatch('users:add', { brin6: '99ZX10', user: { voornaam: '', initialen: '', voorvoegsel: '', achternaam: '', email: 'x' } }, { trusted: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toBe('Vul de gemarkeerde velden goed in.');
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        { path: ['user', 'voornaam'], message: 'Vul de voornaam in.' },
        { path: ['user', 'email'], message: expect.stringMatching(/^Vul een geldig e-mailadres in/) },
      ]),
    );
  });

  it('over HTTP (browser mode) the same refusal, issues and all', async () => {
    const response = await fetch(`${server.origin}/bridge/locations:add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}`, origin: server.origin },
      body: JSON.stringify({ input: { brin6: 'abc', name: ' ', username: '' } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: false; error: BridgeError };
    expectReadable(body.error, 'HTTP locations:add');
    expect(body.error.issues?.map((issue) => issue.path)).toEqual([['brin6'], ['name']]);
  });
});
