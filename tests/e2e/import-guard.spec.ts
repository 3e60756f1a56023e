import type { TestInfo } from '@playwright/test';
import fs from 'node:fs';
import { generateEdexml } from '../helpers/generate-edexml';
import { schoolYearOf } from '../../shared/domain/school-year';
import { expect, test } from './fixtures';
import { ACCOUNT_A, addLocation, expectAccessible, importFile, snap } from './support';

test.describe.configure({ timeout: 90_000 });

/** A generated EDEXML file of this school year (the same pupils for the same seed), in the test's output folder. */
function writeFile(testInfo: TestInfo, name: string, text: string): string {
  const path = testInfo.outputPath(name);
  fs.mkdirSync(testInfo.outputDir, { recursive: true });
  fs.writeFileSync(path, text);
  return path;
}
const school = (pupils: number) => generateEdexml({ pupils, seed: 1, schooljaar: schoolYearOf(new Date()) });


test('a file that removes most pupils needs the number typed before Bevestigen works; the log says what went', async ({ page, consoleServer, pageErrors }, testInfo) => {
  const file = (name: string, pupils: number) => writeFile(testInfo, name, school(pupils));
  await page.goto(consoleServer.url);
  await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
  await importFile(page, file('volledig.xml', 300));
  await page.getByTestId('to-confirm').click();
  await expect(page.getByTestId('removal-guard')).toHaveCount(0);
  await page.getByTestId('confirm').click();
  await expect(page.getByRole('heading', { level: 2, name: /Beschikbaar in het portaal/ })).toBeVisible({ timeout: 15_000 }); // the confirm went through
  await expect(page.getByTestId('nav-confirm-school')).toHaveAttribute('data-state', 'done');

  await importFile(page, file('half.xml', 30));
  await page.getByTestId('to-confirm').click();
  const guard = page.getByTestId('removal-guard');
  await expect(guard).toContainText('270 van 300 leerlingen (90 %) verdwijnen bij de centrale dienst.');
  await expect(page.getByTestId('confirm')).toBeDisabled();
  await expectAccessible(page, 'stap 3 met tweede bevestiging');
  await snap(page, testInfo, 'import-guard');
  await page.getByLabel(/Typ 270 om toch te bevestigen/).fill('27');
  await expect(page.getByTestId('confirm')).toBeDisabled();
  await page.getByLabel(/Typ 270 om toch te bevestigen/).fill('270');
  await page.getByTestId('confirm').click();
  // The confirm's own answer (the first confirm's toast may still be on screen): step 4 opens, step 3 is done.
  await expect(page.getByRole('heading', { level: 2, name: /Beschikbaar in het portaal/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('Schoolgegevens bevestigd. Ze worden naar de centrale dienst verstuurd.')).toBeVisible();
  await page.getByRole('button', { name: 'Logboek' }).click();
  await expect(page.getByText(/270 verwijderd/).first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('"Eerdere imports": restore the import before the current one; step 3 shows its diff and it is confirmed like any file', async ({ page, consoleServer, pageErrors }, testInfo) => {
  const file = (name: string, pupils: number) => writeFile(testInfo, name, school(pupils));
  await page.goto(consoleServer.url);
  await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
  for (const [name, pupils] of [['oktober.xml', 300], ['november.xml', 310]] as const) {
    await importFile(page, file(name, pupils));
    await page.getByTestId('to-confirm').click();
    await page.getByTestId('confirm').click();
    await expect(page.getByRole('heading', { level: 2, name: /Beschikbaar in het portaal/ })).toBeVisible({ timeout: 15_000 }); // the confirm went through
  }
  await page.getByTestId('nav-confirm-school').click();
  const rows = page.getByTestId('history-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('november.xml');
  await expect(rows.nth(0)).toContainText('In gebruik');
  await expectAccessible(page, 'eerdere imports');
  await snap(page, testInfo, 'import-history');
  await rows.nth(1).getByRole('button', { name: /oktober\.xml .* terugzetten/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Terugzetten' }).click();
  await expect(page.getByTestId('diff-summary')).toContainText('0 nieuw, 10 verdwenen');
  await expect(page.getByTestId('removal-guard')).toHaveCount(0);
  await page.getByTestId('confirm').click();
  await expect(page.getByRole('heading', { level: 2, name: /Beschikbaar in het portaal/ })).toBeVisible({ timeout: 15_000 }); // the confirm went through
  await page.getByTestId('nav-confirm-school').click();
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('oktober.xml');
  await expect(rows.nth(0)).toContainText('+0 / −10');
  expect(pageErrors).toEqual([]);
});

test('step 3 shows what changed, old → new, in full; a re-keyed pupil is one change; the whole diff downloads as CSV', async ({ page, consoleServer, pageErrors }, testInfo) => {
  const write = (name: string, text: string) => writeFile(testInfo, name, text);
  const base = school(60);
  await page.goto(consoleServer.url);
  await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
  await importFile(page, write('oktober.xml', base));
  await page.getByTestId('to-confirm').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByRole('heading', { level: 2, name: /Beschikbaar in het portaal/ })).toBeVisible({ timeout: 15_000 }); // the confirm went through

  const changed = base
    .replace('<leerling key="00100004"', '<leerling key="NIEUW-04"')
    .replace(/(<leerling key="00100011"[\s\S]*?<jaargroep>)\d+(<\/jaargroep>[\s\S]*?<groep key=")K\d+/, '$116$2K0001');
  await importFile(page, write('november.xml', changed));
  await page.getByTestId('to-confirm').click();
  await expect(page.getByTestId('diff-summary')).toContainText('0 nieuw, 0 verdwenen, 2 gewijzigd');
  await page.getByRole('tab', { name: /Gewijzigde leerlingen/ }).click();
  const rows = page.getByTestId('changed-pupils');
  await expect(rows).toContainText('sleutel gewijzigd: 00100004 → NIEUW-04');
  await expect(rows).toContainText(/jaargroep: 1[1-6] → 16/);
  await expect(rows).toContainText('groep: 2A → 1A');
  await expectAccessible(page, 'stap 3 oud en nieuw');
  await snap(page, testInfo, 'diff-old-new');
  const download = page.waitForEvent('download');
  await page.getByTestId('export-diff').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^verschillen-99ZX10-\d{4}-\d\d-\d\d\.csv$/);
  const csv = fs.readFileSync((await file.path())!, 'utf8');
  expect(csv).toContain('Leerling gewijzigd;NIEUW-04;');
  expect(csv).toContain(';sleutel;00100004;NIEUW-04');
  expect(pageErrors).toEqual([]);
});

test('the confirmed file read again: "gelijk aan de bevestigde gegevens", nothing to confirm, no history entry', async ({ page, consoleServer, pageErrors }, testInfo) => {
  const file = writeFile(testInfo, 'school.xml', school(80));
  await page.goto(consoleServer.url);
  await addLocation(page, ACCOUNT_A.brin6, 'Het Lyceum', ACCOUNT_A.username);
  await importFile(page, file);
  await page.getByTestId('to-confirm').click();
  await page.getByTestId('confirm').click();
  await expect(page.getByTestId('nav-confirm-school')).toHaveAttribute('data-state', 'done', { timeout: 15_000 });

  await importFile(page, file);
  await expect(page.getByTestId('import-identical')).toContainText('Dit bestand is gelijk aan de bevestigde gegevens. Er is niets te bevestigen; er is niets veranderd.');
  await expect(page.getByTestId('to-confirm')).toHaveCount(0);
  await expectAccessible(page, 'stap 2, gelijk bestand');
  // Step 3 still shows the confirmed file, with one entry in its history.
  await page.getByTestId('nav-confirm-school').click();
  await expect(page.getByTestId('import-history').getByRole('row')).toHaveCount(2); // header + the one confirmed import
  expect(pageErrors).toEqual([]);
});
