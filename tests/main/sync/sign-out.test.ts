import Database from 'better-sqlite3';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { createDispatcher } from '../../../main/bridge/registry';
import { memoryVault } from '../../../main/sync';
import { ACCOUNT_A, startApi } from '../../helpers/api-server';
import type { RunningApi } from '../../helpers/api-server';
import { bridgeCaller } from '../../helpers/bridge';
import { runCliHere } from '../../helpers/cli';
import { until } from '../../helpers/poll';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';

/** Issue 36, point 2 and 1 as the console sees them: Afmelden ends the session at the service; a 429 said in Dutch. */
describe('signing out ends the session at the service; too many wrong passwords are said with the wait', () => {
  let dir: string;
  let api: RunningApi;
  let services: Services;
  const vault = memoryVault();
  const { call, refused } = bridgeCaller(() => createDispatcher(services.handlers, () => {}));
  const sessionsAtService = () => {
    const store = new Database(path.join(api.dataDir, 'reference-api.sqlite'), { readonly: true });
    try {
      return store.prepare('SELECT COUNT(*) FROM sessions').pluck().get() as number;
    } finally {
      store.close();
    }
  };
  beforeEach(async () => {
    dir = makeTempDir();
    api = await startApi();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', vault });
    await call('settings:set-api-base-url', { apiBaseUrl: api.origin });
    await call('locations:add', { brin6: ACCOUNT_A.brin6, name: 'Het Lyceum', username: ACCOUNT_A.username });
  });
  afterEach(async () => {
    services.close();
    await api.stop();
    removeTempDir(dir);
  });

  it('Afmelden: the token is forgotten here at once and refused by the service after (401)', async () => {
    await call('sync:sign-in', { ...ACCOUNT_A });
    const token = vault.load(ACCOUNT_A.brin6)!;
    expect((await fetch(`${api.origin}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const status = await call<{ locations: { signedIn: boolean }[] }>('sync:sign-out', { brin6: ACCOUNT_A.brin6 });
    expect(status.locations[0]!.signedIn).toBe(false);
    expect(vault.load(ACCOUNT_A.brin6)).toBeNull();
    await until(async () => (await fetch(`${api.origin}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } })).status === 401, 'the service to refuse the old token');
  });

  it('offline, Afmelden still forgets the token here', async () => {
    await call('sync:sign-in', { ...ACCOUNT_A });
    await api.stop();
    await call('sync:sign-out', { brin6: ACCOUNT_A.brin6 });
    expect(vault.load(ACCOUNT_A.brin6)).toBeNull();
    api = await startApi();
  });

  it('the CLI\'s `sync` with a user name and password ends the session it made', async () => {
    const before = sessionsAtService();
    const run = await runCliHere(['sync', '--brin6', ACCOUNT_A.brin6, '--data-dir', dir], { BEHEERCONSOLE_USERNAME: ACCOUNT_A.username, BEHEERCONSOLE_PASSWORD: ACCOUNT_A.password });
    expect(run.status).toBe(0);
    expect(sessionsAtService()).toBe(before);
  });

  it('429: "Te veel mislukte aanmeldpogingen … Wacht 1 seconde", at sign-in, never "status 429"', async () => {
    for (let i = 0; i < 5; i++) expect((await refused('sync:sign-in', { ...ACCOUNT_A, password: `fout-${i}` })).message).toContain('klopt niet');
    const error = await refused('sync:sign-in', { ...ACCOUNT_A, password: 'fout-6' });
    expect(error.message).toMatch(/^Te veel mislukte aanmeldpogingen voor dit account\. Wacht \d+ seconden? en probeer het dan opnieuw/);
  });
});
