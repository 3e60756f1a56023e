import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import type { Dispatch } from '../../../main/bridge/registry';
import { receiveUpload } from '../../../main/uploads/receive';
import { CrashGuard, crashMessage } from '../../../main/window/crash';
import type { OpenLogsResult, SupportInfo, UpdateState } from '../../../shared/bridge';
import { ACCOUNT_A, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { generateEdexml } from '../../helpers/generate-edexml';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { reviewedImportId } from '../../helpers/bridge';

const trusted = { trusted: true };

describe('logs for support, through the real services', () => {
  let dir: string;
  let services: Services;
  let dispatch: Dispatch;
  let api: RunningApi | undefined;
  const call = async <T>(method: string, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input, trusted);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as T;
  };
  const logText = () => fs.readFileSync(path.join(dir, 'logs', 'browser.log'), 'utf8');

  beforeEach(() => {
    dir = makeTempDir();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', today: () => new Date('2025-10-01T12:00:00Z') });
    dispatch = createDispatcher(services.handlers, (_line, error, method) => services.log.error('bridge.internal', error, { method }));
  });
  afterEach(async () => {
    services.close();
    await api?.stop();
    api = undefined;
    removeTempDir(dir);
  });

  it('start, an import (counts only), a sync round and a window error are logged — without names, e-mail or tokens', async () => {
    api = await startApi();
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('locations:add', { brin6: ACCOUNT_A.brin6, name: 'Het Lyceum', username: '' });
    const xml = generateEdexml({ pupils: 30, brincode: ACCOUNT_A.brin6.slice(0, 4), dependancecode: ACCOUNT_A.brin6.slice(4) });
    const staged = receiveUpload(services.uploads, true, 'Leerlingen Jan de Vries.xml', new TextEncoder().encode(xml));
    if (!staged.ok) throw new Error(staged.error.message);
    await call('import:start', { brin6: ACCOUNT_A.brin6, uploadId: staged.value.uploadId });
    await call('import:confirm', { brin6: ACCOUNT_A.brin6, importId: await reviewedImportId(call, ACCOUNT_A.brin6) });
    await call('users:add', { brin6: ACCOUNT_A.brin6, user: { voornaam: 'Fatma', initialen: 'F.', voorvoegsel: '', achternaam: 'Yılmaz', email: 'f.yilmaz@school.nl' } });
    await call('sync:sign-in', ACCOUNT_A);
    await call('app:report-error', { kind: 'render', message: 'Cannot read properties of undefined (gebruiker f.yilmaz@school.nl)', stack: 'TypeError: x\n    at UsersStep (app://beheerconsole/assets/index.js:1:2)' });

    const text = logText();
    expect(text).toMatch(/INFO app.start mode=browser version=1.0.0 schema=\d+ database=\d+ platform=\w+/);
    expect(text).toMatch(/INFO import.read brin6=99ZX10 outcome=stored leerlingen=30 groepen=\d+ errors=0 findings=\d+ ms=\d+/);
    expect(text).toMatch(/INFO import.confirm brin6=99ZX10 leerlingen=30/);
    expect(text).toMatch(/INFO sync.round brin6=99ZX10 outcome=ok sent=\d+ failed=0 pending=0 ms=\d+/);
    expect(text).toMatch(/ERROR renderer.render\n {2}TypeError: x\n {6}at UsersStep/);
    for (const personal of ['Jan', 'Vries', 'Fatma', 'Yılmaz', 'yilmaz', ACCOUNT_A.password, ACCOUNT_A.username, 'Bearer']) expect(text).not.toContain(personal);
  });

  it('"Logbestanden voor support" in browser mode offers the newest log as a download; the support info says where they are', async () => {
    const info = await call<SupportInfo>('app:get-support');
    expect(info).toMatchObject({ logFolder: path.join(dir, 'logs'), canOpenFolder: false, updates: { available: false, phase: 'off' } });
    const result = await call<OpenLogsResult>('app:open-logs');
    expect(result.kind).toBe('download');
    if (result.kind !== 'download') return;
    expect(result.fileName).toBe('browser.log');
    expect(result.content).toContain('INFO app.start mode=browser');
  });

  it('an internal error is logged with its stack; the screen gets the Dutch line only', async () => {
    const failing = createDispatcher({ ...services.handlers, 'audit:list': () => { throw new Error('kapot bij jan@school.nl'); } }, (_l, error, method) => services.log.error('bridge.internal', error, { method }));
    const result = await failing('audit:list', { brin6: '99ZX10' }, trusted);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logText()).toMatch(/ERROR bridge.internal method=audit:list\n {2}Error: kapot bij \[e-mail\]\n {6}at /);
    expect(logText()).not.toMatch(/file:\[e-mail\]/);
  });

  it('the update switch and restart answer in browser mode: nothing to install, and said so', async () => {
    const state = await call<UpdateState>('app:set-updates-enabled', { enabled: false });
    expect(state).toMatchObject({ available: false, managedBy: 'build', line: /geïnstalleerde Beheerconsole/ });
    expect(services.settings.getUpdatesEnabled()).toBe(false);
    expect(await call('app:restart-to-update', { confirmQueued: true })).toEqual({ restarting: false, pendingChanges: 0 });
  });
});

describe('a crashed window or main error: reload with a Dutch message, never an endless loop', () => {
  it('reloads up to the limit within the window, then gives up; the message names the log file', () => {
    const guard = new CrashGuard(3, 60_000);
    expect(guard.record(0)).toBe('reload');
    expect(guard.record(10_000)).toBe('reload');
    expect(guard.record(20_000)).toBe('give-up');
    expect(guard.record(200_000)).toBe('reload');
    const reload = crashMessage('renderer', 'reload', 'C:\\logs\\electron.log');
    expect(reload.message).toBe('Het venster van de Beheerconsole liep vast.');
    expect(reload.detail).toMatch(/Je werk is bewaard; het venster wordt opnieuw geladen.*C:\\logs\\electron\.log/);
    expect(crashMessage('main', 'give-up', 'x').detail).toMatch(/niet opnieuw geladen/);
  });
});
