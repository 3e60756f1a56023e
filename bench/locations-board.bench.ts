/**
 * A school board: 60 locations of 2,000 pupils each (a confirmed import at every one). In Debian's Chromium on the
 * built renderer in browser mode: "Mijn schoollocaties" opened from a location's step until all 60 table rows are
 * painted; the toggle to the card view (the screen as it was before the table) and back; a switch with the switcher
 * (from Enter until the other location's steps show). Over the browser-mode HTTP transport, as the page does it: 30
 * files of 2,000 pupils imported one by one into their locations (upload + import:start) against the same 30 files
 * routed by their BRIN6 (upload + import:route). Reference in the same run: one bridge round trip from the page.
 * Needs `npm run build` first.
 */
import { chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addLocation } from '../main/accounts/accounts';
import { createServices } from '../main/app/services';
import { startBrowserServer } from '../main/browser/server';
import { createDispatcher } from '../main/bridge/registry';
import { importConfirmed } from '../tests/helpers/import';
import { generateEdexml } from '../tests/helpers/generate-edexml';
import { fromSamples, report } from './lib';
import type { Figures } from './lib';
import { CHROMIUM, bridgeRoundTrips, rendererForBench, switchInPage } from './page';

const LOCATIONS = Array.from({ length: 60 }, (_, i) => ({ brin6: `${String(10 + i)}BD01`, name: `Stichtingsschool ${String(i + 1).padStart(2, '0')}` }));
const PUPILS = 2000;
const RUNS = 15;
const TODAY = new Date('2025-10-01T12:00:00Z');

/** Page code: clicks `selector`, resolves with the ms until `done` holds in an animation frame. */
const timeClick = (selector: string, done: string) => `new Promise((resolve) => {
  const start = performance.now();
  document.querySelector(${JSON.stringify(selector)}).click();
  const frame = () => ((${done}) ? resolve(performance.now() - start) : requestAnimationFrame(frame));
  requestAnimationFrame(frame);
})`;

export async function run(): Promise<void> {
  const rendererDir = rendererForBench();
  if (!rendererDir) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-bench-board-'));
  const services = createServices({ dataDir: dir, mode: 'browser', version: '0.0.0-bench', today: () => TODAY });
  const db = services.database!.db;
  const files = new Map<string, string>();
  for (const [i, l] of LOCATIONS.entries()) {
    addLocation(db, { ...l, username: '' });
    const text = generateEdexml({ pupils: PUPILS, seed: i + 1, brincode: l.brin6.slice(0, 4), dependancecode: l.brin6.slice(4) });
    files.set(l.brin6, text);
    const file = path.join(dir, `${l.brin6}.xml`);
    fs.writeFileSync(file, text);
    const imported = importConfirmed(db, file, { brin6: l.brin6, sourceName: `${l.brin6}.xml`, today: TODAY });
    if (!imported.ok) throw new Error(`bench import failed: ${JSON.stringify(imported.findings.slice(0, 3))}`);
  }
  const server = await startBrowserServer({ dispatch: createDispatcher(services.handlers), rendererDir, uploads: services.uploads, events: services.events });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const rows: Figures[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.getByTestId('locations-table').waitFor();
    const roundTrip = await bridgeRoundTrips(page, RUNS);
    const reference = fromSamples('page: one bridge round trip (app:get-info)', roundTrip);
    rows.push(reference);

    const tableRows = `document.querySelectorAll('[data-testid="locations-table"] tbody tr').length === ${LOCATIONS.length}`;
    const cards = `document.querySelectorAll('.location-card').length === ${LOCATIONS.length}`;
    const stepsShown = `document.querySelector('[data-testid="nav-sign-in"][data-state]')`;
    let n = 0;
    const next = () => LOCATIONS[n++ % LOCATIONS.length]!.brin6;
    const open: number[] = [];
    const switches: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const switched = await page.evaluate<number>(switchInPage(next(), stepsShown));
      const opened = await page.evaluate<number>(timeClick('.sidenav .nav-item', tableRows));
      if (i >= 3) {
        switches.push(switched);
        open.push(opened);
      }
    }
    rows.push(fromSamples(`page: open the overview, ${LOCATIONS.length} table rows painted`, open));
    const toCards: number[] = [];
    const toTable: number[] = [];
    for (let i = 0; i < RUNS + 3; i++) {
      const c = await page.evaluate<number>(timeClick('[data-testid="layout-cards"]', cards));
      const t = await page.evaluate<number>(timeClick('[data-testid="layout-table"]', tableRows));
      if (i >= 3) {
        toCards.push(c);
        toTable.push(t);
      }
    }
    rows.push(fromSamples(`page: card view of ${LOCATIONS.length} painted (as before)`, toCards));
    rows.push(fromSamples(`page: table view of ${LOCATIONS.length} painted`, toTable));
    rows.push(fromSamples(`page: switch location (${LOCATIONS.length}), steps shown`, switches));
    report(`A school board in Chromium: ${LOCATIONS.length} locations × ${PUPILS} pupils`, rows, reference);

    // 30 files: one by one into their own location, against routed by the BRIN6 each names; interleaved rounds.
    const post = async (method: string, input: unknown) => {
      const res = await fetch(`${server.origin}/bridge/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
        body: JSON.stringify({ input }),
      });
      const body = (await res.json()) as { ok: boolean; value?: { kind?: string } };
      if (!body.ok) throw new Error(`${method}: HTTP ${res.status}`);
      return body.value;
    };
    // Each upload one pupil's name different: the file confirmed at set-up (or read just before) would be "identical".
    let edits = 0;
    const upload = async (brin6: string) => {
      const body = files.get(brin6)!.replace('<achternaam>', `<achternaam>V${++edits} `);
      const res = await fetch(`${server.origin}/upload`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'x-file-name': `${brin6}.xml` }, body });
      return ((await res.json()) as { value: { uploadId: string } }).value.uploadId;
    };
    const thirty = LOCATIONS.slice(0, 30).map((l) => l.brin6);
    const oneByOne: number[] = [];
    const routed: number[] = [];
    for (let round = 0; round < 3; round++) {
      let start = performance.now();
      for (const brin6 of thirty) {
        const outcome = await post('import:start', { brin6, uploadId: await upload(brin6) });
        if (outcome?.kind !== 'stored') throw new Error(`import:start ${brin6}: ${outcome?.kind}`);
      }
      oneByOne.push(performance.now() - start);
      start = performance.now();
      for (const brin6 of thirty) {
        const outcome = await post('import:route', { uploadId: await upload(brin6) });
        if (outcome?.kind !== 'stored') throw new Error(`import:route ${brin6}: ${outcome?.kind}`);
      }
      routed.push(performance.now() - start);
    }
    const byOne = fromSamples(`30 files × ${PUPILS} pupils, one by one (import:start)`, oneByOne);
    report('Many files at once, over HTTP as the page does it', [byOne, fromSamples(`30 files × ${PUPILS} pupils, routed by BRIN6 (import:route)`, routed)], byOne);
  } finally {
    await browser.close();
    await server.close();
    services.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
