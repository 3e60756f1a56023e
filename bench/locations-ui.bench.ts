/**
 * A location switch as the administrator sees it: in Debian's Chromium, on the built renderer in browser mode, two
 * locations of 30,000 pupils each, from choosing the other location in the switcher until its step 5 (1,428 classes,
 * all compared) is on screen. Timed inside the page (performance.now() to the animation frame in which the new
 * location's class list is rendered). "Cold": one row written first, so main can reuse nothing. Reference in the same
 * run: one bridge round trip from the page (app:get-info). Needs `npm run build` first (npm run bench does not build).
 */
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../main/app/services';
import { startBrowserServer } from '../main/browser/server';
import { createDispatcher } from '../main/bridge/registry';
import { fromSamples, report } from './lib';
import { CHROMIUM, bridgeRoundTrips, rendererForBench, switchInPage } from './page';
import { LOCATIONS, TODAY, prepareLocations } from './locations-setup';

const PUPILS = Number(process.env['BENCH_LOCATION_PUPILS'] ?? 30_000);
const RUNS = 20;

export async function run(): Promise<void> {
  const rendererDir = rendererForBench();
  if (!rendererDir) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-ui-'));
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench', today: () => TODAY });
  const db = services.database!.db;
  prepareLocations(db, PUPILS, dir);
  const server = await startBrowserServer({
    dispatch: createDispatcher(services.handlers),
    rendererDir,
    uploads: services.uploads,
    events: services.events,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await page.goto(server.url);
    await page.getByTestId('location-switcher').click();
    await page.getByTestId('switcher-input').fill(LOCATIONS[0].brin6);
    await page.getByTestId('switcher-input').press('Enter');
    await page.getByTestId('nav-check-availability').click();
    await page.getByTestId('check-classes').waitFor();

    // Switches in the page (the switcher, from Enter) and resolves with the time until the class list is painted.
    const switchTo = (brin6: string) => page.evaluate<number>(switchInPage(brin6, `document.querySelector('[data-testid="check-classes"] [role="listitem"]')`));
    const touch = db.prepare('UPDATE locations SET name = name WHERE brin6 = ?');
    let n = 1;
    const next = () => LOCATIONS[n++ % LOCATIONS.length]!.brin6;
    for (let i = 0; i < 4; i++) await switchTo(next()); // warm-up

    const roundTrip = await bridgeRoundTrips(page, RUNS);
    const cold: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const brin6 = next();
      touch.run(brin6);
      cold.push(await switchTo(brin6));
    }
    const unchanged: number[] = [];
    for (let i = 0; i < RUNS; i++) unchanged.push(await switchTo(next()));
    const reference = fromSamples('page: one bridge round trip (app:get-info)', roundTrip);
    report(`Location switch in Chromium, two locations of ${PUPILS} pupils, until step 5 is painted`, [
      reference,
      fromSamples('page: switch to the other location (cold)', cold),
      fromSamples('page: switch to the other location (unchanged)', unchanged),
    ], reference);
  } finally {
    await browser.close();
    await server.close();
    services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
