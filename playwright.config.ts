import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

/**
 * Debian's Chromium; Playwright's own browser download cannot work on these machines. CHROMIUM_PATH chooses another.
 * Not its headless build (`chromium-headless-shell`, ~30 % faster here): with it the keyboard-only test's file chooser
 * did not open in 2 of 5 full runs (Enter on the button that clicks the hidden input), never with the full browser.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

if (!fs.existsSync(CHROMIUM)) {
  throw new Error(
    `Chromium niet gevonden op ${CHROMIUM}. Installeer het met "sudo apt-get install -y chromium" ` +
      '(of zet CHROMIUM_PATH naar een Chromium/Chrome). De end-to-end-tests worden niet overgeslagen.',
  );
}

/**
 * Chromium converts file paths through the process's locale: under the C/POSIX locale (a CI shell with no LANG) a
 * path with a non-ASCII character — Playwright's output folder for "steps 6–8: …" has an en dash — cannot be read, and
 * `setInputFiles` silently chooses nothing (reproduced with `env -i`). So the browser always gets a UTF-8 locale.
 */
export function browserLocaleEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const utf8 = (v: string | undefined) => v !== undefined && /utf-?8/i.test(v);
  const current = env['LC_ALL'] || env['LC_CTYPE'] || env['LANG'];
  const base = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return utf8(current) ? base : { ...base, LC_ALL: 'C.UTF-8' };
}

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  timeout: 30_000,
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  reporter: [['list']],
  use: {
    locale: 'nl-NL',
    // A common school laptop (issue 33): every screen is designed, and photographed, at 1366×768 first.
    viewport: { width: 1366, height: 768 },
    // No trace: 'retain-on-failure' records one for every test (a DOM snapshot per action) and throws it away when the
    // test passes — a fifth of the suite's time here (flows + users: 60 s → 45 s). A failure still leaves its page
    // (error-context.md, the ARIA snapshot) and a screenshot.
    trace: 'off',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      env: browserLocaleEnv(process.env),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
