import { defineConfig } from '@playwright/test';
import fs from 'node:fs';

/** Debian's Chromium; Playwright's own browser download cannot work on these machines. */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

if (!fs.existsSync(CHROMIUM)) {
  throw new Error(
    `Chromium niet gevonden op ${CHROMIUM}. Installeer het met "sudo apt-get install -y chromium" ` +
      '(of zet CHROMIUM_PATH naar een Chromium/Chrome). De end-to-end-tests worden niet overgeslagen.',
  );
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
    viewport: { width: 1280, height: 860 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    },
  },
});
