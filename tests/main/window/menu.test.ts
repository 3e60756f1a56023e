import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEVTOOLS_SWITCH, aboutBox, allEntries, devToolsAllowed, menuTemplate } from '../../../main/window/menu';
import { EXTERNAL_HOSTS, externalLinkAllowed } from '../../../main/window/security';

const DEVELOPER_ROLES = ['reload', 'forceReload', 'toggleDevTools'];

describe('a Dutch desktop app without developer doors (issue 35)', () => {
  it('the installed app\'s menu: Bestand, Bewerken, Beeld, Help — in Dutch, no developer entries, no link to electronjs.org', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      const template = menuTemplate({ platform, devTools: devToolsAllowed({ packaged: true, argv: ['Beheerconsole.exe'] }) });
      const entries = allEntries(template);
      const top = template.map((e) => e.label);
      expect(top).toEqual(expect.arrayContaining(['Bestand', 'Bewerken', 'Beeld', 'Help']));
      expect(entries.filter((e) => e.role && DEVELOPER_ROLES.includes(e.role))).toEqual([]);
      // Every entry says what it does in Dutch: no role falls back to Electron's English label.
      for (const entry of entries) if (entry.type !== 'separator') expect(entry.label, JSON.stringify(entry)).toMatch(/\S/);
      expect(JSON.stringify(template)).not.toMatch(/electron|Learn More|Toggle|Developer|Reload|Quit|Edit|View|Window/);
      const help = template.find((e) => e.label === 'Help')!;
      expect(help.submenu!.map((e) => e.command).filter(Boolean)).toEqual(platform === 'darwin' ? ['check-connection', 'open-logs'] : ['check-connection', 'open-logs', 'about']);
      expect(entries.filter((e) => e.command === 'about')).toHaveLength(1);
      expect(entries.filter((e) => e.role === 'quit')).toHaveLength(1);
    }
  });

  it('developer tools: in a development build, or installed only with --support-devtools', () => {
    expect(devToolsAllowed({ packaged: false, argv: [] })).toBe(true);
    expect(devToolsAllowed({ packaged: true, argv: ['Beheerconsole.exe'] })).toBe(false);
    expect(devToolsAllowed({ packaged: true, argv: ['Beheerconsole.exe', DEVTOOLS_SWITCH] })).toBe(true);
    const roles = allEntries(menuTemplate({ platform: 'win32', devTools: true })).map((e) => e.role);
    expect(roles).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    // The window applies the same decision to the web contents (no F12, no Ctrl+Shift+I in an installed app).
    const index = fs.readFileSync(new URL('../../../main/index.ts', import.meta.url), 'utf8');
    expect(index).toContain('const devTools = devToolsAllowed({ packaged: app.isPackaged, argv: process.argv });');
    expect(index).toMatch(/settings: ready\.settings,\s*devTools,\s*\}\);/);
    expect(index).toMatch(/applyMenu\(\{[^]*devTools,/);
  });

  it('"Over Beheerconsole" says the version first', () => {
    const box = aboutBox({ version: '1.4.0', electron: '45.4.1', chrome: '140.0', node: '22.20.0', dataDir: 'C:\\Users\\coord\\AppData\\Roaming\\Beheerconsole' });
    expect(box).toMatchObject({ title: 'Over Beheerconsole', message: 'Beheerconsole 1.4.0' });
    expect(box.detail).toContain('Electron 45.4.1');
  });
});

describe('links a page may open in the browser: an allowlist of hosts', () => {
  it('Cito, Kurve, Basispoort (and their subdomains) and the service\'s own host; https only; nothing else', () => {
    expect(EXTERNAL_HOSTS).toEqual(['cito.nl', 'kurve.nl', 'basispoort.nl']);
    const service = 'https://lvs.school.nl/api/';
    for (const ok of ['https://www.cito.nl/cito-numo', 'https://cito.nl/', 'https://support.kurve.nl/', 'https://basispoort.nl/', 'https://lvs.school.nl/help']) {
      expect(externalLinkAllowed(ok, service), ok).toBe(true);
    }
    for (const refused of [
      'http://www.cito.nl/',
      'https://evilcito.nl/',
      'https://cito.nl.evil.example/',
      'https://user:pw@www.cito.nl/',
      'file:///C:/Windows/System32/calc.exe',
      'javascript:alert(1)',
      'https://evil.example/',
      'niet een adres',
      'https://lvs.school.nl.evil.example/',
    ]) {
      expect(externalLinkAllowed(refused, service), refused).toBe(false);
    }
    expect(externalLinkAllowed('https://lvs.school.nl/', null)).toBe(false);
    const window = fs.readFileSync(new URL('../../../main/window/window.ts', import.meta.url), 'utf8');
    expect(window).toContain('if (externalLinkAllowed(details.url, options.settings.get().apiBaseUrl)) void shell.openExternal(details.url);');
    expect(window.match(/openExternal\(/g)).toHaveLength(1);
  });
});
