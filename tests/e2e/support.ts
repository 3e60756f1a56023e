import type { Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect } from './fixtures';
import { generateEdexml } from '../helpers/generate-edexml';
import { startApi } from '../helpers/api-server';
import type { RunningApi } from '../helpers/api-server';
import { schoolYearOf } from '../../shared/domain/school-year';

export const EXAMPLE_FILE = path.resolve(import.meta.dirname, '../../../shared/edexml/examples/EDEXML.Voorbeeld.2.1.xml');

/** The official example's school (99ZZ00) gets its own portal account on the reference server. */
export const EXAMPLE_ACCOUNT = { brin6: '99ZZ00', username: 'beheerder.99zz00', password: 'demo-wachtwoord-00' };
export const ACCOUNT_A = { brin6: '99ZX10', username: 'beheerder.99zx10', password: 'demo-wachtwoord-10' };
export const ACCOUNT_B = { brin6: '99ZX11', username: 'beheerder.99zx11', password: 'demo-wachtwoord-11' };

/** The reference API with the two demo accounts plus one for the official example file. */
export async function startReferenceApi(flags: string[] = []): Promise<RunningApi> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'beheerconsole-e2e-accounts-'));
  const accounts = path.join(dir, 'accounts.json');
  fs.writeFileSync(
    accounts,
    JSON.stringify([ACCOUNT_A, ACCOUNT_B, EXAMPLE_ACCOUNT].map((a) => ({ username: a.username, password: a.password, brin6: [a.brin6] }))),
  );
  const api = await startApi(['--accounts', accounts, ...flags]);
  return {
    ...api,
    async stop() {
      await api.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A generated EDEXML file of one location, for the current school year, in the test's output folder. */
export function edexmlFile(
  testInfo: TestInfo,
  brin6: string,
  pupils: number,
  seed = 7,
  extra: { teachersWithoutEmail?: number; twinTeachers?: boolean } = {},
): string {
  const file = testInfo.outputPath(`edexml-${brin6}-${pupils}-${seed}.xml`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    generateEdexml({ pupils, seed, brincode: brin6.slice(0, 4), dependancecode: brin6.slice(4), schooljaar: schoolYearOf(new Date()), ...extra }),
  );
  return file;
}

/** axe-core's own script, put into a page once (it stays there until the page navigates). */
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: ReadonlyArray<{ readonly target: readonly string[] }>;
}

/**
 * axe-core on the page as it is now: no serious or critical violations allowed. axe runs in the page itself
 * (`axe.run` on the document, WCAG 2.0/2.1 A and AA and best practices). Why not @axe-core/playwright's AxeBuilder:
 * it injects axe again for every check and finishes each run in a new blank page — 1.5 s per check here against
 * 0.2 s for the same rules run in place (the app has no frames, so there is nothing else to collect); with ~57 checks
 * that was a third of the end-to-end suite.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const present = await page.evaluate(() => 'axe' in window);
  if (!present) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: [...n.target] })) }));
  }, AXE_TAGS);
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe-core on ${screen}`).toEqual([]);
}

/**
 * Elements that are wider than their box and would show a horizontal scrollbar (or cut their content): the window,
 * the content area, and every scroll container, card and table of the screen. Text cut on purpose ("…", with its
 * full text in a title or a details view) does not count: it does not scroll.
 */
export async function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    if (root.scrollWidth > window.innerWidth + 1) found.push(`venster: ${root.scrollWidth} px in ${window.innerWidth} px`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.content, .table-scroll, .card, .screen, .notice, header, .statusbar, dialog[open]'))) {
      if (el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        const name = `${el.tagName.toLowerCase()}${el.dataset['testid'] ? `[data-testid=${el.dataset['testid']}]` : ''}.${Array.from(el.classList).join('.')}`;
        found.push(`${name}: ${el.scrollWidth} px in ${el.clientWidth} px`);
      }
    }
    return found;
  });
}

/**
 * Saves a screenshot of the window (the app scrolls inside it) under the test's output folder — at 1366×768, the
 * school laptop every screen is designed for (playwright.config.ts) — and checks that nothing on it overflows sideways.
 */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  const size = page.viewportSize();
  if (size?.width === 1366 && size.height === 768) expect(await horizontalOverflow(page), `${name}: niets mag horizontaal overlopen bij 1366×768`).toEqual([]);
}

export async function addLocation(page: Page, brin6: string, name: string, username: string): Promise<void> {
  await page.getByRole('button', { name: 'Mijn schoollocaties' }).click();
  await page.getByLabel('BRIN6-code').fill(brin6);
  await page.getByLabel('Naam van de school of locatie').fill(name);
  await page.getByLabel('Gebruikersnaam portaalaccount').fill(username);
  await page.getByRole('button', { name: 'Locatie toevoegen' }).click();
  await expect(page.getByRole('heading', { level: 2, name: /Aanmelden/ })).toBeVisible();
  await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', brin6);
}

/** The switcher you type into: open it by mouse, type the BRIN6, Enter. */
export async function switchTo(page: Page, brin6: string): Promise<void> {
  await page.getByTestId('location-switcher').click();
  await page.getByTestId('switcher-input').fill(brin6);
  await page.getByTestId('switcher-input').press('Enter');
  await expect(page.getByTestId('location-switcher')).toHaveAttribute('data-value', brin6);
}

export async function signInHere(page: Page, password: string): Promise<void> {
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
  await expect(page.getByTestId('signed-in')).toBeVisible();
}

export async function importFile(page: Page, file: string): Promise<void> {
  await page.getByTestId('nav-import').click();
  // Choose the file once step 2 has settled (it knows what this location already has), as a person would.
  await expect(page.getByTestId('import-empty').or(page.getByTestId('pending-import')).or(page.getByTestId('confirmed-import'))).toBeVisible();
  await page.getByTestId('file-input').setInputFiles(file);
}

/** Fills "Nieuwe gebruiker" (step 6) and saves it. */
export async function addUserByHand(page: Page, user: { voornaam: string; achternaam: string; email: string; voorvoegsel?: string }): Promise<void> {
  await page.getByTestId('add-user').click();
  const form = page.getByTestId('user-form');
  await form.getByLabel('Voornaam').fill(user.voornaam);
  if (user.voorvoegsel !== undefined) await form.getByLabel('Voorvoegsel').fill(user.voorvoegsel);
  await form.getByLabel('Achternaam').fill(user.achternaam);
  await form.getByLabel('E-mailadres').fill(user.email);
  await form.getByRole('button', { name: 'Opslaan' }).click();
}

/**
 * Clicks `testId` the instant a toast containing `text` enters the page — in the same turn of the event loop, before
 * React's effects run. What a fast admin (or a fast test runner) can do: a toast that says "opgeslagen" must mean the
 * screen already knows it is saved. Resolves once the click happened.
 */
export async function clickAsToastAppears(page: Page, text: string, testId: string): Promise<void> {
  await page.evaluate(
    ({ text, testId }) => {
      const done = (window as unknown as { __clickedOnToast?: boolean });
      done.__clickedOnToast = false;
      const observer = new MutationObserver(() => {
        const toast = document.querySelector('[data-testid="toast"]');
        if (!toast?.textContent?.includes(text)) return;
        observer.disconnect();
        document.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.click();
        done.__clickedOnToast = true;
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    },
    { text, testId },
  );
}

export async function clickedOnToast(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __clickedOnToast?: boolean }).__clickedOnToast === true);
}
