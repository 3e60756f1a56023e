import { describe, expect, it } from 'vitest';
import type { UpdateState } from '../../../shared/bridge';
import { silentLogger } from '../../../main/log/logger';
import { resolveUpdateConfig, restartDecision, shouldCheck } from '../../../main/updates/policy';
import { NO_POLICY } from '../../../main/policy/policy';
import type { MachinePolicy } from '../../../main/policy/policy';
import type { PolicyValues } from '../../../main/policy/keys';
import { UpdateController, UpdateRefusedError } from '../../../main/updates/updates';
import type { Updater } from '../../../main/updates/updates';
import { propertySeed, seededRandom } from '../../helpers/random';

/** A policy with these values, each found in `/p` (as main/policy/ reads it). */
function policyOf(values: PolicyValues, broken: MachinePolicy['broken'] = []): MachinePolicy {
  return { values, origin: Object.fromEntries(Object.keys(values).map((k) => [k, '/p'])), looked: ['/p'], warnings: [], broken };
}

describe('updates that school IT controls', () => {
  it('policy over setting; setting when the policy is silent; nothing in a build that cannot update itself', () => {
    const none = NO_POLICY;
    const off = policyOf({ 'updates.enabled': false });
    const on = policyOf({ 'updates.enabled': true, 'updates.url': 'https://mirror.school.nl/beheerconsole/', 'updates.channel': 'beta' });
    const urlOnly = policyOf({ 'updates.url': 'https://mirror.school.nl/' });
    const broken = policyOf({}, [{ where: '/p', problem: 'geen geldige JSON' }]);
    const badUrl = policyOf({ 'updates.enabled': true }, [{ where: '/p', problem: 'updates.url: moet een https-adres zijn', key: 'updates.url' }]);
    const otherKeyBroken = policyOf({}, [{ where: '/p', problem: 'x', key: 'service.url' }]);
    expect(resolveUpdateConfig({ canUpdate: true, policy: none, settingEnabled: true })).toMatchObject({ enabled: true, managedBy: 'setting', url: null });
    expect(resolveUpdateConfig({ canUpdate: true, policy: none, settingEnabled: false })).toMatchObject({ enabled: false, managedBy: 'setting' });
    expect(resolveUpdateConfig({ canUpdate: true, policy: off, settingEnabled: true })).toMatchObject({ enabled: false, managedBy: 'policy', line: /ICT-afdeling.*uitgezet/ });
    expect(resolveUpdateConfig({ canUpdate: true, policy: on, settingEnabled: false })).toMatchObject({ enabled: true, managedBy: 'policy', url: 'https://mirror.school.nl/beheerconsole/' });
    expect(resolveUpdateConfig({ canUpdate: true, policy: urlOnly, settingEnabled: true })).toMatchObject({ enabled: true, managedBy: 'setting', url: 'https://mirror.school.nl/' });
    expect(resolveUpdateConfig({ canUpdate: true, policy: broken, settingEnabled: true })).toMatchObject({ enabled: false, managedBy: 'policy', line: /niet te lezen/ });
    expect(resolveUpdateConfig({ canUpdate: false, policy: on, settingEnabled: true })).toMatchObject({ enabled: false, managedBy: 'build' });
    // IT steered updates with a value that cannot be used: none until it is repaired; any other key is only a warning.
    expect(resolveUpdateConfig({ canUpdate: true, policy: badUrl, settingEnabled: true })).toMatchObject({ enabled: false, managedBy: 'policy', line: /updates\.url/ });
    expect(resolveUpdateConfig({ canUpdate: true, policy: otherKeyBroken, settingEnabled: true })).toMatchObject({ enabled: true, managedBy: 'setting' });
    expect(resolveUpdateConfig({ canUpdate: true, policy: on, settingEnabled: true })).toMatchObject({ channel: 'beta' });
  });

  it('checks only when enabled, not busy and due — never asking the sync state; a failed check sooner (generated inputs, fixed seed)', () => {
    const random = seededRandom(propertySeed(20261202));
    const phases = ['idle', 'checking', 'downloading', 'ready', 'error', 'off'] as const;
    for (let round = 0; round < 500; round++) {
      const enabled = random.next() < 0.7;
      const phase = random.pick(phases);
      const lastCheck = random.next() < 0.3 ? null : random.int(10_000);
      const now = 10_000 + random.int(10_000);
      const input = { config: { enabled, managedBy: 'setting' as const, url: null, channel: null, line: '' }, phase, lastCheck, now, intervalMs: 5_000, retryMs: 2_000 };
      const wait = phase === 'error' ? 2_000 : 5_000;
      const expected = enabled && !['checking', 'downloading', 'ready'].includes(phase) && (lastCheck === null || now - lastCheck >= wait);
      expect(shouldCheck(input), `seed ${random.seed}, round ${round}: ${JSON.stringify(input)}`).toBe(expected);
    }
  });

  it('never restarts while changes wait to be sent unless the coordinator was told and said yes', () => {
    expect(restartDecision({ ready: true, pendingChanges: 0, confirmed: false })).toBe('restart');
    expect(restartDecision({ ready: true, pendingChanges: 3, confirmed: false })).toBe('ask');
    expect(restartDecision({ ready: true, pendingChanges: 3, confirmed: true })).toBe('restart');
    expect(restartDecision({ ready: false, pendingChanges: 0, confirmed: true })).toBe('not-ready');
  });
});

