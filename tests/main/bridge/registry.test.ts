import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServiceError } from '../../../main/errors/service-error';
import { createServices } from '../../../main/app/services';
import type { Handlers, Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { latestSchemaVersion } from '../../../main/db/migrations';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

const trusted = { trusted: true };

describe('bridge dispatcher', () => {
  let dir: string;
  let services: Services;
  let logged: string[];

  beforeEach(() => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'cli', version: '9.9.9' });
    logged = [];
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('answers a valid call with the handler value', async () => {
    const dispatch = createDispatcher(services.handlers);
    const result = await dispatch('app:get-info', undefined, trusted);
    expect(result).toMatchObject({ ok: true, value: { name: 'Beheerconsole', version: '9.9.9', schemaVersion: latestSchemaVersion } });
  });

  it('rejects a malformed payload with a Dutch message naming the field, and changes nothing', async () => {
    const dispatch = createDispatcher(services.handlers);
    const result = await dispatch('settings:set-last-location', { brin6: 'abc' }, trusted);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.message).toBe('Vul het gemarkeerde veld goed in.');
    expect(result.error.issues).toEqual([{ path: ['brin6'], message: expect.stringContaining('bijvoorbeeld 99ZX10') }]);
    expect(services.settings.get().lastLocation).toBeNull();

    const wrongType = await dispatch('settings:set-api-base-url', { apiBaseUrl: 42 }, trusted);
    expect(wrongType).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!wrongType.ok) expect(wrongType.error.issues).toEqual([{ path: ['apiBaseUrl'], message: 'Vul hier tekst in.' }]);

    const missing = await dispatch('settings:set-api-base-url', undefined, trusted);
    if (!missing.ok) expect(missing.error.message).toContain('ontbreken');
    expect(missing.ok).toBe(false);
  });

  it('refuses a payload on a method that takes none', async () => {
    const dispatch = createDispatcher(services.handlers);
    const result = await dispatch('locations:list-all', { brin6: '99ZX10' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('refuses unknown methods, including inherited object keys', async () => {
    const dispatch = createDispatcher(services.handlers);
    for (const name of ['app:delete-everything', 'toString', '__proto__', 'constructor']) {
      const result = await dispatch(name, undefined, trusted);
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it("knows the CLI-only methods only in the CLI's dispatcher: the window's IPC and browser mode's HTTP refuse them as unknown", async () => {
    await createDispatcher(services.handlers)('locations:add', { brin6: '99ZX10', name: 'De Brug' }, trusted);
    // As main/bridge/ipc.ts and main/browser/start.ts build it: bridge methods only.
    const windowDispatch = createDispatcher(services.handlers);
    for (const name of Object.keys(services.cli)) {
      expect(await windowDispatch(name, { brin6: '99ZX10' }, trusted)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
    // As main/cli/common.ts builds it: the same checks, its input parsed like a bridge method's.
    const cliDispatch = createDispatcher(services.handlers, () => {}, services.cli);
    expect(await cliDispatch('cli:confirmed-data', { brin6: '99ZX10' }, trusted)).toEqual({ ok: true, value: null });
    expect(await cliDispatch('cli:confirmed-data', { brin6: 'nope' }, trusted)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await cliDispatch('cli:confirmed-data', { brin6: '99ZX10' }, { trusted: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await cliDispatch('cli:nothing', {}, trusted)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('refuses an untrusted caller before looking at the payload', async () => {
    const dispatch = createDispatcher(services.handlers);
    const result = await dispatch('settings:set-api-base-url', { apiBaseUrl: 'https://evil.example' }, { trusted: false });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(services.settings.get().apiBaseUrl).toBeNull();
  });

  it('passes a ServiceError message through, hides any other error behind a Dutch message and logs it', async () => {
    const handlers: Handlers = {
      ...services.handlers,
      'locations:list-all': () => {
        throw new ServiceError('unavailable', 'Even geen locaties.');
      },
      'sync:get-status': () => {
        throw new Error('SQLITE_BUSY at /home/secret/path');
      },
    };
    const dispatch = createDispatcher(handlers, (line) => logged.push(line));
    expect(await dispatch('locations:list-all', undefined, trusted)).toEqual({
      ok: false,
      error: { code: 'unavailable', message: 'Even geen locaties.' },
    });
    const hidden = await dispatch('sync:get-status', undefined, trusted);
    expect(hidden.ok).toBe(false);
    if (!hidden.ok) {
      expect(hidden.error.code).toBe('internal');
      expect(hidden.error.message).not.toContain('secret');
      expect(hidden.error.message).toMatch(/Er ging iets mis/);
    }
    expect(logged.join('\n')).toContain('SQLITE_BUSY');
  });

  it('refuses an answer that breaks the contract instead of passing it on', async () => {
    const handlers = {
      ...services.handlers,
      'sync:get-status': () => ({ connection: 'sideways', pendingChanges: -1 }),
    } as unknown as Handlers;
    const dispatch = createDispatcher(handlers, (line) => logged.push(line));
    const result = await dispatch('sync:get-status', undefined, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logged[0]).toContain('sync:get-status');
  });

  it('refuses a handler map with a method the contract does not know', () => {
    const handlers = { ...services.handlers, 'app:rogue': () => 1 } as unknown as Handlers;
    expect(() => createDispatcher(handlers)).toThrow(/unknown bridge method app:rogue/);
  });
});
