/**
 * The desktop app's own menu, in Dutch, as plain data (issue 35): without it Electron shows its English default with
 * *Toggle Developer Tools*, *Reload* and a Help menu that opens electronjs.org. `main/window/window.ts` turns this into
 * Electron's `Menu`; the tests read it here. Roles keep the OS's own behaviour (undo, copy, zoom); our own entries
 * are `command`s the window carries out.
 */
export type MenuCommand = 'about' | 'open-logs' | 'check-connection' | 'support';

export type MenuRole =
  | 'undo' | 'redo' | 'cut' | 'copy' | 'paste' | 'selectAll'
  | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen'
  | 'reload' | 'toggleDevTools'
  | 'quit' | 'hide' | 'hideOthers' | 'unhide' | 'minimize' | 'zoom' | 'close' | 'front';

export interface MenuEntry {
  readonly label?: string;
  readonly role?: MenuRole;
  readonly command?: MenuCommand;
  readonly type?: 'separator';
  readonly accelerator?: string;
  readonly submenu?: readonly MenuEntry[];
}

const separator: MenuEntry = { type: 'separator' };

/**
 * Developer tools only in a development build, or in an installed one started with `--support-devtools` (support asks
 * for it; the switch is on the command line, never in a menu). Packaged builds otherwise have them off entirely.
 */
export const DEVTOOLS_SWITCH = '--support-devtools';

export function devToolsAllowed(input: { readonly packaged: boolean; readonly argv: readonly string[] }): boolean {
  return !input.packaged || input.argv.includes(DEVTOOLS_SWITCH);
}

export function menuTemplate(input: { readonly platform: NodeJS.Platform; readonly devTools: boolean }): MenuEntry[] {
  const mac = input.platform === 'darwin';
  const appMenu: MenuEntry[] = mac
    ? [
        {
          label: 'Beheerconsole',
          submenu: [
            { label: 'Over Beheerconsole', command: 'about' },
            separator,
            { label: 'Verberg Beheerconsole', role: 'hide' },
            { label: 'Verberg andere', role: 'hideOthers' },
            { label: 'Toon alles', role: 'unhide' },
            separator,
            { label: 'Stop Beheerconsole', role: 'quit' },
          ],
        },
      ]
    : [];
  const file: MenuEntry = {
    label: 'Bestand',
    submenu: [{ label: 'Support en updates…', command: 'support' }, separator, mac ? { label: 'Venster sluiten', role: 'close' } : { label: 'Afsluiten', role: 'quit' }],
  };
  const edit: MenuEntry = {
    label: 'Bewerken',
    submenu: [
      { label: 'Ongedaan maken', role: 'undo' },
      { label: 'Opnieuw', role: 'redo' },
      separator,
      { label: 'Knippen', role: 'cut' },
      { label: 'Kopiëren', role: 'copy' },
      { label: 'Plakken', role: 'paste' },
      { label: 'Alles selecteren', role: 'selectAll' },
    ],
  };
  const view: MenuEntry = {
    label: 'Beeld',
    submenu: [
      { label: 'Werkelijke grootte', role: 'resetZoom' },
      { label: 'Inzoomen', role: 'zoomIn' },
      { label: 'Uitzoomen', role: 'zoomOut' },
      separator,
      { label: 'Volledig scherm', role: 'togglefullscreen' },
      ...(input.devTools ? [separator, { label: 'Opnieuw laden (ontwikkeling)', role: 'reload' as const }, { label: 'Ontwikkelhulpmiddelen', role: 'toggleDevTools' as const }] : []),
    ],
  };
  const window: MenuEntry[] = mac
    ? [{ label: 'Venster', submenu: [{ label: 'Minimaliseren', role: 'minimize' }, { label: 'Zoomen', role: 'zoom' }, separator, { label: 'Alles naar voren', role: 'front' }] }]
    : [];
  const help: MenuEntry = {
    label: 'Help',
    submenu: [
      { label: 'Verbinding testen', command: 'check-connection' },
      { label: 'Logmap openen', command: 'open-logs' },
      separator,
      ...(mac ? [] : [{ label: 'Over Beheerconsole', command: 'about' as const }]),
    ],
  };
  return [...appMenu, file, edit, view, ...window, help];
}

/** Every entry of a template, submenus included (for the tests and the Electron adapter). */
export function allEntries(template: readonly MenuEntry[]): MenuEntry[] {
  return template.flatMap((entry) => [entry, ...allEntries(entry.submenu ?? [])]);
}

/** "Over Beheerconsole": the version first, then what support asks for. */
export function aboutBox(info: { readonly version: string; readonly electron: string | null; readonly chrome: string | null; readonly node: string; readonly dataDir: string }) {
  return {
    type: 'info' as const,
    title: 'Over Beheerconsole',
    message: `Beheerconsole ${info.version}`,
    detail: [
      'Beheerconsole voor Cito Volgsysteem VO / Leerling in beeld VO.',
      '',
      `Electron ${info.electron ?? '–'} · Chromium ${info.chrome ?? '–'} · Node ${info.node}`,
      `Gegevensmap: ${info.dataDir}`,
    ].join('\n'),
    buttons: ['OK'],
  };
}