/** electron-updater's part, as the controller sees it: a check that may find a version, and an install. */
function scriptedUpdater(findVersion: string | null, failures = 0) {
  const calls: string[] = [];
  let toFail = failures;
  const listeners = { downloading: [] as Array<() => void>, ready: [] as Array<(v: string) => void>, error: [] as Array<(e: Error) => void> };
  const updater: Updater = {
    async check() {
      calls.push('check');
      if (toFail-- > 0) throw new Error('net::ERR_PROXY_CONNECTION_FAILED');
      if (findVersion) {
        for (const l of listeners.downloading) l();
        for (const l of listeners.ready) l(findVersion);
      }
    },
    install: () => void calls.push('install'),
    setFeedUrl: (url) => void calls.push(`feed ${url}`),
    setChannel: (channel) => void calls.push(`channel ${channel}`),
    setInstallOnQuit: (enabled) => void calls.push(`on-quit ${enabled}`),
    onDownloading: (l) => void listeners.downloading.push(l),
    onReady: (l) => void listeners.ready.push(l),
    onError: (l) => void listeners.error.push(l),
  };
  return { updater, calls };
}

describe('the update controller', () => {
  const setup = (options: { version?: string | null; policy?: MachinePolicy; pending?: number; failFirst?: boolean }) => {
    const { updater, calls } = scriptedUpdater(options.version === undefined ? '0.2.0' : options.version, options.failFirst ? 1 : 0);
    let enabled = true;
    let clock = 1_000_000;
    const events: UpdateState[] = [];
    const controller = new UpdateController({
      updater,
      policy: () => options.policy ?? NO_POLICY,
      settingEnabled: () => enabled,
      setSettingEnabled: (value) => void (enabled = value),
      pendingChanges: () => options.pending ?? 0,
      onChange: (state) => events.push(state),
      log: silentLogger,
      now: () => clock,
      intervalMs: 60_000,
      retryMs: 10_000,
    });
    return { controller, calls, events, tick: (ms: number) => void (clock += ms) };
  };

  it('checks at start whatever the sync state (no service address, behind a proxy): one check, then the banner line', async () => {
    const { controller, calls, events } = setup({});
    await controller.maybeCheck();
    await controller.maybeCheck();
    expect(calls.filter((c) => c === 'check')).toHaveLength(1);
    expect(controller.state()).toMatchObject({ phase: 'ready', readyVersion: '0.2.0', line: 'Nieuwe versie 0.2.0 klaar — herstart om bij te werken.' });
    expect(events.map((e) => e.phase)).toEqual(['checking', 'downloading', 'ready']);
  });

  it('a check that failed (say, behind a proxy) is tried again after the retry time, not only after the interval', async () => {
    const { controller, calls, tick } = setup({ failFirst: true });
    await controller.maybeCheck();
    expect(controller.state().phase).toBe('error');
    tick(9_999);
    await controller.maybeCheck();
    expect(calls.filter((c) => c === 'check')).toHaveLength(1);
    tick(1);
    await controller.maybeCheck();
    expect(calls.filter((c) => c === 'check')).toHaveLength(2);
    expect(controller.state()).toMatchObject({ phase: 'ready', readyVersion: '0.2.0' });
  });

  it('with changes in the queue, "Herstarten" first asks; after yes it installs', async () => {
    const { controller, calls } = setup({ pending: 2 });
    await controller.maybeCheck();
    expect(controller.restart(false)).toEqual({ restarting: false, pendingChanges: 2 });
    expect(calls).not.toContain('install');
    expect(controller.restart(true)).toEqual({ restarting: true, pendingChanges: 2 });
    expect(calls).toContain('install');
  });

  it('IT’s policy off: no check, no install on quit, and the in-app switch is locked', async () => {
    const { controller, calls } = setup({ policy: policyOf({ 'updates.enabled': false }) });
    await controller.maybeCheck();
    expect(calls).toEqual(['on-quit false']);
    expect(controller.state()).toMatchObject({ enabled: false, managedBy: 'policy', phase: 'off' });
    expect(() => controller.setEnabled(true)).toThrow(UpdateRefusedError);
  });

  it('the school’s own mirror from the policy is used as the feed', async () => {
    const { controller, calls } = setup({ policy: policyOf({ 'updates.url': 'https://mirror.school.nl/' }) });
    await controller.maybeCheck();
    expect(calls).toEqual(['on-quit true', 'feed https://mirror.school.nl/', 'check']);
  });

  it('the setting switches updates off and on; a check waits for its interval', async () => {
    const { controller, calls, tick } = setup({ version: null });
    expect(controller.setEnabled(false)).toMatchObject({ enabled: false, managedBy: 'setting', phase: 'off' });
    await controller.maybeCheck();
    expect(calls.filter((c) => c === 'check')).toHaveLength(0);
    controller.setEnabled(true);
    await controller.maybeCheck();
    await controller.maybeCheck();
    tick(60_000);
    await controller.maybeCheck();
    expect(calls.filter((c) => c === 'check')).toHaveLength(2);
    expect(controller.state()).toMatchObject({ phase: 'idle', readyVersion: null });
  });

  it('without an updater (browser mode, CLI, a checkout) it says that only the installed app updates itself', async () => {
    const controller = new UpdateController({
      updater: null,
      policy: () => NO_POLICY,
      settingEnabled: () => true,
      setSettingEnabled: () => {},
      pendingChanges: () => 0,
      onChange: () => {},
      log: silentLogger,
    });
    await controller.maybeCheck();
    expect(controller.state()).toMatchObject({ available: false, enabled: false, managedBy: 'build', phase: 'off', line: /geïnstalleerde/ });
    expect(controller.restart(true)).toEqual({ restarting: false, pendingChanges: 0 });
  });
});
