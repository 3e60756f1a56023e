import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices } from '../../../main/app/services';
import type { Services } from '../../../main/app/services';
import { builtServiceUrl } from '../../../main/app/build-config';
import { createDispatcher } from '../../../main/bridge/registry';
import { NO_POLICY } from '../../../main/policy/policy';
import type { MachinePolicy } from '../../../main/policy/policy';
import type { PolicyValues } from '../../../main/policy/keys';
import { resolveServiceAddress } from '../../../main/settings/address';
import { memoryVault } from '../../../main/sync';
import { bridgeCaller } from '../../helpers/bridge';
import { makeTempDir, removeTempDir } from '../../helpers/tmp';
import { propertySeed, seededRandom } from '../../helpers/random';

const WHERE = 'HKLM\\Software\\Policies\\Beheerconsole';
const policyOf = (values: PolicyValues): MachinePolicy => ({ values, origin: Object.fromEntries(Object.keys(values).map((k) => [k, WHERE])), looked: [WHERE], warnings: [], broken: [] });

describe('which service address a PC uses (issue 35)', () => {
  it('fixed by IT > the admin\'s > IT\'s default > the build\'s > none (generated inputs, fixed seed)', () => {
    const random = seededRandom(propertySeed(3501));
    const maybe = (text: string) => (random.next() < 0.5 ? text : null);
    for (let round = 0; round < 300; round++) {
      const policy = { url: maybe('https://it.school.nl/'), allowChange: random.next() < 0.5, where: WHERE };
      const setting = maybe('https://admin.school.nl/');
      const buildDefault = maybe('https://build.example.nl/');
      const got = resolveServiceAddress({ policy, setting, buildDefault });
      const message = `seed ${random.seed}, round ${round}: ${JSON.stringify({ policy, setting, buildDefault })}`;
      expect(got.changeable, message).toBe(policy.allowChange);
      const expected = policy.url && !policy.allowChange ? policy.url : (setting ?? policy.url ?? buildDefault);
      expect(got.url, message).toBe(expected);
      if (got.source === 'policy') expect(got.changeable, message).toBe(false);
    }
  });

  it('a build address must be a valid service address; a development build has none', () => {
    expect(builtServiceUrl('https://lvs.example.nl/')).toBe('https://lvs.example.nl/');
    expect(builtServiceUrl('http://lvs.example.nl/')).toBeNull();
    expect(builtServiceUrl('')).toBeNull();
    expect(builtServiceUrl()).toBeNull();
  });
});

describe('the address through the bridge', () => {
  let dir: string;
  let services: Services;
  let vault = memoryVault();
  const { call, refused } = bridgeCaller(() => createDispatcher(services.handlers, () => {}));
  const open = (options: { policy?: MachinePolicy; buildServiceUrl?: string | null } = {}) => {
    services?.close();
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', vault, policy: options.policy ?? NO_POLICY, buildServiceUrl: options.buildServiceUrl ?? null });
  };
  beforeEach(() => {
    dir = makeTempDir();
    vault = memoryVault();
  });
  afterEach(() => {
    services.close();
    removeTempDir(dir);
  });

  it('the build\'s address until the admin sets another; IT\'s default the same way', async () => {
    open({ buildServiceUrl: 'https://build.example.nl/' });
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://build.example.nl/', serviceAddress: { source: 'build', changeable: true } });
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://lvs.school.nl/' });
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://lvs.school.nl/', serviceAddress: { source: 'setting' } });
    open({ policy: policyOf({ 'service.url': 'https://it.school.nl/' }) });
    // The admin's own choice stays; IT's default only fills in where the admin chose nothing.
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://lvs.school.nl/', serviceAddress: { source: 'setting', changeable: true } });
  });

  it('fixed by IT: in use whatever was saved, and a change is refused at the field with where the policy is', async () => {
    open();
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://lvs.school.nl/' });
    open({ policy: policyOf({ 'service.url': 'https://it.school.nl/', 'service.allowChange': false }) });
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://it.school.nl/', serviceAddress: { source: 'policy', changeable: false, policyWhere: WHERE } });
    const error = await refused('settings:set-api-base-url', { apiBaseUrl: 'https://elders.example.nl/' });
    expect(error).toMatchObject({ code: 'forbidden', message: expect.stringContaining('vastgelegd (beleid: HKLM\\Software\\Policies\\Beheerconsole)') });
    expect(error.issues).toEqual([{ path: ['apiBaseUrl'], message: expect.stringContaining('kan hier niet worden gewijzigd') }]);
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://it.school.nl/' });
    const support = await call<{ policy: { entries: { key: string; value: string; where: string }[] } }>('app:get-support');
    expect(support.policy.entries).toEqual([
      { key: 'service.url', label: 'Adres van de centrale dienst', value: 'https://it.school.nl/', where: WHERE },
      { key: 'service.allowChange', label: 'Beheerder mag het adres wijzigen', value: 'nee', where: WHERE },
    ]);
  });

  it('another host signs every location out: a token of the old service is never sent to the new one (another port keeps it)', async () => {
    open();
    await call('locations:add', { brin6: '99ZX10', name: 'Het Lyceum', username: '' });
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://lvs.school.nl/' });
    vault.save('99ZX10', 'token-van-de-oude-dienst');
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://lvs.school.nl:8443/v2/' });
    expect(vault.load('99ZX10')).toBe('token-van-de-oude-dienst');
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://nieuw.school.nl/' });
    expect(vault.load('99ZX10')).toBeNull();
  });

  it('a warning found before start (a policy data folder that cannot be used) is at the top of the window', () => {
    services = createServices({ dataDir: dir, mode: 'browser', version: '1.0.0', startNotices: ['De gegevensmap uit het beleid is niet te gebruiken.'] });
    expect(services.getInfo().notices).toContainEqual({ level: 'warning', message: 'De gegevensmap uit het beleid is niet te gebruiken.' });
  });

  it('"Testen" tries an address without saving it', async () => {
    open();
    await call('settings:set-api-base-url', { apiBaseUrl: 'https://lvs.school.nl/' });
    const report = await call<{ health: { ok: boolean } }>('network:check-connection', { address: 'http://127.0.0.1:9/' });
    expect(report.health.ok).toBe(false);
    expect(await call('settings:get-all')).toMatchObject({ apiBaseUrl: 'https://lvs.school.nl/' });
    expect(await refused('network:check-connection', { address: 'ftp://x' })).toMatchObject({ code: 'invalid-input' });
  });
});
