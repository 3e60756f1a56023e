import type { Page } from '@playwright/test';
import { expect, startConsole, test } from './fixtures';
import { ACCOUNT_A, addLocation, edexmlFile, expectAccessible, signInHere, snap, startReferenceApi } from './support';

test.describe.configure({ timeout: 180_000 });

/** Rows in the DOM of a virtualised list: only those in view, however long the list is. */
async function renderedRows(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).getByRole('listitem').count();
}

test('a school of 30,000 pupils: progress while reading, capped diff, virtualised lists, all classes green', async ({ page, pageErrors }, testInfo) => {
  const api = await startReferenceApi();
  const console = await startConsole(undefined, { api: api.origin });
  const file = edexmlFile(testInfo, ACCOUNT_A.brin6, 30_000, 5);
  try {
    await page.goto(console.url);
    await addLocation(page, ACCOUNT_A.brin6, 'Grote scholengemeenschap', ACCOUNT_A.username);
    await signInHere(page, ACCOUNT_A.password);
    await page.getByTestId('nav-import').click();
    await page.getByTestId('file-input').setInputFiles(file);
    // The progress bar is there while the file is handed over and read.
    await expect(page.getByTestId('import-progress')).toBeVisible();
    await expect(page.getByTestId('import-progress').locator('progress')).toBeVisible();
    await expect(page.getByTestId('import-stored')).toContainText('30.000 leerlingen', { timeout: 60_000 });
    await expect(page.getByTestId('import-stored')).toContainText('1.071 klassen en 357 clustergroepen');

    await page.getByTestId('to-confirm').click();
    await expect(page.getByRole('tab', { name: /Leerlingen/ })).toContainText('30.000');
    await expect(page.getByText('De eerste 500 van 30.000.')).toBeVisible();
    expect(await page.getByRole('tab', { name: /Leerlingen/ }).getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('confirm').click();

    await expect(page.getByTestId('portal-classes')).toBeVisible({ timeout: 90_000 });
    // Counted as step 3 counts them: cluster groups apart from classes (issue 33: "1.428 klassen" here).
    await expect(page.getByTestId('portal-totals')).toHaveText('1.071 klassen en 357 clustergroepen, 30.000 leerlingen bij de centrale dienst');
    expect(await renderedRows(page, 'portal-classes')).toBeLessThan(60);
    await snap(page, testInfo, '4-beschikbaar-in-het-portaal-30000');

    await page.getByRole('button', { name: 'Naar stap 5: controleren' }).click();
    await expect(page.getByTestId('check-summary')).toContainText('compleet');
    const list = page.getByTestId('check-classes');
    const total = Number((await list.getByRole('listitem').first().getAttribute('aria-setsize')) ?? '0');
    expect(total).toBeGreaterThan(1000);
    expect(await renderedRows(page, 'check-classes')).toBeLessThan(60);
    // Scroll to the end: the last class is rendered, still with only a window of rows in the DOM.
    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(list.locator(`[aria-posinset="${total}"]`)).toBeVisible();
    expect(await renderedRows(page, 'check-classes')).toBeLessThan(60);
    await list.locator(`[aria-posinset="${total}"]`).getByRole('button').click();
    await expect(page.getByTestId('class-pupils').getByTestId('pupil-status').first()).toHaveText('aanwezig');
    await page.getByTestId('pupil-search').fill('de');
    await expect(page.getByTestId('search-count')).toHaveText('De eerste 200 treffers; typ meer om te verfijnen.');
    expect(await renderedRows(page, 'pupil-list')).toBeLessThan(60);
    await expectAccessible(page, 'stap 5 met 30.000 leerlingen');
    expect(pageErrors).toEqual([]);
  } finally {
    await console.stop();
    await api.stop();
  }
});
